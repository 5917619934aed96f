"""The questionnaire never loses typed answers, knows "weet ik niet", and resumes where it was."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from schools import drafts, services
from schools.models import QuestionnaireVersion
from schools.progress import MAX_TASK_HOURS_PER_PUPIL_WEEK
from schools.questionnaire import QUESTION_COUNT
from tests.factories import PASSWORD, submit_answers

from .conftest import client_for


def step_url(school, step: str) -> str:
    return reverse("schools:questionnaire-step", args=[school.pk, step])


def test_leaving_a_step_with_an_error_by_vorige_stap_keeps_the_typed_input_for_the_return(
    rules, school, manager
):
    client = client_for(manager)
    response = client.post(
        step_url(school, "employment"),
        {
            "revision": 0,
            "planned_target_group_fte": "drie",
            "open_vacancy": "true",
            "goto": "facility",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(school, "facility")
    assert not QuestionnaireVersion.objects.filter(school=school).exists()

    html = client.get(step_url(school, "employment")).content.decode()
    assert 'value="drie"' in html
    assert "Vul een getal in" in html
    assert "nog niet opgeslagen" in html
    assert 'value="true" id="id_open_vacancy_0" checked' in html


def test_an_impossible_date_left_by_vorige_stap_comes_back_with_its_message_not_erased(
    rules, school, manager
):
    submit_answers(school, manager, {"contract_end_date": "2027-06-30"})
    client = client_for(manager)
    revision = services.current_revision(school)
    typed = {"contract_end_date_day": "31", "contract_end_date_month": "02"}
    client.post(
        step_url(school, "contracts"),
        {"revision": revision, **typed, "contract_end_date_year": "2026", "goto": "facility"},
    )

    html = client.get(step_url(school, "contracts")).content.decode()
    assert 'value="31"' in html and 'value="2026"' in html
    assert "Deze datum bestaat niet: 31-02-2026." in html
    # Nothing was saved over the submitted date.
    assert services.latest_submitted(school).answers["contract_end_date"] == "2027-06-30"


def test_the_step_list_marks_a_step_left_with_errors_as_having_problems(rules, school, manager):
    client = client_for(manager)
    client.post(
        step_url(school, "employment"),
        {"revision": 0, "planned_target_group_fte": "-1", "goto": "guidance"},
    )
    html = client.get(step_url(school, "guidance")).content.decode()
    assert "step-list__item--problem" in html
    assert "bevat fouten" in html


def test_leaving_a_valid_step_by_the_step_list_saves_it_and_opens_the_chosen_step(
    rules, school, manager
):
    client = client_for(manager)
    response = client.post(
        step_url(school, "employment"),
        {"revision": 0, "planned_target_group_fte": "2,5", "goto": "cooperation"},
    )
    assert response["Location"] == step_url(school, "cooperation")
    draft = services.latest_version(school)
    assert draft.answers["planned_target_group_fte"] == 2.5
    assert draft.last_step == "cooperation"
    assert "employment" in draft.steps_saved


def test_browsing_a_submitted_questionnaire_by_the_step_list_makes_no_new_draft(
    rules, school, manager
):
    submit_answers(school, manager, {"open_vacancy": True})
    client = client_for(manager)
    revision = services.current_revision(school)
    client.post(
        step_url(school, "employment"),
        {"revision": revision, "open_vacancy": "true", "goto": "guidance"},
    )
    assert list(school.versions.values_list("status", flat=True)) == ["submitted"]


def test_a_step_posted_after_the_session_ended_comes_back_after_login_with_a_notice(
    rules, school, manager
):
    client = Client()
    client.force_login(manager)
    Session.objects.all().delete()  # the session expired on the server

    response = client.post(
        step_url(school, "employment"),
        {"revision": 0, "planned_target_group_fte": "4", "open_vacancy": "false", "later": ""},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not QuestionnaireVersion.objects.filter(school=school).exists()

    login_page = client.get(response["Location"]).content.decode()
    assert "sessie was afgelopen" in login_page
    response = client.post(
        response["Location"], {"username": manager.username, "password": PASSWORD}
    )
    assert response["Location"] == step_url(school, "employment")
    html = client.get(response["Location"]).content.decode()
    assert 'value="4"' in html
    assert "toen uw sessie afliep" in html
    assert 'value="false" id="id_open_vacancy_1" checked' in html


def test_a_stashed_step_is_only_offered_back_on_the_page_it_was_posted_to(rules, school, manager):
    client = client_for(manager)
    session = client.session
    drafts.stash(session, step_url(school, "guidance"), {"mentor_hours_week": ["3"]})
    session.save()
    html = client.get(step_url(school, "employment")).content.decode()
    assert "toen uw sessie afliep" not in html
    html = client.get(step_url(school, "guidance")).content.decode()
    assert 'value="3"' in html


def test_the_kept_input_of_a_step_is_bounded_to_its_own_fields_and_a_short_length():
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post.setlist("open_vacancy", ["true"])
    post.setlist("planned_target_group_fte", ["9" * 10_000])
    post.setlist("something_else", ["x"])
    kept = drafts.bounded_fields(post, ["open_vacancy", "planned_target_group_fte"])
    assert set(kept) == {"open_vacancy", "planned_target_group_fte"}
    assert len(kept["planned_target_group_fte"][0]) == drafts.MAX_VALUE_CHARS


def test_weet_ik_niet_clears_a_yes_no_answer_so_the_route_needs_answers_again(
    rules, school, manager
):
    submit_answers(school, manager, {"open_to_hire_target_group": False})
    client = client_for(manager)
    html = client.get(step_url(school, "employment")).content.decode()
    assert "Weet ik (nog) niet" in html
    client.post(
        step_url(school, "employment"),
        {"revision": services.current_revision(school), "open_to_hire_target_group": "unknown"},
    )
    draft = services.latest_version(school)
    assert "open_to_hire_target_group" not in draft.answers
    review = client.get(reverse("schools:questionnaire-review", args=[school.pk])).content.decode()
    assert "beslist over" in review
    assert "Lokale diensteneconomie (LDE)" in review


def test_the_school_page_resumes_at_the_step_where_the_user_stopped(rules, school, manager):
    client = client_for(manager)
    client.post(
        step_url(school, "guidance"), {"revision": 0, "mentor_hours_week": "2", "later": ""}
    )
    html = client.get(reverse("schools:school-detail", args=[school.pk])).content.decode()
    assert f'href="{step_url(school, "guidance")}"' in html
    assert "Verdergaan waar u gebleven was" in html


def test_the_step_list_shows_done_and_to_do_marks(rules, school, manager):
    client = client_for(manager)
    client.post(step_url(school, "facility"), {"revision": 0, "hours_cleaning": "20"})
    html = client.get(step_url(school, "employment")).content.decode()
    assert html.count("step-list__item--done") == 2  # the school record and the saved step
    assert "step-list__item--todo" in html


def test_the_school_list_offers_a_first_action_to_a_manager_who_has_not_started(
    rules, school, manager
):
    html = client_for(manager).get(reverse("schools:school-list")).content.decode()
    assert "Vragenlijst starten" in html
    assert f'href="{step_url(school, "school")}"' in html


def test_on_the_school_list_only_an_action_that_asks_work_is_a_filled_button(
    rules, school, sibling, board_staff
):
    import re

    submit_answers(sibling, board_staff, {"open_vacancy": True})  # the first row, by name
    html = client_for(board_staff).get(reverse("schools:school-list")).content.decode()
    buttons = dict(
        (label.strip(), classes)
        for classes, label in re.findall(r'<a class="btn btn-sm ([\w-]+)"[^>]*>([^<]+)<', html)
    )
    assert buttons == {
        "Advies bekijken": "btn-outline-primary",
        "Vragenlijst starten": "btn-primary",
    }


def test_the_check_page_counts_the_open_questions(rules, school, manager):
    client = client_for(manager)
    client.post(step_url(school, "employment"), {"revision": 0, "open_vacancy": "true"})
    html = client.get(reverse("schools:questionnaire-review", args=[school.pk])).content.decode()
    total = QUESTION_COUNT
    assert f"{total - 1} van de {total} vragen zijn nog open" in html


def test_implausible_hours_per_pupil_get_a_klopt_dit_warning_that_does_not_block(
    rules, school, manager
):
    hours = school.pupils * MAX_TASK_HOURS_PER_PUPIL_WEEK + 100
    client = client_for(manager)
    response = client.post(
        step_url(school, "facility"), {"revision": 0, "hours_maintenance": str(int(hours))}
    )
    assert response.status_code == 302  # saved all the same
    html = client.get(reverse("schools:questionnaire-review", args=[school.pk])).content.decode()
    assert "Klopt dit?" in html
    assert "Onderhoud en klusjes" in html


def test_planned_jobs_needing_more_hours_than_all_facility_work_get_a_warning(
    rules, school, manager
):
    submit_answers(school, manager, {"hours_cleaning": 20, "planned_target_group_fte": 3})
    html = (
        client_for(manager)
        .get(reverse("schools:questionnaire-review", args=[school.pk]))
        .content.decode()
    )
    assert "U denkt aan 3 VTE, dat is 114 uur per week" in html


def test_the_advice_page_says_a_newer_draft_exists_and_links_to_finish_it(rules, school, manager):
    submit_answers(school, manager, {"open_vacancy": True})
    client = client_for(manager)
    client.post(
        step_url(school, "employment"),
        {"revision": services.current_revision(school), "open_vacancy": "false", "later": ""},
    )
    html = client.get(reverse("schools:school-advice", args=[school.pk])).content.decode()
    assert "Er is een nieuwer concept (versie 2" in html
    assert f'href="{step_url(school, "employment")}">Het concept afwerken' in html


def test_the_home_page_states_the_number_of_questions_and_a_time_estimate(db):
    html = Client().get("/").content.decode()
    assert "Wat heeft u nodig?" in html
    assert "minuten" in html
    assert "Snelle scan zonder account" in html
