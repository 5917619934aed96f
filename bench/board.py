"""How a large board fares: its overview page with 1,000 schools, and a 20-school ZIP bundle.

Runs in a throwaway test database (created and dropped by Django's test machinery) with the
rules of ``fixtures/ruleset.yaml`` and the example answers of
``pathways/schema/examples/school.json`` (varied per school). Figures, each the median over
``--runs`` runs and printed beside a reference measured in the same run:

1. the board overview page of ``--schools`` schools (goal for 1,000: under 1 s), rendered cold
   (the page cache cleared before each run) and served warm (from the page cache), through the
   Django test client as board staff; reference: ``/healthz`` through the same client;
2. a ZIP bundle of ``--bundle-schools`` schools whose reports are already stored (goal for 20:
   under 5 s), built by the real bundle task; reference: one raw WeasyPrint render of the
   school's full report's HTML, in this process.

Times are CPU seconds of this process and its children (the report renderer runs in a child
process) and wall seconds.

    .venv/bin/python bench/board.py [--schools 1000] [--bundle-schools 20] [--runs 5]
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable

from benchsetup import ROOT, command_line, cpu_seconds, plain_weasyprint, setup_django

# Django is set up in main(): a report render's child process runs this module again
# (multiprocessing does), and must not pay for setting Django up.


def measure(action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None):
    """Return (median CPU seconds, median wall seconds) of ``action`` over ``runs`` runs."""
    cpu, wall = [], []
    for _ in range(runs):
        before()
        start_cpu, start_wall = cpu_seconds(), time.perf_counter()
        action()
        cpu.append(cpu_seconds() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def setup_board(schools: int, name: str):
    """Create a board with ``schools`` schools, each with submitted (varied) example answers."""
    from django.utils import timezone

    from schools.models import QuestionnaireVersion
    from tests.factories import make_board, make_school

    example = json.loads((ROOT / "pathways/schema/examples/school.json").read_text("utf-8"))
    board = make_board(name)
    versions = []
    for i in range(schools):
        school = make_school(board, f"School {i + 1:04d}", f"{board.pk:03d}{i:04d}")
        facts = copy.deepcopy(example["facts"])
        facts["pupils"] = 150 + (i * 37) % 900
        if "hours_cleaning" in facts:
            facts["hours_cleaning"] = 20 + (i * 13) % 180
        versions.append(
            QuestionnaireVersion(
                school=school,
                number=1,
                answers=facts,
                status=QuestionnaireVersion.Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
        )
    QuestionnaireVersion.objects.bulk_create(versions)
    return board


def main() -> None:
    args = command_line(__doc__, schools=1000, bundle_schools=20, runs=5)
    setup_django(TASKS_BACKEND="immediate")
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from pathways import yamlfile
    from pathways.services import publish_data
    from reports import bundles
    from reports.models import REPORT_KINDS, ReportBundle
    from reports.storage import board_report_get_or_render, school_report_get_or_render
    from schools.models import BoardMembership, User

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rules = yamlfile.safe_load((ROOT / "fixtures" / "ruleset.yaml").read_text("utf-8"))
        publish_data(rules, note="bench")
        big = setup_board(args.schools, "Groot Schoolbestuur vzw")
        small = setup_board(args.bundle_schools, "Klein Schoolbestuur vzw")

        user = User.objects.create_user(username="bestuur", password="x-bench-42")
        BoardMembership.objects.create(user=user, board=big)
        BoardMembership.objects.create(user=user, board=small)
        client = Client()
        client.force_login(user)

        def get(url: str) -> None:
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)

        healthz = reverse("healthz")
        board_url = reverse("schools:board-detail", args=[big.pk])
        get(healthz)
        get(board_url)
        ref_cpu, ref_wall = measure(lambda: get(healthz), max(args.runs, 20))
        cold_cpu, cold_wall = measure(lambda: get(board_url), args.runs, before=cache.clear)
        warm_cpu, warm_wall = measure(lambda: get(board_url), max(args.runs, 20))

        # Store every report of the small board, then bundle it: the bundle only reads them.
        for school in small.schools.all():
            for kind in REPORT_KINDS:
                school_report_get_or_render(school, user=user, kind=kind)
        for kind in REPORT_KINDS:
            board_report_get_or_render(small, user=user, kind=kind)

        from pathways.engine import evaluate
        from pathways.services import current_ruleset
        from reports.pdf import ReportSubject, build_context, render_html
        from schools.services import school_facts

        school = small.schools.first()
        ruleset = current_ruleset()
        advice = evaluate(school_facts(school), ruleset, dt.date.today())
        html = render_html(build_context(advice, ruleset, ReportSubject(name=school.name)))

        def weasyprint_alone() -> None:
            plain_weasyprint(html)

        weasyprint_alone()
        weasy_cpu, weasy_wall = measure(weasyprint_alone, args.runs)

        def bundle() -> None:
            made = bundles.request_bundle(board=small, user=user, on=timezone.localdate())
            made.refresh_from_db()
            assert made.status == ReportBundle.Status.DONE, made.status

        bundle_cpu, bundle_wall = measure(bundle, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"python {platform.python_version()} · {os.cpu_count()} CPUs · load {os.getloadavg()}")
    print(f"database {connection.vendor}; CPU seconds (this process and its children), wall")
    print(f"/healthz (reference)            {ref_cpu:8.4f} s CPU {ref_wall:8.4f} s wall")
    for label, cpu, wall, goal in (
        (f"board page, {args.schools} schools, cold", cold_cpu, cold_wall, "goal < 1 s"),
        (f"board page, {args.schools} schools, warm", warm_cpu, warm_wall, ""),
    ):
        print(
            f"{label:32}{cpu:8.4f} s CPU {wall:8.4f} s wall  "
            f"= {wall / ref_wall:7.1f} x /healthz  {goal}"
        )
    print(f"WeasyPrint alone, one full report {weasy_cpu:8.4f} s CPU {weasy_wall:8.4f} s wall")
    print(
        f"bundle of {args.bundle_schools} schools, stored  {bundle_cpu:8.4f} s CPU "
        f"{bundle_wall:8.4f} s wall  = {bundle_wall / weasy_wall:5.2f} x WeasyPrint alone  "
        "goal < 5 s"
    )


if __name__ == "__main__":
    main()
