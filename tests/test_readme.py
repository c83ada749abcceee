"""README.md documents every environment variable that pphw/settings.py reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r"""(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_it_documents_every_variable_the_settings_read():
    names = set(READ.findall((ROOT / "pphw" / "settings.py").read_text()))
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "SESSION_IDLE_MINUTES"} <= names
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"| `{name}` |" not in readme)
    assert missing == [], f"README.md's configuration table lacks {missing}"


def test_it_lists_the_demo_logins_and_their_password():
    readme = (ROOT / "README.md").read_text()
    for login in ("morag", "callum", "aileen", "ravi", "isla", "euan", "fatima", "fiona"):
        assert f"`{login}`" in readme
    assert "`pphw-demo`" in readme
