"""How long a PDF advisory report takes: end to end, WeasyPrint alone, and serving a stored one.

Runs in a throwaway test database (created and dropped by Django's test machinery), with the
rules of ``fixtures/ruleset.yaml`` and the example school of
``pathways/schema/examples/school.json``. Three figures, medians over ``--runs`` runs:

1. end to end, for the decision note and the full report: the school's facts from the
   database -> advice -> HTML -> PDF -> stored (``reports.storage.school_report_get_or_render``
   for inputs it has not seen yet), wall time; and its CPU time, as the facts -> HTML part
   plus WeasyPrint as the render child runs it on that HTML (the report's stylesheet and fonts
   parsed once per process, ``reports.render.house_style``) (goals: the note at most 300 ms,
   the full report at most 1,000 ms);
2. plain WeasyPrint on the same HTML and stylesheet, parsed afresh as a one-off call does, in
   this process (no child process, no limits), timed in the same run (interleaved with 1, so a
   busy machine disturbs both alike): the reference. Our overhead is (1 - 2) / 2; it includes
   the bounded child process each render runs in;
3. serving the stored report through the Django test client (login, access check, lookup,
   response), goal under 20 ms.

    .venv/bin/python bench/report.py [--runs N] [--serve-runs N]
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import statistics
import time

from benchsetup import ROOT, command_line, cpu_seconds, plain_weasyprint, setup_django

# Django is set up in main(): a report render's child process runs this module again
# (multiprocessing does), and must not pay for setting Django up.
ON = dt.date(2026, 3, 2)


def setup_data():
    """Publish the shipped rules and create a board, a school, its manager and its answers."""
    from django.utils import timezone

    from pathways import yamlfile
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
    args = command_line(__doc__, runs=7, serve_runs=50)
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from pathways.engine import evaluate
    from pathways.services import current_ruleset
    from reports.fetcher import StaticFilesFetcher
    from reports.models import REPORT_KINDS, AdviceReport
    from reports.pdf import PDF_VARIANT, STATIC_DIR, ReportSubject, build_context, render_html
    from reports.render import REPORT_STYLESHEETS, house_style
    from reports.storage import school_report_get_or_render
    from schools.services import school_facts

    def weasyprint_as_the_child_runs_it(html: str) -> bytes:
        from weasyprint import HTML

        style = house_style(STATIC_DIR, REPORT_STYLESHEETS)
        fetcher = StaticFilesFetcher(STATIC_DIR)
        document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
        return document.write_pdf(
            pdf_variant=PDF_VARIANT, stylesheets=style.stylesheets, font_config=style.font_config
        )

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    figures = {}
    try:
        school, user = setup_data()
        ruleset = current_ruleset()
        advice = evaluate(school_facts(school), ruleset, ON)
        subject = ReportSubject(name=school.name, board_name=school.board.name, number="SE-X")
        for kind in REPORT_KINDS:
            # The HTML WeasyPrint alone gets: the same report, built once outside the timing.
            html = render_html(build_context(advice, ruleset, subject, kind=kind))
            plain_weasyprint(html)  # warm up: imports, fonts, template caches
            weasyprint_as_the_child_runs_it(html)
            school_report_get_or_render(school, user=user, on=ON - dt.timedelta(days=1), kind=kind)
            end_to_end, ours_cpu, child_cpu, weasy, weasy_cpu = [], [], [], [], []
            for run in range(args.runs):
                AdviceReport.objects.all().delete()
                start = time.perf_counter()
                report = school_report_get_or_render(
                    school, user=user, on=ON + dt.timedelta(days=run), kind=kind
                )
                end_to_end.append(time.perf_counter() - start)
                # The renderer's child process is not ours to measure: the CPU of a render is
                # the facts -> HTML part in this process plus WeasyPrint on that HTML as the
                # child runs it.
                start_cpu = cpu_seconds()
                made = render_html(
                    build_context(
                        evaluate(school_facts(school), ruleset, ON + dt.timedelta(days=run)),
                        ruleset,
                        subject,
                        kind=kind,
                    )
                )
                ours_cpu.append(cpu_seconds() - start_cpu)
                start_cpu = cpu_seconds()
                weasyprint_as_the_child_runs_it(made)
                child_cpu.append(cpu_seconds() - start_cpu)
                start, start_cpu = time.perf_counter(), cpu_seconds()
                plain_weasyprint(made)
                weasy.append(time.perf_counter() - start)
                weasy_cpu.append(cpu_seconds() - start_cpu)
            pages = len(PdfReader(io.BytesIO(bytes(report.pdf))).pages)
            figures[kind] = (end_to_end, ours_cpu, child_cpu, weasy, weasy_cpu, pages, report.size)

        client = Client()
        client.force_login(user)
        # A manager cannot choose the date: this serves today's report, stored by `first`.
        url = reverse("reports:report-pdf", args=[school.pk])
        first = client.get(url, secure=True)
        assert first.status_code == 200, first.status_code
        serve = []
        for _ in range(args.serve_runs):
            start = time.perf_counter()
            response = client.get(url, secure=True)
            serve.append(time.perf_counter() - start)
            assert response.content == first.content
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"python {platform.python_version()} · {platform.machine()} · load {os.getloadavg()}")
    print(f"database {connection.vendor}; medians of {args.runs} runs")
    goals = {"full": 1000, "note": 300}
    for kind, (e2e, ours_cpu, child_cpu, alone, alone_cpu, pages, size) in figures.items():
        e2e_ms, alone_ms = median_ms(e2e), median_ms(alone)
        ours_ms, child_ms, plain_ms = (
            median_ms(ours_cpu),
            median_ms(child_cpu),
            median_ms(alone_cpu),
        )
        print(f"{kind}: {pages} pages, {size / 1024:.0f} kB")
        print(f"  end to end (facts -> advice -> HTML -> PDF -> stored): {e2e_ms:7.1f} ms wall")
        print(f"  plain WeasyPrint, same HTML and stylesheet:             {alone_ms:7.1f} ms wall")
        print(
            f"  CPU: facts -> HTML {ours_ms:.1f} ms + WeasyPrint as the child runs it "
            f"{child_ms:.1f} ms = {ours_ms + child_ms:.1f} ms (goal <= {goals.get(kind, 0)} ms); "
            f"plain WeasyPrint {plain_ms:.1f} ms CPU, ratio {(ours_ms + child_ms) / plain_ms:.2f}"
        )
        print(f"  our overhead: {(e2e_ms - alone_ms) / alone_ms * 100:.1f}% of plain WeasyPrint")
    print(
        f"serving a stored report via the test client, median of {args.serve_runs}: "
        f"{median_ms(serve):6.2f} ms (goal < 20 ms)"
    )


if __name__ == "__main__":
    main()
