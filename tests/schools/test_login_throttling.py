"""Login throttling: repeated wrong passwords lock the account, on the site and in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from pathways.roles import DEPARTMENT
from schools.models import User
from tests.factories import PASSWORD, make_member, make_user

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/beheer/login/"
LOCKED_OUT = "Aanmelden tijdelijk geblokkeerd"


@pytest.fixture
def victim(db) -> User:
    return make_user("an.peeters", is_staff=True)


@pytest.fixture
def department_staff(db) -> User:
    return make_member("dep.wse", DEPARTMENT, is_staff=True)


def _login(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def _is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client: Client, url: str, username: str, times: int) -> None:
    for _ in range(times):
        response = _login(client, url, username, "fout-wachtwoord")
        assert response.status_code in (200, 429)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_the_51st_attempt_is_refused_even_with_the_right_password(victim, url):
    client = Client()
    _fail(client, url, victim.username, 50)

    response = _login(client, url, victim.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT in response.text
    assert "ook niet met het juiste wachtwoord" in response.text
    assert not _is_signed_in(client)


def test_the_lockout_holds_from_another_browser_and_on_the_other_login_page(victim, settings):
    _fail(Client(), SITE_LOGIN, victim.username, settings.AXES_FAILURE_LIMIT)

    other = Client()
    response = _login(other, ADMIN_LOGIN, victim.username, PASSWORD)

    assert response.status_code == 429
    assert not _is_signed_in(other)


def test_a_few_typing_errors_do_not_lock_and_a_right_password_starts_the_count_again(
    victim, settings
):
    client = Client()
    _fail(client, SITE_LOGIN, victim.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, SITE_LOGIN, victim.username, PASSWORD).status_code == 302
    client.logout()

    _fail(client, SITE_LOGIN, victim.username, settings.AXES_FAILURE_LIMIT - 1)
    response = _login(client, SITE_LOGIN, victim.username, PASSWORD)

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_the_wrong_password_page_says_so_in_dutch_before_the_lockout(victim):
    response = _login(Client(), SITE_LOGIN, victim.username, "fout-wachtwoord")

    assert response.status_code == 200
    assert LOCKED_OUT not in response.text
    assert "gebruikersnaam" in response.text.lower()


def test_department_staff_see_the_lock_and_lift_it_in_the_admin(victim, department_staff, settings):
    _fail(Client(), SITE_LOGIN, victim.username, settings.AXES_FAILURE_LIMIT)
    staff = Client()
    staff.force_login(department_staff)

    listing = staff.get("/beheer/schools/user/?q=an.peeters")
    assert "Aanmeldblokkering opheffen" in listing.text
    assert listing.context["cl"].result_list[0].locked_out is True

    response = staff.post(
        "/beheer/schools/user/",
        {"action": "unlock_logins", "_selected_action": [victim.pk]},
        follow=True,
    )
    assert "De aanmeldblokkering van 1 gebruiker is opgeheven." in response.text

    client = Client()
    assert _login(client, SITE_LOGIN, victim.username, PASSWORD).status_code == 302
    assert _is_signed_in(client)


def test_staff_without_the_unlock_right_cannot_lift_a_lock(victim, settings):
    reader = make_user("lezer", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_user"))
    _fail(Client(), SITE_LOGIN, victim.username, settings.AXES_FAILURE_LIMIT)
    staff = Client()
    staff.force_login(reader)

    assert "Aanmeldblokkering opheffen" not in staff.get("/beheer/schools/user/").text
    staff.post(
        "/beheer/schools/user/", {"action": "unlock_logins", "_selected_action": [victim.pk]}
    )

    assert _login(Client(), SITE_LOGIN, victim.username, PASSWORD).status_code == 429
