"""The quick scan's rate limit holds across web processes: its counts live in the database."""

from __future__ import annotations

import math
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from schools import scan
from schools.models import ScanRequestCount

pytestmark = pytest.mark.django_db(transaction=True)


def in_a_fresh_worker(work):
    """Run ``work`` as another web process would: its own database connection, and no
    in-process state (the caches) shared with the requests before it."""
    for cache in caches.all():
        cache.clear()
    result = []

    def run():
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def test_the_limit_counts_the_requests_every_worker_served(monkeypatch):
    monkeypatch.setattr(scan, "PAGE_LIMIT", (2, 600))

    def scan_page():
        return Client(REMOTE_ADDR="192.0.2.10").get(reverse("scan:start")).status_code

    assert [in_a_fresh_worker(scan_page) for _ in range(3)] == [200, 200, 429]
    assert Client(REMOTE_ADDR="192.0.2.11").get(reverse("scan:start")).status_code == 200


# PostgreSQL only: the in-memory SQLite test database locks the table for a second connection
# ("database table is locked") instead of waiting; production SQLite (a file, WAL) waits.
@pytest.mark.postgresql
def test_simultaneous_requests_lose_no_count():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.20")
    errors = []

    def count_ten():
        try:
            for _ in range(10):
                scan.allow(request, "page", (1000, 600))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=count_ten) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(ScanRequestCount.objects.values_list("count", flat=True)) == [60]


def test_the_client_address_is_not_stored_and_expired_counts_are_removed(monkeypatch):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.30")
    assert scan.allow(request, "pdf", (10, 3600))
    assert "192.0.2.30" not in ScanRequestCount.objects.get().key

    ScanRequestCount.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert scan.allow(request, "page", (10, 600))  # a new window's first request prunes
    assert [
        key.split(":")[0] for key in ScanRequestCount.objects.values_list("key", flat=True)
    ] == ["page"]


def test_a_refusal_says_in_minutes_when_to_try_again_and_sends_retry_after(monkeypatch):
    monkeypatch.setattr(scan, "PAGE_LIMIT", (1, 3600))
    client = Client(REMOTE_ADDR="192.0.2.50")
    assert client.get(reverse("scan:start")).status_code == 200
    before = time.time()
    refused = client.get(reverse("scan:start"))

    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    # The hour-long period ends on the hour: that is when this client may ask again.
    assert abs(before + seconds - (before // 3600 + 1) * 3600) <= 2
    minutes = math.ceil(seconds / 60)
    text = " ".join(refused.content.decode().split())
    if minutes == 1:
        assert "Probeer het over 1 minuut opnieuw." in text
    else:
        assert f"Probeer het over {minutes} minuten opnieuw." in text
    assert "over een tijdje" not in text


def test_an_answer_that_was_not_refused_has_no_retry_after(client):
    assert not client.get(reverse("scan:start")).has_header("Retry-After")


def test_the_refusal_says_when_in_english_too(monkeypatch):
    monkeypatch.setattr(scan, "PAGE_LIMIT", (0, 3600))
    with translation.override("nl-be"):  # the request's English stays with it
        refused = Client(REMOTE_ADDR="192.0.2.51", HTTP_ACCEPT_LANGUAGE="en").get(
            reverse("scan:start")
        )
    minutes = math.ceil(int(refused["Retry-After"]) / 60)
    unit = "minute" if minutes == 1 else "minutes"
    assert f"Please try again in {minutes} {unit}." in refused.content.decode()
