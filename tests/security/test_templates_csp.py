"""No template can break the Content Security Policy: no inline script, style or handler."""

import re
from pathlib import Path

import crispy_bootstrap5
import pytest
from django.conf import settings

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    Path(crispy_bootstrap5.__file__).parent / "templates",
]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def test_it_finds_the_templates():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_ELEMENT, EVENT_HANDLER, JAVASCRIPT_URL],
    ids=["inline script", "style attribute", "style element", "event handler", "javascript url"],
)
def test_it_has_no_inline_code_in_any_template(pattern):
    offenders = [
        f"{path}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []
