"""The session engine reads sessions with a prepared query, and still refuses expired ones."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from schools.sessions import SessionStore

from .conftest import client_for


def test_the_site_uses_the_prepared_session_store():
    assert settings.SESSION_ENGINE == "schools.sessions"


def test_a_session_is_read_until_it_expires(db):
    store = SessionStore()
    store["colour"] = "groen"
    store.create()
    assert SessionStore(store.session_key).load() == {"colour": "groen"}

    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)

    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on save, as Django's own store does
    assert SessionStore("no-such-session-key").load() == {}


def test_a_signed_in_user_whose_session_expired_must_sign_in_again(school, manager):
    client = client_for(manager)
    url = reverse("schools:school-detail", args=[school.pk])
    assert client.get(url).status_code == 200

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
