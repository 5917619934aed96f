"""Who may open which page: every view, every role, an own and a foreign object."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools import access

from .conftest import client_for

ROLES = ("manager", "board_staff", "department", "stranger", "other_staff")

# (url name, object, expected status per role). ``school`` belongs to ``board``; ``stranger``
# and ``other_staff`` belong to ``other_board``, so every school page is foreign to them.
SCHOOL_PAGES = {
    "schools:school-detail": dict(manager=200, board_staff=200, department=200),
    "schools:school-edit": dict(manager=403, board_staff=200, department=403),
    "schools:questionnaire-review": dict(manager=200, board_staff=200, department=200),
    "schools:school-advice": dict(manager=200, board_staff=200, department=200),
}
BOARD_PAGES = {
    "schools:board-detail": dict(manager=404, board_staff=200, department=200),
    "schools:board-invite": dict(manager=404, board_staff=200, department=403),
}


def _cases():
    for name, own in SCHOOL_PAGES.items():
        for role in ROLES:
            yield name, "school", role, own.get(role, 404)
    for role, status in dict(manager=200, board_staff=200, department=403).items():
        yield "schools:questionnaire-step", "school", role, status
    for role in ("stranger", "other_staff"):
        yield "schools:questionnaire-step", "school", role, 404
    for name, own in BOARD_PAGES.items():
        for role in ROLES:
            yield name, "board", role, own.get(role, 404)


def _url(name: str, obj) -> str:
    if name == "schools:questionnaire-step":
        return reverse(name, args=[obj.pk, "facility"])
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize(("name", "target", "role", "expected"), list(_cases()))
def test_every_page_answers_each_role_as_the_matrix_says(
    request,
    rules,
    manager,
    board_staff,
    department,
    stranger,
    other_staff,
    name,
    target,
    role,
    expected,
):
    obj = request.getfixturevalue(target)
    response = client_for(request.getfixturevalue(role)).get(_url(name, obj))
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["manager", "board_staff", "stranger", "other_staff"])
@pytest.mark.parametrize(
    "name",
    [*SCHOOL_PAGES, "schools:questionnaire-step"],
)
def test_a_stranger_to_a_school_gets_404_and_never_sees_its_name(
    request, rules, foreign_school, role, name
):
    """``foreign_school`` is on ``other_board``: only ``stranger`` and ``other_staff`` see it."""
    user = request.getfixturevalue(role)
    response = client_for(user).get(_url(name, foreign_school))
    if role in ("manager", "board_staff"):
        assert response.status_code == 404
        assert foreign_school.name not in response.content.decode()
    else:
        assert response.status_code in (200, 403)


def test_facility_manager_of_another_board_gets_404_on_the_board_overview(rules, board, stranger):
    response = client_for(stranger).get(reverse("schools:board-detail", args=[board.pk]))
    assert response.status_code == 404
    assert board.name not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["schools:school-detail", "schools:school-advice", "schools:board-detail"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, school, name):
    obj = school.board if name == "schools:board-detail" else school
    response = client.get(reverse(name, args=[obj.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_stranger_cannot_post_answers_to_another_schools_questionnaire(rules, school, stranger):
    url = reverse("schools:questionnaire-step", args=[school.pk, "employment"])
    response = client_for(stranger).post(url, {"revision": 0, "open_vacancy": "true"})
    assert response.status_code == 404
    assert not school.versions.exists()


def test_department_staff_cannot_submit_a_questionnaire(rules, school, department):
    url = reverse("schools:questionnaire-review", args=[school.pk])
    response = client_for(department).post(url, {"revision": 0})
    assert response.status_code == 403


def test_schools_for_user_gives_each_role_its_own_schools(
    school, sibling, foreign_school, manager, board_staff, stranger, department
):
    assert set(access.schools_for_user(manager)) == {school}
    assert set(access.schools_for_user(board_staff)) == {school, sibling}
    assert set(access.schools_for_user(stranger)) == {foreign_school}
    assert set(access.schools_for_user(department)) == {school, sibling, foreign_school}


def test_boards_for_user_shows_boards_to_board_staff_and_department_only(
    board, other_board, manager, board_staff, department
):
    assert list(access.boards_for_user(manager)) == []
    assert list(access.boards_for_user(board_staff)) == [board]
    assert set(access.boards_for_user(department)) == {board, other_board}


def test_superusers_read_everything_like_department_staff(
    school, foreign_school, django_user_model
):
    admin = django_user_model.objects.create_superuser("root", "root@example.be", "x-long-pw-42")
    assert access.is_department(admin)
    assert set(access.schools_for_user(admin)) == {school, foreign_school}


def test_only_managers_and_board_staff_of_the_school_may_edit_its_questionnaire(
    school, manager, board_staff, department, stranger, other_staff
):
    assert access.can_edit_questionnaire(manager, school)
    assert access.can_edit_questionnaire(board_staff, school)
    assert not access.can_edit_questionnaire(department, school)
    assert not access.can_edit_questionnaire(stranger, school)
    assert not access.can_edit_questionnaire(other_staff, school)


def test_facility_managers_land_on_their_school_list_after_login(client, manager, school):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": manager.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("schools:school-list")
    assert school.name in response.content.decode()


def test_leaving_the_department_group_takes_effect_on_the_next_request(rules, school, department):
    # The department tie comes with the user each request loads, never from an older request.
    client = client_for(department)
    url = reverse("schools:school-advice", args=[school.pk])
    assert client.get(url).status_code == 200

    department.groups.clear()

    assert client.get(url).status_code == 404


def test_the_school_list_says_all_schools_to_department_staff_and_my_schools_to_others(
    rules, school, department, manager
):
    url = reverse("schools:school-list")
    assert "<h1>Alle scholen</h1>" in client_for(department).get(url).content.decode()
    assert "<h1>Mijn scholen</h1>" in client_for(manager).get(url).content.decode()
