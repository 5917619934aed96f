"""CPU and database round trips per request of the advice and board pages, beside /healthz.

Runs the requests of ``bench/page.py`` (``/healthz``, a facility manager's school advice page,
the board overview; ``DEBUG=false``, PostgreSQL, the demo data) in this process, through the
WSGI application gunicorn serves, without HTTP or a load generator. So other work on the
machine changes the figures little, unlike ``bench/page.py``'s requests per second.

The endpoints take turns in ``--rounds`` rounds and each figure is the median of its rounds,
so a spell of other work on the machine weighs little. For each endpoint it prints, per
request: the CPU of this process (``time.process_time``, in milliseconds), the CPU of the
PostgreSQL backend serving it (from ``/proc/<pid>/stat``, 10 ms ticks, so only meaningful over
some hundreds of requests; ``-`` when not readable), the SQL statements Django sent and the
connection health checks (one ``SELECT 1`` per request with ``CONN_HEALTH_CHECKS``). Then each
page's CPU as a ratio of /healthz's, the in-process estimate of ``bench/page.py``'s ratio:
gunicorn's own work per request (HTTP parsing, the socket) is not in it, so the real ratio is
somewhat better.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seapp_bench \\
        .venv/bin/python bench/request_cost.py [--requests 600] [--rounds 5] [--profile ""]

``--profile advice`` (or ``board``, ``healthz``) runs that endpoint's requests under cProfile
(CPU time) instead and prints the functions by cumulative and by own time (``--top 35`` rows
each). The database in ``DATABASE_URL`` is migrated and filled with the demo data; use one of
its own.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchsetup import command_line, setup_django
from page import prepare, server_env

TICKS = os.sysconf("SC_CLK_TCK")


def wsgi_caller(application, path: str, cookie: str) -> Callable[[], int]:
    """Return a function that sends one GET of ``path`` through ``application``: its status."""

    def call() -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8093",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_CONNECTION": "close",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if cookie:
            environ["HTTP_COOKIE"] = f"sessionid={cookie}"
            environ["HTTP_ACCEPT_LANGUAGE"] = "nl-BE"
        status = []
        response = application(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            for _chunk in response:
                pass
        finally:
            if hasattr(response, "close"):
                response.close()  # sends request_finished, as a WSGI server does
        return int(status[0].split()[0])

    return call


def backend_cpu(pid: int | None) -> float | None:
    """CPU seconds the PostgreSQL backend ``pid`` used so far (None when not readable)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def measure(call: Callable[[], int], requests: int) -> dict[str, float | None]:
    """Run ``call`` ``requests`` times; return CPU, backend CPU, statements, checks per request."""
    from django.db import connection

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    checks = 0
    is_usable = connection.is_usable

    def counted_is_usable():
        nonlocal checks
        checks += 1
        return is_usable()

    assert call() == 200  # opens the connection, so the backend's pid is known
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    connection.is_usable = counted_is_usable
    db_before = backend_cpu(pid)
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    try:
        with connection.execute_wrapper(count):
            for _ in range(requests):
                status = call()
                assert status == 200, status
    finally:
        del connection.is_usable
    cpu = time.process_time() - cpu_before
    wall = time.perf_counter() - wall_before
    db_after = backend_cpu(pid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        same_backend = cursor.fetchone()[0] == pid
    db = db_after - db_before if db_before is not None and same_backend else None
    return {
        "cpu": cpu / requests,
        "wall": wall / requests,
        "db": db / requests if db is not None else None,
        "statements": statements / requests,
        "checks": checks / requests,
    }


def profile(call: Callable[[], int], requests: int, top: int) -> None:
    """Run ``call`` ``requests`` times under cProfile; print the top functions twice."""
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        stats = pstats.Stats(profiler)
        stats.strip_dirs().sort_stats(order).print_stats(top)


def _medians(rounds: list[dict[str, float | None]]) -> dict[str, float | None]:
    """Each figure's median over the rounds (None when a round could not read it)."""
    medians = {}
    for figure in rounds[0]:
        values = [found[figure] for found in rounds]
        medians[figure] = None if None in values else statistics.median(values)
    return medians


def main() -> None:
    args = command_line(__doc__, requests=600, rounds=5, profile="", top=35)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of the benchmark's own.")
    env = server_env(database_url)
    pages = prepare(env)
    os.environ.update(env, ENV_FILE="")
    setup_django()
    from seapp.wsgi import application

    targets = {
        "healthz": wsgi_caller(application, "/healthz", ""),
        "advice": wsgi_caller(application, pages["advice"], pages["manager"]),
        "board": wsgi_caller(application, pages["board"], pages["staff"]),
    }
    for call in targets.values():  # the caches: templates, rule set, rendered advice
        for _ in range(20):
            assert call() == 200
    if args.profile:
        profile(targets[args.profile], args.requests, args.top)
        return
    print(
        f"{args.requests} requests each in {args.rounds} rounds (medians of the rounds), "
        "in process, DEBUG=false, PostgreSQL"
    )
    print(f"{'':8} {'CPU ms':>7} {'DB ms':>6} {'wall ms':>8} {'SQL':>5} {'checks':>6}")
    rounds = {name: [] for name in targets}
    for _ in range(args.rounds):  # the endpoints take turns, so a busy spell hits them alike
        for name, call in targets.items():
            rounds[name].append(measure(call, max(1, args.requests // args.rounds)))
    results = {name: _medians(found) for name, found in rounds.items()}
    for name, found in results.items():
        db = f"{found['db'] * 1000:6.2f}" if found["db"] is not None else f"{'-':>6}"
        print(
            f"{name:8} {found['cpu'] * 1000:7.2f} {db} {found['wall'] * 1000:8.2f} "
            f"{found['statements']:5.1f} {found['checks']:6.1f}"
        )
    reference = results["healthz"]
    for name in ("advice", "board"):
        found = results[name]
        ratio = reference["cpu"] / found["cpu"]
        line = f"{name:8} CPU 1/{1 / ratio:.1f} of /healthz ({ratio:.3f})"
        if found["db"] is not None and reference["db"] is not None:
            both = (reference["cpu"] + reference["db"]) / (found["cpu"] + found["db"])
            line += f"; with the database's CPU 1/{1 / both:.1f} ({both:.3f})"
        print(line + "; goal at least 1/6")


if __name__ == "__main__":
    main()
