"""WCAG 2.1 AA checks in Chromium: axe-core on every main page, and keyboard use.

axe-core is vendored for the tests only (tests/e2e/vendor/axe-core/, MPL-2.0) and injected into
each page with Playwright; the app never serves it. A page fails on any violation of impact
"serious" or "critical" for the WCAG 2.0/2.1 A and AA rules; Django's admin pages fail only on
"critical" ones, since their markup is Django's.

Each test visits several pages in one browser and reports all of their violations at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pathways.roles import DEPARTMENT, PUBLISHERS
from schools.models import BoardMembership, Invitation, QuestionnaireVersion, SchoolMembership
from schools.questionnaire import STEP_CODES
from tests.e2e.browsing import log_in
from tests.factories import PASSWORD, make_board, make_school, make_user
from tests.pathways.admin.conftest import GHENT_ANSWERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;typeof axe"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
CRITICAL = ("critical",)

AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}"""


class Audit:
    """Run axe on pages and collect their violations, to fail once with all of them listed."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.pages: list[str] = []

    def __call__(self, page, name: str, impacts: tuple[str, ...] = SERIOUS) -> None:
        # Evaluated through the DevTools protocol: a <script> tag would be inline script,
        # which the pages' Content-Security-Policy (rightly) blocks.
        page.evaluate(AXE_SOURCE)
        violations = page.evaluate(AXE_RUN, WCAG_AA)
        self.pages.append(name)
        for violation in violations:
            if violation["impact"] not in impacts:
                continue
            targets = "; ".join(violation["targets"][:8])
            more = len(violation["targets"]) - 8
            if more > 0:
                targets += f"; ... (+{more})"
            self.failures.append(
                f"[{name}] {page.url}\n    {violation['id']} ({violation['impact']}): "
                f"{violation['help']}\n    at: {targets}"
            )

    def visit(self, page, url: str, name: str, impacts: tuple[str, ...] = SERIOUS) -> None:
        """Open ``url`` in ``page`` and run axe on it as ``name``."""
        page.goto(url)
        self(page, name, impacts)

    def check(self) -> None:
        assert not self.failures, (
            f"{len(self.failures)} accessibility violation(s) on {len(self.pages)} pages:\n"
            + "\n".join(self.failures)
        )


@pytest.fixture
def audit() -> Audit:
    return Audit()


@pytest.fixture
def cast():
    """The shipped rules, a board with two schools, one with a submitted questionnaire, and
    a facility manager, board staff, a publisher and an open invitation."""
    call_command("load_rules", verbosity=0)
    board = make_board(enterprise_number="0403170701")
    sint_jozef = make_school(board, "Sint-Jozefschool", "012345")
    heilig_hart = make_school(board, "Heilig Hartschool", "012346")
    QuestionnaireVersion.objects.create(
        school=sint_jozef, number=1, answers=GHENT_ANSWERS, status="submitted"
    )
    manager = make_user("fm.sintjozef", first_name="Sofie", last_name="Claes")
    SchoolMembership.objects.create(user=manager, school=sint_jozef)
    staff = make_user("staf.leiestreek")
    BoardMembership.objects.create(user=staff, board=board)
    publisher = make_user("piet.publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS), Group.objects.get(name=DEPARTMENT))
    invitation = Invitation.objects.issue(
        school=heilig_hart,
        email="nieuw.beheerder@example.be",
        created_by=staff,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return {"board": board, "school": sint_jozef, "invitation": invitation}


def test_public_pages_meet_wcag_aa(live_server, new_page, audit, cast):
    base = live_server.url
    page = new_page()
    audit.visit(page, base + "/", "home")
    audit.visit(page, base + reverse("login"), "login")
    page.fill("#id_username", "fm.sintjozef")
    page.fill("#id_password", "fout-wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    audit(page, "login with an error")
    audit.visit(page, base + reverse("password_reset"), "password reset")
    page.fill("#id_email", "fm.sintjozef@example.be")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(base + reverse("password_reset_done"))
    audit(page, "password reset sent")
    response = page.goto(base + "/bestaat-niet/")
    assert response.status == 404
    audit(page, "404")
    audit.visit(page, base + cast["invitation"].accept_path(), "invitation (accept)")
    page.locator("main form [type=submit]").click()
    audit(page, "invitation (accept) with errors")
    # An expired form: the CSRF cookie is gone when the login form is sent.
    page.goto(base + reverse("login"))
    page.context.clear_cookies()
    page.fill("#id_username", "fm.sintjozef")
    page.fill("#id_password", PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.get_by_role("button", name="Aanmelden").click()
    assert sent.value.status == 403
    audit(page, "403 (expired form)")
    audit.check()


def test_facility_manager_pages_meet_wcag_aa(live_server, new_page, audit, cast):
    base = live_server.url
    school = cast["school"]
    page = new_page()
    log_in(page, base, "fm.sintjozef", lands_on="/scholen/")
    audit(page, "school list")
    audit.visit(page, base + reverse("schools:school-detail", args=[school.pk]), "school detail")
    for step in STEP_CODES:
        audit.visit(
            page,
            base + reverse("schools:questionnaire-step", args=[school.pk, step]),
            f"questionnaire step {step}",
        )
    page.goto(base + reverse("schools:questionnaire-step", args=[school.pk, "facility"]))
    page.fill("#id_hours_cleaning", "-5")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.locator("#foutoverzicht").wait_for()
    audit(page, "questionnaire step with errors")
    audit.visit(
        page, base + reverse("schools:questionnaire-review", args=[school.pk]), "check answers"
    )
    page.goto(base + reverse("schools:school-advice", args=[school.pk]))
    assert page.locator(".route-card").count() > 0
    audit(page, "school advice")
    response = page.goto(base + reverse("schools:school-edit", args=[school.pk]))
    assert response.status == 403
    audit(page, "403")
    audit.check()


def test_board_staff_pages_meet_wcag_aa(live_server, new_page, audit, cast):
    base = live_server.url
    board = cast["board"]
    page = new_page()
    log_in(page, base, "staf.leiestreek", lands_on="/scholen/")
    audit.visit(page, base + reverse("schools:board-detail", args=[board.pk]), "board overview")
    audit.visit(page, base + reverse("schools:board-invite", args=[board.pk]), "board invitation")
    page.locator("main form [type=submit]").click()
    audit(page, "board invitation with errors")
    audit.visit(
        page, base + reverse("schools:school-edit", args=[cast["school"].pk]), "school edit"
    )
    audit.check()


def test_admin_pages_have_no_critical_violations(live_server, new_page, audit, cast):
    base = live_server.url
    page = new_page()
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", "piet.publisher")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#rules-panel")
    audit(page, "admin index", CRITICAL)
    audit.visit(page, base + reverse("admin:pathways_publish"), "admin publish", CRITICAL)
    audit.check()


def test_the_questionnaire_works_with_the_keyboard(live_server, new_page, cast):
    base = live_server.url
    school = cast["school"]
    page = new_page()
    log_in(page, base, "fm.sintjozef", lands_on="/scholen/")
    page.goto(base + reverse("schools:questionnaire-step", args=[school.pk, "facility"]))

    # The first Tab reaches the skip link; Enter on it moves the focus to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.href")
    assert focused.startswith("skip-link|") and focused.endswith("#inhoud"), focused
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"

    # After a refused submit the error summary has the focus, so screen readers read it first.
    page.fill("#id_hours_cleaning", "-5")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.locator("#foutoverzicht").wait_for()
    page.wait_for_function("document.activeElement?.id === 'foutoverzicht'")
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "-1"
    # Its links lead to the fields: Tab then Enter moves the focus to the refused field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_hours_cleaning"
