"""Simultaneous users against a real server: concurrent questionnaire saves and publishers.

A gunicorn server (2 processes x 8 threads) runs on its own database: a SQLite file, as the
embedded default is used, and, when the suite runs on PostgreSQL, a fresh PostgreSQL
database too. Sixteen browsers (threads, each with its own cookies) then act at the same moment.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BASE_DIR, PLAIN_HTTP, SETTINGS_VARIABLES

pytestmark = pytest.mark.slow  # starts gunicorn, and Python processes to seed and read its database

SAVERS = 16
PASSWORD = "een-lang-wachtwoord-42"

SEED = """
import django
django.setup()
from django.contrib.auth.models import Group
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_rules", verbosity=0)
from pathways.models import Route
from pathways.roles import PUBLISHERS
from schools.models import SchoolMembership
from tests.factories import make_board, make_school, make_user
board = make_board(enterprise_number="0403.170.701")
schools = {}
for i in range(%(savers)d):
    school = make_school(board, f"School {i}", f"{100000 + i}")
    user = make_user(f"fm{i}")
    SchoolMembership.objects.create(user=user, school=school)
    schools[f"fm{i}"] = school.pk
for name in ("pub.a", "pub.b"):
    make_user(name, is_staff=True).groups.add(Group.objects.get(name=PUBLISHERS))
route = Route.objects.get(code="wijkwerken")
route.title = route.title + " (herzien)"
route.save()
print(json.dumps(schools))
"""

ANSWERS = """
import django
django.setup()
from schools.models import QuestionnaireVersion
from pathways.models import RuleSetVersion
print(json.dumps({
    "answers": {v.school.name: v.answers for v in QuestionnaireVersion.objects.all()},
    "versions": sorted(RuleSetVersion.objects.values_list("number", "content_hash")),
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveSite:
    url: str
    env: dict[str, str]
    schools: dict[str, int]

    def python(self, script: str) -> dict:
        result = subprocess.run(
            [sys.executable, "-c", "import json\n" + script],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])


def _databases(tmp: Path) -> Iterator[tuple[str, str]]:
    yield "sqlite", f"sqlite:///{tmp / 'site.sqlite3'}"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        yield "postgresql", url


@pytest.fixture(
    scope="module",
    params=[name for name, _url in _databases(Path("/"))],
)
def live_site(request, tmp_path_factory) -> Iterator[LiveSite]:
    """Start gunicorn on a fresh database of the kind ``request.param`` names."""
    tmp = tmp_path_factory.mktemp("live")
    url = dict(_databases(tmp))[request.param]
    dropdb = None
    if request.param == "postgresql":
        import psycopg

        base = urllib.parse.urlsplit(url)
        name = f"{base.path.lstrip('/')}_live_{uuid.uuid4().hex[:8]}"
        admin = base._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = base._replace(path=f"/{name}").geturl()

        def dropdb() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="seapp.settings",
        SECRET_KEY="test-only-insecure-key",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=url,
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        **PLAIN_HTTP,
    )
    site = LiveSite(f"http://127.0.0.1:{port}", env, {})
    server = None
    try:
        site.schools = site.python(SEED % {"savers": SAVERS})
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "seapp.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--threads=8",
                "--timeout=120",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(site.url + "/healthz", timeout=30)
                break
            except OSError:  # not listening yet, or still loading
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        yield site
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if dropdb is not None:
            dropdb()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its own cookies, redirects not followed."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(self.base + path, data=body.encode(), method="POST")
        return self._open(request)

    def log_in(self, username: str) -> None:
        self.get("/accounts/login/")
        status, _ = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302, f"{username} could not log in ({status})"


def _all_at_once(count: int, work) -> list:
    """Run ``work(i, barrier)`` in ``count`` threads; return each result (or exception)."""
    barrier = threading.Barrier(count, timeout=300)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            results[i] = work(i, barrier)
        except Exception as exc:  # reported by the test, with the thread's number
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results


def test_sixteen_simultaneous_questionnaire_saves_are_all_stored_without_an_error(live_site):
    def save(i: int, barrier: threading.Barrier) -> int:
        browser = Browser(live_site.url)
        browser.log_in(f"fm{i}")
        path = f"/scholen/{live_site.schools[f'fm{i}']}/vragenlijst/facility/"
        status, page = browser.get(path)
        assert status == 200, status
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        barrier.wait()
        status, _ = browser.post(path, {"revision": revision, "hours_cleaning": str(10 + i)})
        return status

    statuses = _all_at_once(SAVERS, save)

    assert statuses == [302] * SAVERS
    stored = live_site.python(ANSWERS)["answers"]
    assert {name: a.get("hours_cleaning") for name, a in stored.items()} == {
        f"School {i}": 10 + i for i in range(SAVERS)
    }


def test_two_publishers_at_once_give_one_new_version_and_tell_the_second(live_site):
    before = live_site.python(ANSWERS)["versions"]

    def publish(i: int, barrier: threading.Barrier) -> tuple[int, str]:
        browser = Browser(live_site.url)
        browser.log_in(("pub.a", "pub.b")[i])
        status, page = browser.get("/beheer/pathways/rulesetversion/publiceren/")
        assert status == 200, status
        based_on = re.search(r'name="based_on" value="(\d+)"', page).group(1)
        barrier.wait()
        return browser.post(
            "/beheer/pathways/rulesetversion/publiceren/",
            {"note": f"Titel herzien ({i})", "based_on": based_on, "publish": "Publiceren"},
        )

    results = _all_at_once(2, publish)

    statuses = sorted(status for status, _page in results)
    assert statuses == [200, 302], results
    refused = next(page for status, page in results if status == 200)
    assert "Intussen is versie" in refused
    after = live_site.python(ANSWERS)["versions"]
    assert len(after) == len(before) + 1
    assert len({content for _number, content in after}) == len(after)
