"""Shared fixtures: a cast of users, a runner for commands in a clean environment, a quick
stand-in for the PDF renderer where a test checks access, dates or storage, not the PDF itself,
and rows made once for a whole test module (``rows_for_the_module``).

Tests that use ``run_python`` (a fresh Python process) are marked ``slow``; so are the tests
that render real PDFs, start other processes, run ``load_demo`` or migrate the database back
and forth (``make test-fast`` leaves them out).
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

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

# The variables that turn the HTTPS defaults off for a plain-HTTP test host (seapp/settings.py).
PLAIN_HTTP = {
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
}

RunPython = Callable[..., subprocess.CompletedProcess]
T = TypeVar("T")


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


class QuickRender:
    """The stand-in renderer in place (see ``quick_render``); ``real()`` brings the real one
    back for a block, for a test that reads only its last report back."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from reports import storage, views

        # Stored reports are made in reports.storage; the quick scan's PDF in reports.views.
        self._modules = (storage, views)
        self._real_render = storage.render_report_pdf
        for module in self._modules:
            monkeypatch.setattr(module, "render_report_pdf", self._render)

    @staticmethod
    def _render(
        advice, ruleset, subject, *, board_advice=None, kind="full", organisations=None
    ) -> bytes:
        return f"%PDF-1.7 placeholder {kind} {subject.number} {advice.on.isoformat()}\n".encode()

    @contextmanager
    def real(self) -> Iterator[None]:
        for module in self._modules:
            module.render_report_pdf = self._real_render
        try:
            yield
        finally:
            for module in self._modules:
                module.render_report_pdf = self._render


@pytest.fixture
def quick_render(monkeypatch) -> QuickRender:
    """Store a small placeholder instead of rendering the report with WeasyPrint.

    For tests of who may download, which date is used and what is stored: the advice is still
    evaluated and the report row stored as usual, only the seconds of PDF layout are skipped;
    the quick scan's PDF (rendered in its request, never stored) gets the same placeholder.
    Tests that read the PDF back use the real renderer (``quick_render.real()``).
    """
    return QuickRender(monkeypatch)


@pytest.fixture
def workers(settings):
    """The database task queue for the test's requests (and a live server's), and real
    ``db_worker`` processes the test starts (``tests/workers.py``), stopped when it ends."""
    from tests.workers import DATABASE_TASKS, Workers

    settings.TASKS = DATABASE_TASKS
    started = Workers()
    yield started
    started.stop()


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
def user(db):
    """A school employee without staff rights."""
    from tests.factories import make_user

    return make_user(
        "an.peeters", email="an.peeters@school.example", first_name="An", last_name="Peeters"
    )


@pytest.fixture
def staff_user(db):
    """A department employee who may use the admin."""
    from tests.factories import make_user

    return make_user("bart.wse", email="bart@wse.example", is_staff=True)


@pytest.fixture
def route(db):
    """A draft route ("proef", see ``factories.make_route``) to hang a test's conditions on."""
    from tests.factories import make_route

    return make_route()


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache, so a page cached by one test never serves another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """End each test in the site's default language.

    The test client runs a request in the test's own thread, and the locale middleware leaves
    that request's language active: without this, a test that asks for a page in English would
    leave English to the next test on the same worker.
    """
    from django.utils import translation

    yield
    translation.deactivate()


def rows_for_the_module(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    """Yield what ``make()`` returns, with the rows it wrote kept for a whole test module.

    For a module-scoped fixture (``yield from rows_for_the_module(django_db_blocker, make)``)
    that makes rows every test of the module starts from, such as a published rule set: an
    outer transaction holds them until the module ends and is then rolled back. Each test's own
    transaction (``django_db``, not ``transaction=True``) is a savepoint inside it, so what a
    test changes is still undone after it, and the next test starts from the same rows.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
