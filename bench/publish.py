"""What a visit to the admin publish page costs: computing the impact preview vs reading it.

Runs in a throwaway test database (created and dropped by Django's test machinery; PostgreSQL
when ``DATABASE_URL`` names one) with the rules of ``fixtures/ruleset.yaml`` published, a draft
with a lower accepted-invoice limit, and ``--schools`` schools that submitted the answers of
``pathways/schema/examples/school.json`` (with varied contract values). With the immediate
task backend the first visit computes the preview inside the request (in production
``db_worker`` does, outside it), so the figures are CPU seconds of this process:

1. the impact over every school, as the page computed it on every visit before it was stored
   (``draft_impact`` with ``submitted_profiles``);
2. the first visit after a change (computes and stores the preview);
3. a later visit (reads the stored preview), median of ``--runs``.

    .venv/bin/python bench/publish.py [--schools 4000] [--runs 10]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import time

from benchsetup import ROOT, command_line, setup_django

os.environ["TASKS_BACKEND"] = "immediate"
setup_django(LOG_LEVEL="WARNING")

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def setup_data(schools: int):
    """Publish the shipped rules, change the draft, and create the schools and a publisher."""
    from pathways.models import ParameterValue
    from pathways.roles import PUBLISHERS
    from schools.models import QuestionnaireVersion, School
    from tests.factories import SCHOOL_DEFAULTS, kbo_number, make_board, make_user

    call_command("load_rules", verbosity=0)
    ParameterValue.objects.filter(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    ).update(value=26000)
    example = json.loads((ROOT / "pathways/schema/examples/school.json").read_text("utf-8"))
    boards = [
        make_board(f"Schoolbestuur {n}", enterprise_number=kbo_number(n))
        for n in range(1, schools // 100 + 2)
    ]
    School.objects.bulk_create(
        School(
            board=boards[n // 100],
            name=f"School {n:05d}",
            institution_number=f"{100000 + n}",
            **(SCHOOL_DEFAULTS | {"pupils": 200 + n % 900}),
        )
        for n in range(schools)
    )
    QuestionnaireVersion.objects.bulk_create(
        QuestionnaireVersion(school=school, number=1, answers=example["facts"], status="submitted")
        for school in School.objects.all()
    )
    user = make_user("publisher", email="publisher@wse.example", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    return user


def cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main() -> None:
    args = command_line(__doc__, schools=4000, runs=10)

    from pathways.models import ImpactPreview
    from pathways.publishing import check_draft, draft_impact
    from schools.services import submitted_profiles

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = setup_data(args.schools)
        client = Client()
        client.force_login(user)
        url = reverse("admin:pathways_publish")
        affected: list = []
        recompute = cpu(
            lambda: affected.extend(draft_impact(check_draft(), profiles=submitted_profiles()))
        )

        def visit() -> None:
            response = client.get(url, secure=True)
            assert response.status_code == 200, response.status_code

        first = cpu(visit)
        preview = ImpactPreview.objects.get()
        assert preview.status == ImpactPreview.Status.DONE, preview.status
        stored = statistics.median(cpu(visit) for _ in range(args.runs))
        assert ImpactPreview.objects.get().computed_at == preview.computed_at
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"python {platform.python_version()} · {platform.machine()} · load {os.getloadavg()}")
    print(f"database {connection.vendor} · {args.schools} schools, {len(affected)} affected")
    print(f"impact over every school (what each visit computed before): {recompute:7.3f} s CPU")
    print(f"first visit after a change (computes and stores):           {first:7.3f} s CPU")
    print(
        f"later visit (reads the stored preview), median of {args.runs}:      "
        f"{stored * 1000:7.1f} ms CPU"
    )


if __name__ == "__main__":
    main()
