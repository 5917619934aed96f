"""Board staff invite facility managers; the invitation link makes an account."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import Invitation, SchoolMembership, User

from .conftest import client_for


def invite(client, board, school, email="nieuw@school.be"):
    return client.post(
        reverse("schools:board-invite", args=[board.pk]), {"email": email, "school": school.pk}
    )


def mailed_path(message) -> str:
    """Return the invitation link's path from an invitation e-mail."""
    match = re.search(r"http://testserver(/uitnodiging/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_board_staff_send_an_invitation_link_by_email(rules, board, school, board_staff):
    response = invite(client_for(board_staff), board, school)
    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@school.be"]
    assert mailed_path(mail.outbox[0]).startswith("/uitnodiging/")
    assert school.name in mail.outbox[0].subject


def test_the_database_keeps_only_a_hash_of_the_invitation_token(rules, board, school, board_staff):
    invite(client_for(board_staff), board, school)
    token = mailed_path(mail.outbox[0]).split("/")[2]
    row = Invitation.objects.values().get()
    assert len(token) >= 43
    assert token not in repr(row)
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_read_only_department_staff_see_no_token_or_link_of_an_open_invitation(
    rules, board, school, board_staff, department
):
    department.is_staff = True
    department.save()
    invite(client_for(board_staff), board, school)
    path = mailed_path(mail.outbox[0])
    token = path.split("/")[2]
    invitation = Invitation.objects.get()
    client = client_for(department)
    listing = client.get(reverse("admin:schools_invitation_changelist"))
    detail = client.get(reverse("admin:schools_invitation_change", args=[invitation.pk]))
    board_page = client.get(reverse("schools:board-invite", args=[board.pk]))
    assert listing.status_code == detail.status_code == 200
    for response in (listing, detail, board_page):
        assert token not in response.content.decode()
        assert invitation.token_hash not in response.content.decode()
    assert board_page.status_code == 403


def test_a_guessed_or_hashed_token_opens_no_invitation(rules, board, school, board_staff, client):
    invite(client_for(board_staff), board, school)
    invitation = Invitation.objects.get()
    by_hash = reverse("schools:invitation-accept", args=[invitation.token_hash])
    assert client.get(by_hash).status_code == 404


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
    response = client.post(
        mailed_path(mail.outbox[0]),
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
    path = mailed_path(mail.outbox[0])
    data = {
        "first_name": "Nora",
        "last_name": "Janssens",
        "password1": "groene-kastanje-77",
        "password2": "groene-kastanje-77",
    }
    client.post(path, data)
    client.logout()
    response = client.get(path)
    assert response.status_code == 410


def test_an_expired_invitation_is_refused(rules, school, board_staff, client):
    invitation = Invitation.objects.issue(
        school=school,
        email="laat@school.be",
        created_by=board_staff,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert client.get(invitation.accept_path()).status_code == 410


def test_an_unknown_invitation_gives_404(client, db):
    assert client.get(reverse("schools:invitation-accept", args=["onbekend"])).status_code == 404


def test_a_signed_in_user_with_another_address_cannot_take_an_invitation(
    rules, school, board_staff, stranger
):
    invitation = Invitation.objects.issue(
        school=school,
        email="iemand.anders@school.be",
        created_by=board_staff,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    response = client_for(stranger).post(invitation.accept_path(), follow=True)
    assert "Deze uitnodiging is verstuurd naar iemand.anders@school.be" in response.content.decode()
    assert not SchoolMembership.objects.filter(user=stranger, school=school).exists()


def test_the_password_reset_page_is_reachable_for_everyone(client, db):
    assert client.get(reverse("password_reset")).status_code == 200
