"""The README's commands: `make demo` on a chosen port, and the package metadata pip reads."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _dry_run(*args: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603 (a fixed command of the project's own Makefile)
        [make, "-n", "demo", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_it_serves_the_demo_on_port_8000_by_default():
    assert "runserver 127.0.0.1:8000" in _dry_run()


def test_it_serves_the_demo_on_the_port_given():
    assert "runserver 127.0.0.1:8013" in _dry_run("PORT=8013")


def test_it_names_the_licence_as_an_spdx_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
