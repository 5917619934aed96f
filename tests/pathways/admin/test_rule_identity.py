"""Importing a rule file or rolling back keeps each draft row's identity and change history."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from pathways.adapters import draft_to_dict, replace_draft
from pathways.engine.loader import content_hash
from pathways.models import Condition, Contact, Parameter, Route, RuleSetVersion, RuleTestCase
from pathways.publishing import import_draft, publish_checked, rollback_to
from tests.checks import page_html

pytestmark = pytest.mark.django_db


def _ids(model, key: str) -> dict:
    return dict(model.objects.values_list(key, "pk"))


def _route(data: dict, code: str) -> dict:
    return next(r for r in data["routes"] if r["code"] == code)


def test_importing_a_changed_file_keeps_every_row_and_adds_to_its_history(editor_client, published):
    routes, parameters = _ids(Route, "code"), _ids(Parameter, "code")
    conditions = set(Condition.objects.values_list("pk", flat=True))
    route = Route.objects.get(code="wijkwerken")
    history_before = route.history.count()
    data = draft_to_dict()
    _route(data, "wijkwerken")["title"] = "Wijkwerken (nieuwe titel)"

    import_draft(data)

    assert _ids(Route, "code") == routes
    assert _ids(Parameter, "code") == parameters
    assert set(Condition.objects.values_list("pk", flat=True)) == conditions
    route.refresh_from_db()
    assert route.title == "Wijkwerken (nieuwe titel)"
    assert route.history.count() == history_before + 1
    assert route.history.first().title == "Wijkwerken (nieuwe titel)"
    page = editor_client.get(reverse("admin:pathways_route_change", args=[route.pk]))
    assert "Wijkwerken (nieuwe titel)" in page_html(page)


def test_importing_the_same_file_again_changes_no_row(published):
    data = draft_to_dict()
    histories = {r.pk: r.history.count() for r in Route.objects.all()}

    import_draft(data)

    assert {r.pk: r.history.count() for r in Route.objects.all()} == histories


def test_rows_the_file_drops_are_deleted_and_new_ones_added(published):
    data = draft_to_dict()
    dropped = data["routes"].pop()
    new = copy.deepcopy(_route(data, "wijkwerken"))
    last = max(r["order"] for r in data["routes"])
    new.update(code="wijkwerken_bis", title="Wijkwerken bis", order=last + 1)
    data["routes"].append(new)
    data["test_cases"] = [
        case for case in data["test_cases"] if dropped["code"] not in case["expected"]
    ]
    for route in data["routes"]:
        successors = [s for s in route.pop("successors", []) if s != dropped["code"]]
        if successors:
            route["successors"] = successors
    kept = _ids(Route, "code")

    import_draft(data)

    now = _ids(Route, "code")
    assert dropped["code"] not in now
    assert "wijkwerken_bis" in now
    assert {code: pk for code, pk in now.items() if code in kept} == {
        code: pk for code, pk in kept.items() if code != dropped["code"]
    }
    assert content_hash(draft_to_dict()) == content_hash(data)


def test_a_rollback_keeps_the_rows_and_their_history(published):
    routes, contacts = _ids(Route, "code"), _ids(Contact, "code")
    cases = _ids(RuleTestCase, "name")
    data = draft_to_dict()
    _route(data, "wijkwerken")["summary"] = "Een andere samenvatting."
    replace_draft(data)
    publish_checked(note="Samenvatting herschreven")
    route = Route.objects.get(code="wijkwerken")
    history_before = route.history.count()

    rollback_to(published, note="Terug")

    assert _ids(Route, "code") == routes
    assert _ids(Contact, "code") == contacts
    assert _ids(RuleTestCase, "name") == cases
    route.refresh_from_db()
    assert route.summary != "Een andere samenvatting."
    assert route.history.count() == history_before + 1
    assert content_hash(draft_to_dict()) == published.content_hash


def test_rolling_back_to_the_rules_already_in_use_is_refused_with_a_message(
    publisher_client, published
):
    response = publisher_client.post(
        reverse("admin:pathways_rollback", args=[published.number]), follow=True
    )

    assert "versie 1 heeft al dezelfde regels als versie 1." in page_html(response).lower()
    assert RuleSetVersion.objects.count() == 1
