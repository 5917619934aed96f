"""Playwright against pytest-django's live server, with Debian's Chromium (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, each test in fresh browser contexts (``new_page``).

    Module-scoped, not session-scoped: between its calls Playwright's sync API marks an event
    loop as running in this thread, which Django's ORM refuses; a module's lifetime keeps that
    to the e2e modules (a worker runs a module's tests one after the other, even when another
    worker takes some of them). The ORM calls of the tests (synchronous and safe) are allowed
    for as long as the loop is there.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture(autouse=True)
def close_connections_after_each_test():
    """Playwright's sync API gives this thread a running event loop, so ORM calls made
    meanwhile (fixtures, test bodies) get database connections of their own context; close
    them at the end of each test, inside that context, or PostgreSQL keeps them open."""
    yield
    connections.close_all()


@pytest.fixture
def new_page(browser):
    """Return a function that opens a fresh page (own cookies) in Dutch."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    """Return a function that saves a full-page screenshot under test-artifacts/e2e/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
