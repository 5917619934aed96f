"""The admin pages around the draft: lists, filters, the fact registry and the sample trace."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.models import Route

pytestmark = pytest.mark.django_db


def test_the_fact_registry_lists_every_fact_with_type_unit_and_use(editor_client, published):
    html = editor_client.get(reverse("admin:pathways_facts")).content.decode()

    assert 'id="fact-facility_fte"' in html
    assert "Facilitair werk in voltijdse equivalenten" in html
    assert "VTE" in html
    assert "<code>vzw</code> Vrij gesubsidieerd schoolbestuur (vzw)" in html
    assert "Maatwerkafdeling" in html  # a route whose condition uses facility_fte


def test_the_route_list_filters_on_the_status_today(editor_client, published):
    url = reverse("admin:pathways_route_changelist")

    closed = editor_client.get(url + "?status=closed").content.decode()
    in_force = editor_client.get(url + "?status=in_force").content.decode()

    assert "Lokale diensteneconomie" in closed
    assert "Lokale diensteneconomie" not in in_force
    assert "Individueel maatwerk" in in_force


def test_the_route_list_searches_titles(editor_client, published):
    html = editor_client.get(
        reverse("admin:pathways_route_changelist") + "?q=wijk"
    ).content.decode()

    assert "Wijk-werken" in html
    assert "Individueel maatwerk" not in html


def test_a_route_page_shows_its_trace_on_the_sample_school_with_the_draft(editor_client, published):
    route = Route.objects.get(code="individueel_maatwerk")
    route.closed_to_new_from = "2024-01-01"
    route.save()

    html = editor_client.get(
        reverse("admin:pathways_route_change", args=[route.pk])
    ).content.decode()

    assert 'class="sample-trace"' in html
    assert "Niet (meer) van kracht" in html


def test_the_admin_index_links_the_rule_pages(editor_client, published):
    html = editor_client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:pathways_facts") in html
    assert reverse("admin:pathways_testcases") in html
    assert reverse("admin:pathways_compare") in html


def test_a_school_user_cannot_open_the_rule_pages(client, user, published):
    client.force_login(user)

    response = client.get(reverse("admin:pathways_facts"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
