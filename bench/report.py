"""How long a PDF advisory report takes: end to end, WeasyPrint alone, and serving a stored one.

Runs in a throwaway test database (created and dropped by Django's test machinery), with the
rules of ``fixtures/ruleset.yaml`` and the example school of
``pathways/schema/examples/school.json``. Three figures, medians over ``--runs`` runs:

1. end to end: the school's facts from the database -> advice -> HTML -> PDF -> stored
   (``reports.storage.school_report_get_or_render`` for inputs it has not seen yet);
2. WeasyPrint alone on the same HTML, in this process (no child process, no limits), timed in
   the same run (interleaved with 1, so a busy machine disturbs both alike); our overhead is
   (1 - 2) / 2, goal under 15%; it includes the bounded child process each render runs in;
3. serving the stored report through the Django test client (login, access check, lookup,
   response), goal under 20 ms.

    .venv/bin/python bench/report.py [--runs N] [--serve-runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seapp.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from pathways import yamlfile  # noqa: E402

ON = dt.date(2026, 3, 2)


def setup_data():
    """Publish the shipped rules and create a board, a school, its manager and its answers."""
    from django.utils import timezone

    from pathways.services import publish_data
    from schools.models import QuestionnaireVersion, SchoolMembership
    from tests.factories import kbo_number, make_board, make_school, make_user

    rules = yamlfile.safe_load((ROOT / "fixtures" / "ruleset.yaml").read_text(encoding="utf-8"))
    publish_data(rules, note="bench")
    example = json.loads((ROOT / "pathways/schema/examples/school.json").read_text("utf-8"))
    board = make_board("VZW Katholiek Onderwijs Gent", enterprise_number=kbo_number(1))
    school = make_school(board, example["school"]["name"], "012345", pupils=420, campuses=2)
    user = make_user("bench", email="bench@school.example", password="x-bench-42")
    SchoolMembership.objects.create(user=user, school=school)
    QuestionnaireVersion.objects.create(
        school=school,
        number=1,
        answers=example["facts"],
        status=QuestionnaireVersion.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return school, user


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--serve-runs", type=int, default=50)
    args = parser.parse_args()

    from pathways.engine import evaluate
    from pathways.services import current_ruleset
    from reports.models import AdviceReport
    from reports.pdf import (
        PDF_VARIANT,
        STATIC_DIR,
        ReportSubject,
        build_context,
        html_to_pdf,
        render_html,
    )
    from reports.storage import school_report_get_or_render
    from schools.services import school_facts

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        school, user = setup_data()
        ruleset = current_ruleset()
        # The HTML WeasyPrint alone gets: the same report, built once outside the timing.
        advice = evaluate(school_facts(school), ruleset, ON)
        subject = ReportSubject(name=school.name, board_name=school.board.name, number="SE-X")
        html = render_html(build_context(advice, ruleset, subject))
        html_to_pdf(html)  # warm up: imports, font loading, template caches, the fork server

        def weasyprint_alone(html: str) -> bytes:
            from weasyprint import HTML

            from reports.fetcher import StaticFilesFetcher

            fetcher = StaticFilesFetcher(STATIC_DIR)
            document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
            return document.write_pdf(pdf_variant=PDF_VARIANT)

        weasyprint_alone(html)

        end_to_end, weasy = [], []
        for run in range(args.runs):
            AdviceReport.objects.all().delete()
            start = time.perf_counter()
            report = school_report_get_or_render(school, user=user, on=ON + dt.timedelta(days=run))
            end_to_end.append(time.perf_counter() - start)
            start = time.perf_counter()
            weasyprint_alone(html)
            weasy.append(time.perf_counter() - start)

        client = Client()
        client.force_login(user)
        # A manager cannot choose the date: this serves today's report, stored by `first`.
        url = reverse("reports:report-pdf", args=[school.pk])
        first = client.get(url)
        assert first.status_code == 200, first.status_code
        serve = []
        for _ in range(args.serve_runs):
            start = time.perf_counter()
            response = client.get(url)
            serve.append(time.perf_counter() - start)
            assert response.content == first.content
        pages = len(PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    e2e, alone, served = median_ms(end_to_end), median_ms(weasy), median_ms(serve)
    overhead = (e2e - alone) / alone * 100
    print(f"python {platform.python_version()} · {platform.machine()} · load {os.getloadavg()}")
    print(f"database {connection.vendor} · report {report.size / 1024:.0f} kB, {pages} pages")
    print(
        f"end to end (facts -> advice -> HTML -> PDF -> stored), median of {args.runs}: "
        f"{e2e:7.1f} ms"
    )
    print(f"WeasyPrint alone, same HTML, same runs, median of {args.runs}:        {alone:7.1f} ms")
    print(f"our overhead: {e2e - alone:.1f} ms = {overhead:.1f}% (goal < 15%)")
    print(
        f"serving a stored report via the test client, median of {args.serve_runs}: "
        f"{served:6.2f} ms (goal < 20 ms)"
    )


if __name__ == "__main__":
    main()
