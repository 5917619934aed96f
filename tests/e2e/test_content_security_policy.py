"""The main pages, in a real Chromium, break no rule of the Content-Security-Policy.

Chromium reports every blocked script, style, font or image as a ``securitypolicyviolation``
event and on the console; both are collected on every page a person of each role visits.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.models import Route
from schools.questionnaire import STEP_CODES
from tests.factories import PASSWORD

from .browsing import log_in
from .test_accessibility import cast  # noqa: F401 - the shared cast of people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watcher:
    """Opens pages and records each CSP violation with the page it happened on."""

    def __init__(self, new_page, base: str):
        self.page = new_page()
        self.page.context.add_init_script(COLLECT)
        self.base = base
        self.violations: list[str] = []
        self.visited: list[str] = []
        self.page.on(
            "console",
            lambda msg: (
                "Content Security Policy" in msg.text
                and self.violations.append(f"{self.page.url}: {msg.text}")
            ),
        )

    def visit(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.check(path)

    def check(self, label: str) -> None:
        self.page.wait_for_load_state("load")
        found = self.page.evaluate("window.__csp || []")
        self.violations.extend(f"{label}: {v}" for v in found)
        self.visited.append(label)


def test_public_and_school_pages_break_no_csp_rule(live_server, new_page, cast):  # noqa: F811
    school, board = cast["school"], cast["board"]
    watcher = Watcher(new_page, live_server.url)
    watcher.visit("/")
    watcher.visit(reverse("login"))
    watcher.visit(reverse("password_reset"))
    log_in(watcher.page, live_server.url, "fm.sintjozef", lands_on="/scholen/")
    watcher.check("after login")
    watcher.visit(reverse("schools:school-list"))
    watcher.visit(reverse("schools:school-detail", args=[school.pk]))
    for step in STEP_CODES:
        watcher.visit(reverse("schools:questionnaire-step", args=[school.pk, step]))
    watcher.visit(reverse("schools:questionnaire-review", args=[school.pk]))
    watcher.visit(reverse("schools:school-advice", args=[school.pk]))
    # A refused answer shows the error summary (static/js/error-summary.js).
    watcher.page.goto(
        live_server.url + reverse("schools:questionnaire-step", args=[school.pk, "facility"])
    )
    watcher.page.fill("#id_hours_cleaning", "-3")
    watcher.page.locator("main form [type=submit]").first.click()
    watcher.check("questionnaire with an error")

    staff = Watcher(new_page, live_server.url)
    log_in(staff.page, live_server.url, "staf.leiestreek", lands_on="/scholen/")
    staff.visit(reverse("schools:board-detail", args=[board.pk]))
    staff.visit(reverse("schools:board-invite", args=[board.pk]))

    assert watcher.violations + staff.violations == []
    assert len(watcher.visited) >= 10


def test_admin_pages_break_no_csp_rule(live_server, new_page, cast):  # noqa: F811
    watcher = Watcher(new_page, live_server.url)
    watcher.page.goto(live_server.url + reverse("admin:login"))
    watcher.page.fill("#id_username", "piet.publisher")
    watcher.page.fill("#id_password", PASSWORD)
    watcher.page.click("input[type=submit]")
    watcher.page.wait_for_selector("#rules-panel")
    watcher.check("admin index")
    route = Route.objects.get(code="wijkwerken")
    for path in (
        reverse("admin:pathways_publish"),
        reverse("admin:pathways_compare") + "?old=current&new=draft",
        reverse("admin:pathways_testcases"),
        reverse("admin:pathways_facts"),
        reverse("admin:pathways_import"),
        reverse("admin:pathways_rulesetversion_changelist"),
        reverse("admin:pathways_route_changelist"),
        reverse("admin:pathways_route_change", args=[route.pk]),
        reverse("admin:schools_user_changelist"),
    ):
        watcher.visit(path)

    assert watcher.violations == []
