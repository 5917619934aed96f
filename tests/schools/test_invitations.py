"""Board staff invite facility managers; the invitation link makes an account."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import Invitation, SchoolMembership, User

from .conftest import client_for


def invite(client, board, school, email="nieuw@school.be"):
    return client.post(
        reverse("schools:board-invite", args=[board.pk]), {"email": email, "school": school.pk}
    )


def test_board_staff_send_an_invitation_link_by_email(rules, board, school, board_staff):
    response = invite(client_for(board_staff), board, school)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@school.be"]
    assert f"http://testserver/uitnodiging/{invitation.token}/" in mail.outbox[0].body
    assert school.name in mail.outbox[0].subject


def test_board_staff_cannot_invite_for_a_school_of_another_board(
    rules, board, foreign_school, board_staff
):
    response = invite(client_for(board_staff), board, foreign_school)
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_makes_an_account_and_a_facility_manager(
    rules, board, school, board_staff, client
):
    invite(client_for(board_staff), board, school)
    invitation = Invitation.objects.get()
    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Nora",
            "last_name": "Janssens",
            "password1": "groene-kastanje-77",
            "password2": "groene-kastanje-77",
        },
        follow=True,
    )
    user = User.objects.get(email="nieuw@school.be")
    assert SchoolMembership.objects.filter(user=user, school=school).exists()
    assert response.redirect_chain[-1][0] == reverse("schools:school-list")
    assert school.name in response.content.decode()


def test_an_invitation_works_only_once(rules, board, school, board_staff, client):
    invite(client_for(board_staff), board, school)
    invitation = Invitation.objects.get()
    data = {
        "first_name": "Nora",
        "last_name": "Janssens",
        "password1": "groene-kastanje-77",
        "password2": "groene-kastanje-77",
    }
    client.post(invitation.get_absolute_url(), data)
    client.logout()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410


def test_an_expired_invitation_is_refused(rules, school, board_staff, client):
    invitation = Invitation.objects.create(
        school=school,
        email="laat@school.be",
        created_by=board_staff,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert client.get(invitation.get_absolute_url()).status_code == 410


def test_an_unknown_invitation_gives_404(client, db):
    assert client.get(reverse("schools:invitation-accept", args=["onbekend"])).status_code == 404


def test_a_signed_in_user_with_another_address_cannot_take_an_invitation(
    rules, school, board_staff, stranger
):
    invitation = Invitation.objects.create(
        school=school,
        email="iemand.anders@school.be",
        created_by=board_staff,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    response = client_for(stranger).post(invitation.get_absolute_url(), follow=True)
    assert "Deze uitnodiging is verstuurd naar iemand.anders@school.be" in response.content.decode()
    assert not SchoolMembership.objects.filter(user=stranger, school=school).exists()


def test_the_password_reset_page_is_reachable_for_everyone(client, db):
    assert client.get(reverse("password_reset")).status_code == 200
