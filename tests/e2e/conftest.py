"""Playwright against pytest-django's live server, with Debian's Chromium (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@pytest.fixture(autouse=True)
def allow_orm_calls_beside_playwright(monkeypatch):
    """Let the tests' ORM calls run while Playwright's sync API holds an event loop in this
    thread (they are synchronous and safe); set per test so it never leaks elsewhere."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """A Chromium per test: other e2e modules start their own Playwright, and two sync
    Playwright instances cannot run at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
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
        # Playwright's sync API gives this thread a running event loop, so ORM calls made
        # meanwhile (fixtures, test bodies) got database connections of their own context;
        # close them here, inside that context, or PostgreSQL keeps them open past the run.
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
