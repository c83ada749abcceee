"""The browser tests: Chromium driven through Playwright (see conftest.py)."""

import pytest

# Set once Playwright has started in this test process (conftest.py, ``playwright``).
BROWSER_STARTED = pytest.StashKey[bool]()
