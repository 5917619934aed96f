"""Real ``manage.py db_worker`` processes for the tests that need the task queue's real worker.

They run on the test database, so only on PostgreSQL (the database the test and the workers
both reach; SQLite's test database lives in the test's memory): mark such tests
``postgresql`` and ``slow``, with committed data (``django_db(transaction=True)``), and switch
the test's own backend to the database queue (``settings.TASKS = DATABASE_TASKS``) so what the
test's requests queue lands where the workers look.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from tests.conftest import SETTINGS_VARIABLES

BASE_DIR = Path(__file__).resolve().parents[1]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url() -> str:
    """Return the ``DATABASE_URL`` of the test's PostgreSQL database."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Worker processes started with ``start(name)``; ``stop()`` ends them all."""

    def __init__(self, **variables: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
        self.env |= {
            "SECRET_KEY": "test-only-insecure-key",
            "DATABASE_URL": database_url(),
            "TASKS_BACKEND": "database",
            **variables,
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs = BASE_DIR / "test-artifacts" / "workers"
        self.logs.mkdir(parents=True, exist_ok=True)

    def start(self, name: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]
            + ["--no-startup-delay", "--worker-id", name, "--verbosity", "2"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
