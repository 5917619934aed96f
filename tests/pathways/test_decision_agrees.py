"""'Wat nu doen?' agrees with itself and with the page: the contact shown is the one the first
step names, the routes stand in the order of the status list, and a school outside the Flemish
Region is offered no Flemish-only measure. On the shipped rules as a school gets them: published
(through the database, as ``current_ruleset`` serves them), with the demo schools' answers."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from lxml import html

from pathways.engine import evaluate
from pathways.engine.types import Status
from pathways.presentation import (
    advice_cards,
    cards_by_status,
    contact_names,
    decide,
    named_contacts,
)
from pathways.services import current_ruleset
from schools.management.commands.load_demo import SCHOOLS
from tests.conftest import rows_for_the_module
from tests.pathways.test_decision import ON, demo_facts
from tests.pathways.test_decision import ruleset as shipped_ruleset  # noqa: F401 - fixture
from tests.reports.test_note import fold

DEMO_SCHOOLS = [school["name"] for school in SCHOOLS if school["answers"]]
pytestmark = pytest.mark.django_db

BRUSSELS_SCHOOL = "Gemeentelijke Basisschool Ganshoren-Rand"

# Measures of the Flemish Region, with the source the rule data cites for that: none of them
# may be offered to a school in Brussels or Wallonia.
FLEMISH_REGION_ONLY = {
    # REVIEW-2026-11 #8 (regional competence; etaamb IMW decree, art. 1)
    "maatwerkafdeling": "etaamb.openjustice.be/nl/decreet-van-14-januari-2022",
    "lokale_diensteneconomie": "socialeeconomie.be/lokale-diensteneconomie",
    # REVIEW-2026-11 #3: "vestigingseenheid in Vlaanderen"
    "doelgroepvermindering": "socialsecurity.be",
    "aanwervingsincentive": "acerta.be",
    "dgv_zonder_recente_werkervaring": "socialsecurity.be",
    # REVIEW-2026-11 #18, ROUTES.md WW-3: "enkel binnen het Vlaamse Gewest"
    "wijkwerken": "pro.katholiekonderwijs.vlaanderen/wijk-werken",
    # REVIEW-2026-11 #16: "Flemish Region"
    "twe": "etaamb.openjustice.be",
    # Securex, Prato: "de Vlaamse werkervaringsstage", "werkervaringsstages in Vlaanderen"
    "werkervaringsstage": "securex.be",
    # the doorstroom chapter of the Flemish decree on collectief maatwerk (codex.vlaanderen.be)
    "transition_internship": "codex.vlaanderen.be",
}


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    """The shipped rules, published as ``load_rules`` does and served as a school gets them."""

    def publish():
        call_command("load_rules", stdout=io.StringIO())
        return current_ruleset()

    yield from rows_for_the_module(django_db_blocker, publish)


def decision_html(decision) -> html.HtmlElement:
    return html.fromstring(
        render_to_string("pathways/_advice_decision.html", {"decision": decision, "glossary": None})
    )


def shown_routes(page: html.HtmlElement) -> list[tuple[str, str, str]]:
    """Return (route code, first step, contact) of each route "Wat nu doen?" shows."""
    shown = []
    for item in page.find_class("advice-decision__route"):
        step = item.find_class("advice-decision__step")
        contact = item.find_class("advice-decision__contact")
        shown.append(
            (
                item.get("data-route"),
                fold(step[0].text_content()) if step else "",
                fold(contact[0].text_content()) if contact else "",
            )
        )
    return shown


@pytest.mark.parametrize("name", DEMO_SCHOOLS)
def test_the_contact_shown_under_each_top_route_is_one_its_first_step_names(published, name):
    advice = evaluate(demo_facts(name), published, ON)
    decision = decide(advice, advice_cards(advice, published))
    contacts = {c.name: c for c in published.contacts}

    for code, step, contact in shown_routes(decision_html(decision)):
        route = published.route(code)
        named = named_contacts(step, tuple(published.contact(c) for c in route.contacts))
        if named:
            assert contact.startswith(f"Contact: {named[0].name}"), (code, step, contact)
        elif contact:
            # A first step that names nobody: the contact is one a later step names.
            name_shown = next(n for n in contacts if contact.startswith(f"Contact: {n}"))
            later = " ".join(published.route(code).next_steps[1:])
            assert named_contacts(later, (contacts[name_shown],)), (code, contact)


def test_wijk_werken_says_to_call_the_wijk_werkorganisator_and_shows_that_contact(published):
    advice = evaluate(demo_facts("Sint-Annaschool Assenede"), published, ON)
    decision = decide(advice, advice_cards(advice, published))

    shown = {code: contact for code, _step, contact in shown_routes(decision_html(decision))}

    assert shown["wijkwerken"].startswith("Contact: Wijk-werkorganisator")


def test_every_shipped_route_whose_first_step_names_a_contact_shows_that_contact(published):
    """All routes, not only the demo schools' top ones: the card gives the contact the decision
    shows, whatever order the published rule set keeps the route's contacts in."""
    from pathways.presentation import route_card

    checked = 0
    for route in published.routes:
        facts = demo_facts("Sint-Vincentiusinstituut Eeklo")
        result = evaluate(facts, published, ON).result(route.code)
        card = route_card(result, published, on=ON)
        steps = card.next_steps
        if not steps or not card.first_step:
            continue
        named = named_contacts(steps[0], card.contacts)
        if named:
            checked += 1
            assert card.step_contact == named[0], route.code
    assert checked >= 5


def test_a_contact_is_named_by_its_name_its_short_name_or_its_address(shipped_ruleset):  # noqa: F811
    ocmw = shipped_ruleset.contact("ocmw")
    imw = shipped_ruleset.contact("wse_imw")

    assert "OCMW" in contact_names(ocmw)
    assert named_contacts("Bel het OCMW van de gemeente.", (ocmw, imw)) == (ocmw,)
    assert named_contacts("Mail individueelmaatwerk@vlaanderen.be.", (ocmw, imw)) == (imw,)
    assert named_contacts("Vraag het OCMW-bestuur.", (ocmw,)) == ()


@pytest.mark.parametrize("name", DEMO_SCHOOLS)
def test_what_to_do_lists_its_routes_in_the_order_of_the_status_list_below_it(published, name):
    advice = evaluate(demo_facts(name), published, ON)
    cards = advice_cards(advice, published)
    decision = decide(advice, cards)

    listed = [card.result.code for group in cards_by_status(cards) for card in group.cards]
    top = [code for code, _step, _contact in shown_routes(decision_html(decision))]

    assert top == sorted(top, key=listed.index)


def test_the_school_in_brussels_is_offered_no_measure_of_the_flemish_region(published):
    advice = evaluate(demo_facts(BRUSSELS_SCHOOL), published, ON)
    assert advice.facts["region"] == "brussels"
    decision = decide(advice, advice_cards(advice, published))

    offered = {r.code for r in advice.results if r.status in (Status.RECOMMENDED, Status.POSSIBLE)}
    assert offered.isdisjoint(FLEMISH_REGION_ONLY), offered & set(FLEMISH_REGION_ONLY)
    assert {card.result.code for card in decision.top}.isdisjoint(FLEMISH_REGION_ONLY)
    named = {route.code for route in decision.region.routes}
    assert {"werkervaringsstage", "transition_internship"} <= named


@pytest.mark.parametrize("code", sorted(FLEMISH_REGION_ONLY))
def test_a_flemish_region_measure_requires_the_flemish_region_with_its_source(
    shipped_ruleset,  # noqa: F811
    code,
):
    route = shipped_ruleset.route(code)
    region = [c for c in route.conditions if c.fact == "region" and c.required]

    assert region, f"{code} has no required region condition"
    (condition,) = region
    allowed = condition.value if isinstance(condition.value, list | tuple) else [condition.value]
    assert list(allowed) == ["flanders"], (code, allowed)
    assert FLEMISH_REGION_ONLY[code] in condition.source
    assert re.search(r"Vlaams|Vlaanderen", condition.text_not_met)


@pytest.mark.parametrize("name", DEMO_SCHOOLS)
def test_the_reports_overview_table_lists_the_routes_in_the_order_of_the_advice_page(
    published, name
):
    from reports.pdf import ReportSubject, build_context

    advice = evaluate(demo_facts(name), published, ON)
    cards = advice_cards(advice, published)
    page_order = [card.result.code for group in cards_by_status(cards) for card in group.cards]

    report = build_context(advice, published, ReportSubject(name=name))["report"]
    table = [card.result.code for card in report.summary]
    top = [card.result.code for card in report.decision.top]

    assert [c for c in table if c in page_order] == page_order
    assert top == sorted(top, key=table.index)


ARTICLE_60_PAGE = "https://www.mi-is.be/be-nl/ocmw/artikel-60-7"


def test_the_twe_cards_contact_links_to_a_twe_page_not_the_article_60_page(shipped_ruleset):  # noqa: F811
    # The first step ("Vraag het OCMW of VDAB ...") names the OCMW; for tijdelijke werkervaring
    # its link must be about TWE, while article 60 keeps the page about article 60.
    facts = demo_facts("Sint-Vincentiusinstituut Eeklo", contact_ocmw=True, mentor_available=True)
    advice = evaluate(facts, shipped_ruleset, ON)
    cards = {card.result.code: card for card in advice_cards(advice, shipped_ruleset)}

    twe = cards["twe"].step_contact
    assert twe.name.startswith("OCMW") and twe.url != ARTICLE_60_PAGE
    assert "tijdelijkewerkervaring" in twe.url
    assert ARTICLE_60_PAGE in [contact.url for contact in cards["art60"].contacts]


def test_no_route_names_a_contact_whose_link_is_another_routes_own_page(shipped_ruleset):  # noqa: F811
    # A contact's link is either a general site or a page about the routes that name it.
    route_pages = {ARTICLE_60_PAGE: {"art60"}}
    for route in shipped_ruleset.routes:
        for code in route.contacts:
            url = shipped_ruleset.contact(code).url
            if url in route_pages:
                assert route.code in route_pages[url], (route.code, code)
