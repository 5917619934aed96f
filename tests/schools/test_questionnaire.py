"""The questionnaire: steps built from the registry, validation, drafts, locking, submitting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.engine.facts import FACTS, STEPS
from schools import services
from schools.models import QuestionnaireVersion
from schools.questionnaire import MSG_STALE, QUESTION_FACTS_BY_STEP, StepForm
from tests.checks import assert_shows, page_html
from tests.factories import submit_answers

from .conftest import client_for


def step_url(school, step: str) -> str:
    return reverse("schools:questionnaire-step", args=[school.pk, step])


def test_every_question_fact_is_asked_in_exactly_one_step():
    asked = [f.code for step, _t, _i in STEPS for f in QUESTION_FACTS_BY_STEP[step]]
    expected = [f.code for f in FACTS if f.origin == "question"]
    assert sorted(asked) == sorted(expected)
    assert len(asked) == len(set(asked))


def test_the_step_page_shows_the_progress_and_the_questions_of_the_registry(rules, school, manager):
    response = client_for(manager).get(step_url(school, "employment"))
    html = response.content.decode()
    assert "Stap 4 van 8" in html
    for fact in QUESTION_FACTS_BY_STEP["employment"]:
        assert f'id="id_{fact.code}"' in html


def test_the_first_step_shows_record_facts_read_only_with_an_edit_link_for_board_staff(
    rules, school, manager, board_staff
):
    manager_html = client_for(manager).get(step_url(school, "school")).content.decode()
    assert "9000 Gent (Vlaams Gewest)" in manager_html
    step_form = manager_html.split('id="step-form"')[1].split("</form>")[0]
    assert "<input" not in step_form.split('name="csrfmiddlewaretoken"')[1].split("<button")[0]
    assert reverse("schools:school-edit", args=[school.pk]) not in manager_html
    assert "Vraag uw schoolbestuur om de gegevens van de school aan te passen." in manager_html
    staff_html = client_for(board_staff).get(step_url(school, "school")).content.decode()
    assert reverse("schools:school-edit", args=[school.pk]) in staff_html


def test_the_first_step_has_nothing_to_save_so_it_offers_verder_and_no_typing_note(
    rules, school, manager
):
    html = client_for(manager).get(step_url(school, "school")).content.decode()
    step_form = html.split('id="step-form"')[1].split("</form>")[0]
    assert '<button type="submit" class="btn btn-primary" name="next">Verder</button>' in step_form
    assert "Opslaan" not in step_form
    assert "Wat u op deze stap typte" not in html
    # A step with questions still saves, and says that typed input is kept.
    html = client_for(manager).get(step_url(school, "employment")).content.decode()
    assert "Opslaan en verder" in html and "Opslaan en later verdergaan" in html
    assert "Wat u op deze stap typte, blijft bewaard" in html
    # "Verder" leads to the next step, saving nothing.
    response = client_for(manager).post(step_url(school, "school"), {"next": ""})
    assert response.status_code == 302
    assert response["Location"] == step_url(school, "facility")
    assert not QuestionnaireVersion.objects.filter(school=school).exists()


def test_the_facility_step_groups_hours_and_provider_per_task_under_a_legend(
    rules, school, manager
):
    html = client_for(manager).get(step_url(school, "facility")).content.decode()
    assert '<legend class="h5">Schoonmaak</legend>' in html
    assert 'id="id_hours_cleaning"' in html
    assert 'id="id_provider_cleaning"' in html
    assert 'id="id_contract_end_date"' not in html  # the contracts have a step of their own
    contracts = client_for(manager).get(step_url(school, "contracts")).content.decode()
    assert 'id="id_contract_end_date"' in contracts


def test_glossary_terms_are_explained_where_they_are_used(rules, school, manager):
    html = client_for(manager).get(step_url(school, "employment")).content.decode()
    assert '<abbr title="Voltijds equivalent: één voltijdse baan van 38 uur.">VTE</abbr>' in html
    assert "Wat betekenen de begrippen op deze pagina?" in html


def test_a_refused_answer_shows_an_error_summary_linking_to_the_field_and_keeps_the_answers(
    rules, school, manager
):
    response = client_for(manager).post(
        step_url(school, "facility"),
        {"revision": 0, "hours_cleaning": "-3", "hours_maintenance": "12,5"},
    )
    html = page_html(response)
    assert_shows(
        html,
        'role="alert"',
        'href="#id_hours_cleaning"',
        "Moet minstens 0 zijn.",
        'value="12,5"',
        'aria-describedby="id_hours_cleaning_hint id_hours_cleaning_error"',
    )
    assert not school.versions.exists()


def test_text_in_a_number_field_gets_a_dutch_message(rules, school, manager):
    response = client_for(manager).post(
        step_url(school, "facility"), {"revision": 0, "hours_cleaning": "veel"}
    )
    assert "Vul een getal in, bijvoorbeeld 12, 2,5 of 12.000." in response.content.decode()


def test_the_form_refuses_exactly_what_the_engine_refuses():
    form = StepForm(
        {"revision": 0, "planned_target_group_fte": "1001"}, step="employment", answers={}
    )
    assert not form.is_valid()
    assert form.errors["planned_target_group_fte"] == ["Mag hoogstens 1000 zijn."]


def test_a_valid_step_is_saved_in_a_draft_and_leads_to_the_next_step(rules, school, manager):
    response = client_for(manager).post(
        step_url(school, "facility"),
        {
            "revision": 0,
            "hours_cleaning": "38,5",
            "provider_cleaning": "contractor",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(school, "contracts")
    draft = school.versions.get()
    assert draft.status == QuestionnaireVersion.Status.DRAFT
    assert draft.answers == {"hours_cleaning": 38.5, "provider_cleaning": "contractor"}
    assert draft.revision == 1


def test_save_and_return_later_keeps_the_draft_and_the_answers_come_back(rules, school, manager):
    client = client_for(manager)
    response = client.post(
        step_url(school, "employment"), {"revision": 0, "open_vacancy": "true", "later": ""}
    )
    assert response["Location"] == school.get_absolute_url()
    html = client.get(step_url(school, "employment")).content.decode()
    assert 'value="true" id="id_open_vacancy_0" checked' in html
    assert 'name="revision" value="1"' in html


def test_a_save_with_a_stale_revision_is_refused_and_the_typed_answers_are_shown_again(
    rules, school, manager, board_staff
):
    # Both open the step at revision 0; the board staff member saves first.
    services.questionnaire_save_step(
        school=school, user=board_staff, step="facility", data={"hours_cleaning": 10}, revision=0
    )
    response = client_for(manager).post(
        step_url(school, "facility"), {"revision": 0, "hours_cleaning": "99"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert str(MSG_STALE) in html
    assert 'value="99"' in html
    assert 'name="revision" value="1"' in html
    assert school.versions.get().answers == {"hours_cleaning": 10}


def test_the_check_page_lists_answers_with_change_links_and_submitting_makes_a_version(
    rules, school, manager
):
    client = client_for(manager)
    client.post(step_url(school, "employment"), {"revision": 0, "open_vacancy": "false"})
    review = reverse("schools:questionnaire-review", args=[school.pk])
    html = client.get(review).content.decode()
    assert "Controleer uw antwoorden" in html
    assert f"{step_url(school, 'employment')}#id_open_vacancy" in html
    assert "Niet beantwoord" in html
    response = client.post(review, {"revision": 1})
    assert response["Location"] == reverse("schools:school-advice", args=[school.pk])
    version = school.versions.get()
    assert version.status == QuestionnaireVersion.Status.SUBMITTED
    assert version.submitted_at is not None
    assert version.number == 1


def answer_no_vacancy_in_a_new_draft(school, user) -> None:
    """Change one answer after submitting, which starts the next version as a draft."""
    services.questionnaire_save_step(
        school=school,
        user=user,
        step="employment",
        data={"open_vacancy": False},
        revision=services.current_revision(school),
    )


def test_changing_answers_after_submitting_starts_version_two_from_the_old_answers(
    rules, school, manager
):
    submit_answers(school, manager, {"open_vacancy": True, "hours_cleaning": 20})
    answer_no_vacancy_in_a_new_draft(school, manager)
    draft = services.latest_version(school)
    assert draft.number == 2
    assert draft.answers == {"open_vacancy": False, "hours_cleaning": 20}
    assert services.latest_submitted(school).answers["open_vacancy"] is True


def test_submitting_without_a_draft_is_refused(rules, school, manager):
    with pytest.raises(ValidationError):
        services.questionnaire_submit(school=school, user=manager, revision=0)


def test_submitting_with_a_stale_revision_is_refused(rules, school, manager):
    services.questionnaire_save_step(
        school=school, user=manager, step="employment", data={"open_vacancy": True}, revision=0
    )
    with pytest.raises(services.StaleRevision):
        services.questionnaire_submit(school=school, user=manager, revision=0)


def test_an_old_revision_of_a_submitted_version_cannot_write_into_the_next_draft(
    rules, school, manager, board_staff
):
    submit_answers(school, manager, {"open_vacancy": True})
    with pytest.raises(services.StaleRevision):
        services.questionnaire_save_step(
            school=school, user=board_staff, step="employment", data={}, revision=1
        )


def test_school_facts_combine_board_record_and_the_latest_submitted_answers(rules, school, manager):
    submit_answers(
        school, manager, {"contract_end_date": dt.date(2027, 8, 31), "open_vacancy": True}
    )
    answer_no_vacancy_in_a_new_draft(school, manager)
    facts = services.school_facts(school)
    assert facts == {
        "board_type": "vzw",
        "postcode": "9000",
        "pupils": 300,
        "campuses": 1,
        "contract_end_date": dt.date(2027, 8, 31),
        "open_vacancy": True,
    }
    draft = services.latest_version(school)
    assert services.school_facts(school, draft)["open_vacancy"] is False


def test_submitted_profiles_lists_each_school_once_with_its_latest_submission(
    rules, school, sibling, manager, board_staff
):
    submit_answers(school, manager, {"hours_cleaning": 10})
    submit_answers(school, manager, {"hours_cleaning": 20})
    profiles = services.submitted_profiles()
    assert [(s, f["hours_cleaning"]) for s, f in profiles] == [(school, 20)]


def test_the_error_summary_names_the_task_of_each_refused_hours_field(rules, school, manager):
    response = client_for(manager).post(
        step_url(school, "facility"),
        {"revision": 0, "hours_cleaning": "-3", "hours_catering": "veel"},
    )
    html = response.content.decode()
    summary = html[
        html.index('id="foutoverzicht"') : html.index("</ul>", html.index("foutoverzicht"))
    ]
    assert "Er is een probleem" in summary
    assert "Schoonmaak: uren per week: Moet minstens 0 zijn." in summary
    assert "Keuken en catering: uren per week: Vul een getal in" in summary
    assert ">Uren per week:" not in summary


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12.000", 12000), ("€ 12.000", 12000), ("2,5", 2.5), ("12.5", 12.5), ("1.234,5", 1234.5)],
)
def test_numbers_typed_the_belgian_way_are_read_as_meant(typed, stored):
    form = StepForm(
        {"revision": 0, "outsourced_contract_value": typed}, step="contracts", answers={}
    )
    assert form.is_valid(), form.errors
    assert form.answers["outsourced_contract_value"] == stored


def test_a_number_with_a_thousands_separator_is_saved_as_the_whole_amount(rules, school, manager):
    client = client_for(manager)
    client.post(step_url(school, "facility"), {"revision": 0, "hours_cleaning": "1.000"})
    response = client.post(
        step_url(school, "contracts"), {"revision": 1, "outsourced_contract_value": "€ 12.000"}
    )
    assert response.status_code == 302
    answers = school.versions.get().answers
    assert answers["hours_cleaning"] == 1000
    assert answers["outsourced_contract_value"] == 12000


def test_the_submitters_name_stays_on_the_version_after_the_account_is_deleted(
    rules, school, manager, board_staff
):
    version = submit_answers(school, manager, {"open_vacancy": True, "hours_cleaning": 20})
    manager.delete()

    version.refresh_from_db()
    assert version.updated_by is None
    assert version.submitted_by_name == "Sofie Claes"
    page = client_for(board_staff).get(reverse("schools:school-detail", args=[school.pk]))
    assert "Sofie Claes" in page.content.decode()
