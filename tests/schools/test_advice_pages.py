"""The school advice page and the board overview."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pathways.services import today
from schools.models import School
from tests.factories import make_school, submit_answers

from .conftest import client_for
from .rules import BIG_SCHOOL, SMALL_SCHOOL


def text_of(html: str) -> str:
    """Return the page text without tags (glossary terms are wrapped in <abbr>)."""
    return re.sub(r"<[^>]+>", "", html)


def advice_url(school) -> str:
    return reverse("schools:school-advice", args=[school.pk])


def test_without_a_submitted_questionnaire_the_advice_page_says_so(rules, school, manager):
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "Er is nog geen ingediende vragenlijst." in html


def test_the_advice_names_its_questionnaire_version_and_the_rules_used(rules, school, manager):
    version = submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "gebaseerd op vragenlijst versie 1 van" in html
    assert f"Regels: versie {rules.number} ({rules.identifier})" in html
    assert version.number == 1


def test_routes_are_grouped_by_status_with_a_symbol_and_text(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "Aanbevolen voor uw school" in html
    assert "Niet meer mogelijk — wat kwam in de plaats" in html
    assert (
        '<span class="status-badge status-badge--recommended"><span class="status-badge__symbol" '
        'aria-hidden="true">✔</span> Aanbevolen</span>'
    ) in html


def test_each_route_explains_why_with_the_answer_used_and_shows_contacts_and_sources(
    rules, school, manager
):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "uit uw gegevens: 6,32 VTE · minimum: 5 VTE" in html
    assert "regisseur@gemeente.example" in html
    assert "09 123 45 67" in html
    assert "Decreet lokale diensteneconomie" in html
    assert "Contacteer de lokale regisseur." in html


def test_a_gap_is_shown_for_a_threshold_not_reached(rules, school, manager):
    submit_answers(school, manager, SMALL_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "2 VTE van de vereiste 5 VTE: 3 VTE tekort" in text_of(html)


def test_a_route_no_longer_in_force_links_to_its_successor(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()
    assert "Sinds 1 juli 2023 kunnen scholen hier niet meer nieuw instappen." in html
    assert '<a href="#traject-individueel_maatwerk">Individueel maatwerk</a>' in html


def test_routes_lacking_answers_link_to_the_missing_question(rules, school, manager):
    submit_answers(school, manager, {"hours_cleaning": 200})
    html = client_for(manager).get(advice_url(school)).content.decode()
    step = reverse("schools:questionnaire-step", args=[school.pk, "employment"])
    assert f'href="{step}#id_open_to_hire_target_group"' in html


def test_board_staff_may_see_the_advice_on_another_date(rules, school, manager, board_staff):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(board_staff).get(advice_url(school) + "?datum=2023-01-15").content.decode()
    assert "beoordeeld op 15 januari 2023" in html
    # Before 1 July 2023 the maatwerkafdeling was still open.
    assert "Sinds 1 juli 2023" not in html


def test_a_bad_date_gives_a_message_and_the_advice_of_today(rules, school, manager, board_staff):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(board_staff).get(advice_url(school) + "?datum=31-02-2024").content.decode()
    assert "is geen bruikbare datum" in html
    assert "niet op vandaag" not in html


def test_facility_managers_see_the_advice_of_today_whatever_the_date_asked(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school) + "?datum=2023-01-15").content.decode()
    assert "beoordeeld op 15 januari 2023" not in html


def test_the_board_overview_shows_every_school_per_route_and_what_they_reach_together(
    rules, board, school, sibling, manager, board_staff
):
    submit_answers(school, manager, SMALL_SCHOOL)  # 2 VTE
    submit_answers(sibling, board_staff, SMALL_SCHOOL | {"hours_cleaning": 120})  # 3,16 VTE
    html = (
        client_for(board_staff)
        .get(reverse("schools:board-detail", args=[board.pk]))
        .content.decode()
    )
    assert school.name in html and sibling.name in html
    assert "Alle scholen samen" in html
    assert "Alleen samen haalbaar" in html
    assert "Samen: 196 uur facilitair werk per week, of 5,16 VTE." in text_of(html)
    assert "tellen we de uren, leerlingen en bedragen van alle scholen op" in html
    # The schools together are not "your school".
    pooled = html[html.index('id="samen-titel"') :]
    assert "Aanbevolen voor de scholen samen" in pooled
    assert "Aanbevolen voor uw school" not in pooled


def test_the_board_overview_says_where_schools_differ_and_pools_per_region(
    rules, board, school, sibling, manager, board_staff
):
    school.postcode, school.municipality = "1700", "Zaventem"
    school.save()
    sibling.postcode, sibling.municipality = "1083", "Ganshoren"
    sibling.save()
    submit_answers(school, manager, SMALL_SCHOOL)
    submit_answers(sibling, board_staff, SMALL_SCHOOL)

    html = text_of(
        client_for(board_staff)
        .get(reverse("schools:board-detail", args=[board.pk]))
        .content.decode()
    )

    assert "De scholen verschillen in een gegeven" in html
    assert f"Gewest: Brussels Hoofdstedelijk Gewest ({sibling.name})" in html
    assert f"Vlaams Gewest ({school.name})" in html
    assert f"Samen advies voor Gewest: Vlaams Gewest ({school.name})" in html


@pytest.mark.parametrize("count", [1, 20])
def test_the_board_overview_makes_a_bounded_number_of_queries(
    rules, board, board_staff, django_assert_max_num_queries, count
):
    for i in range(count):
        school = make_school(board, f"School {i:02d}", f"{100000 + i}")
        submit_answers(school, board_staff, SMALL_SCHOOL)
    client = client_for(board_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("schools:board-detail", args=[board.pk]))
    assert response.status_code == 200
    assert School.objects.filter(board=board).count() == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_school_pages_make_a_bounded_number_of_queries(
    rules, board, board_staff, django_assert_max_num_queries, count
):
    schools = [make_school(board, f"School {i:02d}", f"{200000 + i}") for i in range(count)]
    for school in schools:
        submit_answers(school, board_staff, BIG_SCHOOL)
    client = client_for(board_staff)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("schools:school-list")).status_code == 200
    # Two of them read the directory: its revision (part of the page's cache key) and the
    # organisations near the school (on a cache miss).
    with django_assert_max_num_queries(14):
        assert client.get(advice_url(schools[0])).status_code == 200


def up_to(html: str, marker: str) -> str:
    return html[: html.index(marker)]


def test_the_advice_page_opens_with_what_to_do_first(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()

    block = html[html.index('id="wat-nu-doen"') : html.index("</section>")]
    assert "Wat nu doen?" in block
    assert "Eerste stap:" in text_of(block)
    assert "Contacteer de lokale regisseur." in text_of(block)
    assert "Lokale regisseur" in text_of(block)
    assert html.index('id="wat-nu-doen"') < html.index('class="card route-card')


def test_the_rules_identifier_stands_in_the_colophon_not_above_the_advice(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()

    assert rules.identifier not in up_to(html, 'class="advice-colophon')
    assert rules.identifier in html[html.index('class="advice-colophon') :]


def test_no_supporting_condition_is_labelled_like_a_status(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()

    assert "(aanbevolen)" not in text_of(html)
    assert "Wat helpt (geen voorwaarde)" in html


def test_routes_no_longer_in_force_are_one_section_not_full_cards(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(manager).get(advice_url(school)).content.decode()

    assert "route-card route-card--not_in_force" not in html
    section = html[html.index('id="status-not_in_force"') :]
    assert "Maatwerkafdeling" in text_of(section)
    assert "In de plaats:" in text_of(section)


def test_a_chosen_date_warns_and_offers_the_way_back_to_today(rules, school, manager, board_staff):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(board_staff).get(advice_url(school) + "?datum=2023-01-15").content.decode()

    assert "Let op: dit is het advies op 15 januari 2023, niet op vandaag." in html
    assert f'<a href="{advice_url(school)}">Terug naar het advies van vandaag</a>' in html


def test_a_second_visit_is_served_without_advising_again(rules, school, manager, monkeypatch):
    submit_answers(school, manager, BIG_SCHOOL)
    client = client_for(manager)
    first = client.get(advice_url(school)).content.decode()

    def refuse(*args, **kwargs):
        raise AssertionError("advised again")

    monkeypatch.setattr("schools.views.advise", refuse)
    second = client.get(advice_url(school)).content.decode()

    assert text_of(second[second.index("<main") :]) == text_of(first[first.index("<main") :])


def test_the_advice_page_follows_a_change_of_the_school_record(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    client = client_for(manager)
    assert "buiten het Vlaams Gewest" not in client.get(advice_url(school)).content.decode()

    school.postcode = "1083"
    school.save()
    html = client.get(advice_url(school)).content.decode()

    assert "Brussels Hoofdstedelijk Gewest, buiten het Vlaams Gewest" in html


def board_url(board) -> str:
    return reverse("schools:board-detail", args=[board.pk])


def test_the_board_overview_on_another_date_warns_and_its_buttons_name_that_date(
    rules, board, school, manager, board_staff
):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(board_staff).get(board_url(board) + "?datum=2023-01-15").content.decode()

    assert "Let op: dit is het advies op 15 januari 2023, niet op vandaag." in html
    assert f'<a href="{board_url(board)}">Terug naar het advies van vandaag</a>' in html
    assert "Advies van het bestuur op 15 januari 2023 als PDF" in html
    assert "Alle rapporten op 15 januari 2023 (ZIP)" in html


def test_the_board_overview_of_today_has_no_date_warning(
    rules, board, school, manager, board_staff
):
    submit_answers(school, manager, BIG_SCHOOL)
    html = client_for(board_staff).get(board_url(board)).content.decode()

    assert "niet op vandaag" not in html
    assert "Advies van het bestuur als PDF" in html


def test_the_board_overview_follows_a_changed_answer_of_one_school(
    rules, board, school, sibling, manager, board_staff
):
    submit_answers(school, manager, SMALL_SCHOOL)
    submit_answers(sibling, board_staff, SMALL_SCHOOL)
    client = client_for(board_staff)
    assert "Samen: 152 uur" in text_of(client.get(board_url(board)).content.decode())

    submit_answers(sibling, board_staff, SMALL_SCHOOL | {"hours_cleaning": 120})

    assert "Samen: 196 uur" in text_of(client.get(board_url(board)).content.decode())


def test_the_board_overview_follows_a_renamed_school_and_a_new_submission(
    rules, board, school, sibling, manager, board_staff
):
    submit_answers(school, manager, SMALL_SCHOOL)
    client = client_for(board_staff)
    html = text_of(client.get(board_url(board)).content.decode())
    assert f"{sibling.name}:\n    nog geen ingediende vragenlijst" in html

    sibling.name = "Basisschool De Linde"
    sibling.save()
    submit_answers(sibling, board_staff, SMALL_SCHOOL)
    submit_answers(school, manager, SMALL_SCHOOL | {"hours_cleaning": 120})
    html = text_of(client.get(board_url(board)).content.decode())

    assert "Basisschool De Linde:\n    vragenlijst versie 1 van" in html
    assert f"{school.name}:\n    vragenlijst versie 2 van" in html


def test_the_board_overview_offers_invitations_only_to_who_may_invite(
    rules, board, school, manager, board_staff, department
):
    submit_answers(school, manager, SMALL_SCHOOL)
    invite = reverse("schools:board-invite", args=[board.pk])
    assert invite in client_for(board_staff).get(board_url(board)).content.decode()

    html = client_for(department).get(board_url(board)).content.decode()

    assert "Alle scholen samen" in html
    assert invite not in html


def test_a_chosen_date_warns_on_the_board_overview_only_when_asked(
    rules, board, school, manager, board_staff
):
    submit_answers(school, manager, SMALL_SCHOOL)
    client = client_for(board_staff)
    # Today's date, chosen: the same advice as without a choice, but with the warning.
    chosen = client.get(board_url(board) + f"?datum={today().isoformat()}").content.decode()
    plain = client.get(board_url(board)).content.decode()

    assert "Let op: dit is het advies op" in chosen
    assert "Let op: dit is het advies op" not in plain
    assert "Terug naar het advies van vandaag" not in plain


def test_the_cached_advice_stands_once_in_the_page_and_its_mark_never(
    rules, board, school, manager, board_staff
):
    submit_answers(school, manager, BIG_SCHOOL)
    for user, url, marker in (
        (manager, advice_url(school), 'id="wat-nu-doen"'),
        (board_staff, board_url(board), 'id="per-school-titel"'),
    ):
        client = client_for(user)
        for _visit in ("rendered", "from the cache"):
            html = client.get(url).content.decode()
            assert html.count(marker) == 1
            assert "advice-body-" not in html
            assert html.rstrip().endswith("</html>")


def test_a_page_served_from_the_cache_asks_the_database_only_who_may_see_what(
    rules, board, board_staff, django_assert_max_num_queries
):
    # Session, user (with its department tie), the school or board with the viewer's ties to
    # it, its answers, the rule-set version with the directory's revision: nothing more.
    school = make_school(board, "School 01", "300001")
    submit_answers(school, board_staff, SMALL_SCHOOL)
    client = client_for(board_staff)
    for url, most in (
        (advice_url(school), 5),
        (reverse("schools:board-detail", args=[board.pk]), 6),
    ):
        assert client.get(url).status_code == 200  # rendered and cached
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_the_board_table_follows_the_school_pages_reading_order_with_closed_routes_folded_last(
    rules, board, school, manager, board_staff
):
    from pathways.services import current_ruleset

    submit_answers(school, manager, BIG_SCHOOL)
    titles = {route.code: route.title for route in current_ruleset().routes}
    advice = client_for(manager).get(advice_url(school)).content.decode()
    groups = advice[advice.index('class="advice-group') : advice.index('id="status-not_in_force"')]
    school_order = [
        titles[code]
        for code in re.findall(r'class="card route-card[^"]*" id="traject-([\w-]+)"', groups)
    ]
    board_html = (
        client_for(board_staff)
        .get(reverse("schools:board-detail", args=[board.pk]))
        .content.decode()
    )
    table = board_html[board_html.index('class="table table-bordered board-table') :]
    table, closed = table.split("</table>", 1)
    board_order = [text_of(t).strip() for t in re.findall(r'<th scope="row">(.*?)</th>', table)]

    assert len(school_order) > 2
    assert board_order == school_order  # one school: the same routes in the same order
    # The routes no longer in force follow the table, folded, as on the school page.
    assert "Maatwerkafdeling" not in text_of(table)
    folded = closed[closed.index('<details class="advice-closed board-closed') :]
    assert "Niet meer mogelijk: 1 traject" in text_of(folded)
    assert "Maatwerkafdeling" in text_of(folded.split("</details>")[0])
