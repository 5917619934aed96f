"""How many advice and board pages a small production setup serves, as ratios to /healthz.

Starts gunicorn (``--workers`` sync workers, ``DEBUG=false``) on PostgreSQL with the demo data
(``manage.py load_demo``) and loads it with ``--connections`` concurrent HTTP clients, one
endpoint at a time for ``--seconds`` each: ``/healthz`` (the reference: a request and one
database query), a facility manager's school advice page and the board overview. It prints
requests per second per endpoint and each page's ratio to ``/healthz`` measured in the same
run, so a busy machine disturbs the reference and the pages alike (goal: at least 1/6).

The load generator runs in this process (asyncio, one connection per request, as gunicorn's
sync workers close each connection); on a small machine it competes with the workers for CPU,
which lowers all figures alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seapp_bench \\
        .venv/bin/python bench/page.py [--seconds 10] [--connections 16] [--workers 2]

The database named in ``DATABASE_URL`` is migrated and filled with the demo data; use one of
its own.
"""

from __future__ import annotations

import asyncio
import os
import platform
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchsetup import ROOT, command_line, project_on_path

PYTHON = sys.executable
DEMO_MANAGER = "fm.vincentius"
DEMO_BOARD_STAFF = "bestuur.meetjesland"


def server_env(database_url: str) -> dict[str, str]:
    """Return the gunicorn server's environment: production settings, served over plain HTTP."""
    project_on_path()
    from tests.conftest import PLAIN_HTTP

    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="bench-only-insecure-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="immediate",
        **PLAIN_HTTP,  # the load generator speaks plain HTTP to 127.0.0.1
    )
    return env


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate, load the demo data and return session cookies and page paths."""
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    script = f"""
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from schools.models import School, User

def session(username):
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "schools.auth.UserBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

school = School.objects.get(name="Sint-Vincentiusinstituut Eeklo")
print(session("{DEMO_MANAGER}"), session("{DEMO_BOARD_STAFF}"), school.pk, school.board_id)
"""
    out = subprocess.run(
        [*manage, "shell", "-c", script], env=env, check=True, cwd=ROOT, capture_output=True
    )
    manager, staff, school, board = out.stdout.decode().split()[-4:]
    return {
        "manager": manager,
        "staff": staff,
        "advice": f"/scholen/{school}/advies/",
        "board": f"/besturen/{board}/",
    }


async def fetch(port: int, path: str, cookie: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookie:
        request += f"Cookie: sessionid={cookie}\r\nAccept-Language: nl-BE\r\n"
    writer.write((request + "\r\n").encode())
    await writer.drain()
    status_line = await reader.readline()
    while await reader.read(65536):
        pass
    writer.close()
    return int(status_line.split()[1])


async def load(port: int, path: str, cookie: str, connections: int, seconds: float):
    """Return (requests per second, count, failures) for ``path`` under ``connections``."""
    deadline = time.perf_counter() + seconds
    done, failed = 0, 0

    async def client():
        nonlocal done, failed
        while time.perf_counter() < deadline:
            status = await fetch(port, path, cookie)
            done += 1
            failed += status != 200

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return done / (time.perf_counter() - start), done, failed


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> None:
    args = command_line(__doc__, seconds=10.0, connections=16, workers=2, port=8093)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of the benchmark's own.")
    env = server_env(database_url)
    pages = prepare(env)
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "seapp.wsgi",
            f"--workers={args.workers}",
            f"--bind=127.0.0.1:{args.port}",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(args.port)
        targets = [
            ("/healthz", "/healthz", ""),
            ("school advice", pages["advice"], pages["manager"]),
            ("board overview", pages["board"], pages["staff"]),
        ]
        for _name, path, cookie in targets:  # warm every worker's caches and connections
            for _ in range(args.workers * 4):
                assert asyncio.run(fetch(args.port, path, cookie)) == 200, path
        print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
        print(f"gunicorn {args.workers} workers, {args.connections} connections, PostgreSQL")
        results = {}
        for name, path, cookie in targets:
            rps, count, failed = asyncio.run(
                load(args.port, path, cookie, args.connections, args.seconds)
            )
            results[name] = rps
            print(f"{name:16} {rps:8.1f} req/s ({count} requests, {failed} not 200)")
        reference = results["/healthz"]
        for name in ("school advice", "board overview"):
            ratio = results[name] / reference
            print(f"{name:16} 1/{1 / ratio:.1f} of /healthz ({ratio:.3f}); goal at least 1/6")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
