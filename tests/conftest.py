"""Shared fixtures: a cast of users, a runner for commands in a clean environment, and a quick
stand-in for the PDF renderer where a test checks access, dates or storage, not the PDF itself.

Tests that use ``run_python`` (a fresh Python process) are marked ``slow``; so are the modules
that render real PDFs or run ``load_demo`` (``make test-fast`` leaves them out).
"""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Every variable seapp/settings.py reads; subprocess runs start without any of them so the
# parent's environment (a developer's shell, CI's DATABASE_URL) cannot leak into a test.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "TASKS_BACKEND",
    "STATIC_MANIFEST",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "LOG_LEVEL",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES",
    "REPORT_RENDER_SECONDS",
    "REPORT_RENDER_MEMORY_MB",
    "REPORT_RENDER_WAIT_SECONDS",
    "REPORT_BUNDLE_STALE_SECONDS",
    "REPORT_BUNDLE_DEADLINE_SECONDS",
    "REPORT_RETENTION_DAYS",
    "DJANGO_SETTINGS_MODULE",
    "ENV_FILE",
)

RunPython = Callable[..., subprocess.CompletedProcess]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that starts a subprocess through ``run_python`` as slow; leave out the
    ``postgresql`` tests when the suite runs on SQLite (``.ci/run``'s PostgreSQL pass runs them).
    """
    from django.conf import settings

    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    kept, left_out = [], []
    for item in items:
        if "run_python" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("postgresql") and not on_postgresql:
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture
def quick_render(monkeypatch):
    """Store a small placeholder instead of rendering the report with WeasyPrint.

    For tests of who may download, which date is used and what is stored: the advice is still
    evaluated and the report row stored as usual, only the seconds of PDF layout are skipped;
    the quick scan's PDF (rendered in its request, never stored) gets the same placeholder.
    Tests that read the PDF back use the real renderer.
    """
    from reports import storage, views

    def render(
        advice, ruleset, subject, *, board_advice=None, kind="full", organisations=None
    ) -> bytes:
        return f"%PDF-1.7 placeholder {kind} {subject.number} {advice.on.isoformat()}\n".encode()

    monkeypatch.setattr(storage, "render_report_pdf", render)
    monkeypatch.setattr(views, "render_report_pdf", render)


@pytest.fixture
def run_python() -> RunPython:
    """Return a function that runs `python <args>` in the project folder with a clean env.

    Only the variables passed as keywords are set (on top of a fixed test SECRET_KEY unless
    SECRET_KEY=None is passed, and no .env file unless ENV_FILE names one), so each test
    states the whole configuration it relies on.
    """

    def run(*args: str, **variables: str | None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
        env["SECRET_KEY"] = "test-only-insecure-key"
        env["ENV_FILE"] = ""  # a developer's .env must not leak in either
        for name, value in variables.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return subprocess.run(
            [sys.executable, *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )

    return run


@pytest.fixture
def user(django_user_model):
    """A school employee without staff rights."""
    return django_user_model.objects.create_user(
        username="an.peeters",
        email="an.peeters@school.example",
        password="een-lang-wachtwoord-42",
        first_name="An",
        last_name="Peeters",
    )


@pytest.fixture
def staff_user(django_user_model):
    """A department employee who may use the admin."""
    return django_user_model.objects.create_user(
        username="bart.wse",
        email="bart@wse.example",
        password="een-lang-wachtwoord-42",
        is_staff=True,
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache, so a page cached by one test never serves another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
