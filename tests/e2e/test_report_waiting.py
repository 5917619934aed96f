"""In Chromium, with the real ``manage.py db_worker``: a report not stored yet is waited for on a
page that reloads itself, and the PDF the worker made then downloads by itself.

The page reloads with ``<meta http-equiv="refresh">``, which the Content-Security-Policy does not
govern (no script at all), and the test checks that Chromium reports no CSP violation on the way.
The worker is started only after the page has reloaded itself at least once, so the download
cannot have been rendered in the request. PostgreSQL only: the worker process reaches the test
database there (see ``tests/workers.py``).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.models import AdviceReport
from schools.models import BoardMembership
from tests.factories import PASSWORD, kbo_number, make_board, make_school, make_user
from tests.reports import reportdata as data

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def school_and_staff():
    data.publish_rules()
    board = make_board("Scholengroep Wachtrij", enterprise_number=kbo_number(31))
    school = make_school(board, "Atheneum Wachtrij", "131313", level="secundair", pupils=640)
    data.submit(school, data.SCHOOL_FACTS)
    staff = make_user("bestuur.wachtrij", email="wachtrij@school.example")
    BoardMembership.objects.create(user=staff, board=board)
    return school, staff


def test_the_waiting_page_reloads_itself_until_the_worker_made_the_pdf_then_downloads_it(
    live_server, browser, workers, school_and_staff, shot
):
    school, staff = school_and_staff
    base = live_server.url
    wait_url = base + reverse("reports:report-wait", args=[school.pk])
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    # Every CSP violation on every load (the page reloads, so they go out through a binding).
    violations: list[str] = []
    context.expose_binding("reportViolation", lambda source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    waiting_loads: list[str] = []  # the policy each load of the waiting page came with

    def seen(response) -> None:
        if response.url == wait_url and response.request.resource_type == "document":
            waiting_loads.append(response.headers.get("content-security-policy", ""))

    page.on("response", seen)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{base}/scholen/**")

    # No worker yet: the download sends the reader to the waiting page, which reloads itself.
    page.goto(base + reverse("reports:report-pdf", args=[school.pk]))
    assert page.url == wait_url
    assert page.locator("h1").inner_text() == "Het rapport wordt gemaakt…"
    assert page.locator(".report-wait").get_attribute("data-state") == "pending"
    shot(page, "report-waiting-1-pending")
    for _ in range(60):  # up to 15 s; the page asks to be reloaded after 3
        if len(waiting_loads) >= 2:
            break
        page.wait_for_timeout(250)
    assert len(waiting_loads) >= 2, "the waiting page did not reload itself"
    assert page.locator("h1").inner_text() == "Het rapport wordt gemaakt…"
    claim = AdviceReport.objects.get()
    assert claim.size == 0, "nothing was rendered while no worker ran"
    assert DBTaskResult.objects.filter(task_path="reports.tasks.render_report").count() == 1

    # The worker makes the report; the next reload finds it and the download starts by itself.
    with page.expect_download(timeout=120_000) as started:
        workers.start("w1")
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        body = pdf.read()
    assert body.startswith(b"%PDF")
    assert body == bytes(AdviceReport.objects.get(pk=claim.pk).pdf)
    assert page.locator("h1").inner_text() == "Het rapport is klaar"
    shot(page, "report-waiting-2-ready")
    task = DBTaskResult.objects.get(task_path="reports.tasks.render_report")
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["w1"]

    # Every load of the waiting page carried the policy, and Chromium reported no violation.
    assert all("script-src 'self'" in policy for policy in waiting_loads), waiting_loads
    assert violations == []
    context.close()
