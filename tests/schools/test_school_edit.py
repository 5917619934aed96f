"""The school record form board staff fill in: its messages match the questionnaire's."""

from __future__ import annotations

from django.urls import reverse

from tests.checks import page_html
from tests.factories import school_record

from .conftest import client_for


def post_record(school, user, **changes):
    data = school_record(school, **changes)
    return client_for(user).post(reverse("schools:school-edit", args=[school.pk]), data)


def test_out_of_range_counts_are_refused_in_the_questionnaires_words(rules, school, board_staff):
    response = post_record(school, board_staff, pupils="-1", campuses="0")
    html = page_html(response)
    assert "Er is een probleem" in html
    assert "Aantal leerlingen: Moet minstens 0 zijn." in html
    assert "Moet minstens 1 zijn." in html
    assert "Zorg ervoor dat" not in html


def test_too_many_pupils_are_refused_in_the_questionnaires_words(rules, school, board_staff):
    html = post_record(school, board_staff, pupils="200000").content.decode()
    assert "Mag hoogstens 100000 zijn." in html
    assert "Zorg ervoor dat" not in html


def test_a_count_that_is_not_a_number_gets_a_dutch_example(rules, school, board_staff):
    html = post_record(school, board_staff, pupils="veel").content.decode()
    assert "Vul een geheel getal in, bijvoorbeeld 300 of 1.200." in html


def test_a_name_with_a_page_break_is_refused_in_dutch_and_the_old_name_kept(
    rules, school, board_staff
):
    old = school.name
    response = post_record(school, board_staff, name="Sint-Jan\x0cXXXX")
    html = page_html(response)
    assert "Een naam is één regel tekst" in html
    school.refresh_from_db()
    assert school.name == old
