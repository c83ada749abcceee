"""The layers of docs/architecture.md hold: import-linter's contracts in pyproject.toml pass."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (a fixed command of the project's own environment)
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_keeps_every_import_contract():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_lists_every_app_in_the_layers():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {
        name.strip().strip("()") for layer in layers for name in layer.replace("|", ":").split(":")
    }
    local = {
        app.name
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT) and ".venv" not in Path(app.path).parts
    }
    assert {"pphw.people", "pphw.me", "pphw.demo", "outcomes"} <= local
    assert local <= named, f"Apps missing from the layers contract: {sorted(local - named)}"
    doc = (ROOT / "docs" / "architecture.md").read_text()
    for name in named:
        assert name in doc, f"docs/architecture.md does not mention the layer {name}"
