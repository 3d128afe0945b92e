"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

Skipped only when ``playwright`` cannot be imported or no Chromium binary exists; CI installs
both (``apt-get install chromium``; ``pip install playwright``). Playwright's bundled browsers
are not needed: set ``CHROMIUM_PATH`` to use another binary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")


def chromium_path() -> str | None:
    """Debian's Chromium binary (the real one, not the /usr/bin wrapper script), if any."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and (Path(candidate).is_file() or shutil.which(candidate)):
            return candidate if Path(candidate).is_file() else shutil.which(candidate)
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real browser (Playwright + Chromium) against live_server"
    )


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium launched by Playwright (as root Playwright adds --no-sandbox).

    Module-scoped: Playwright's event loop lives only as long as the browser tests need it.
    """
    # In CI (scripts/test installs both) a missing browser is a failure, never a quiet skip.
    skip = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    try:
        from playwright import sync_api
    except ImportError:
        skip("playwright is not installed (pip install -e '.[testing]')")
    executable = chromium_path()
    if executable is None:
        skip("no Chromium binary (apt-get install chromium, or set CHROMIUM_PATH)")
    # Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
    # (test database set-up included) from it unless told the loop serves no async code.
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True)
            yield browser
            browser.close()


@pytest.fixture
def browser_page(chromium) -> Iterator:
    """A fresh browser tab with an English UI and a desktop-sized viewport."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
