"""Publishing the draft: who may, what is refused, rollback, and the admin pages around it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pathways.adapters import draft_to_dict
from pathways.engine.loader import content_hash
from pathways.models import ParameterValue, Route, RuleSetVersion, RuleTestCase
from pathways.presentation import display_datetime
from pathways.publishing import PublishRefused, publish_checked, rollback_to
from pathways.roles import DEPARTMENT, EDITORS, PUBLISH_PERMISSION, PUBLISHERS
from pathways.services import current_ruleset
from tests.checks import page_html
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def lower_invoice_threshold(to: int = 26000) -> None:
    """Change the draft: the accepted-invoice threshold of 2017 goes down to ``to`` EUR."""
    value = ParameterValue.objects.get(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    )
    value.value = to
    value.save()


def test_the_three_roles_exist_with_their_permissions():
    editors = Group.objects.get(name=EDITORS)
    publishers = Group.objects.get(name=PUBLISHERS)
    department = Group.objects.get(name=DEPARTMENT)

    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    publisher_perms = set(publishers.permissions.values_list("codename", flat=True))
    department_perms = set(department.permissions.values_list("codename", flat=True))
    assert {"add_condition", "change_parametervalue", "delete_route"} <= editor_perms
    assert "publish_ruleset" not in editor_perms
    assert editor_perms | {"publish_ruleset"} == publisher_perms
    assert "view_route" in department_perms
    # Department staff change nothing; they may only lift a login lockout.
    assert {p for p in department_perms if p.startswith(("add_", "change_", "delete_"))} == {
        "delete_accessattempt"
    }


def test_an_editor_is_refused_the_publish_page(editor_client, published):
    response = editor_client.get(reverse("admin:pathways_publish"))

    assert response.status_code == 403


def test_an_editor_cannot_publish_by_posting(editor_client, published):
    lower_invoice_threshold()

    response = editor_client.post(reverse("admin:pathways_publish"), {"note": "Drempel"})

    assert response.status_code == 403
    assert RuleSetVersion.objects.count() == 1


def test_an_editor_does_not_see_the_publish_button(editor_client, published):
    index = editor_client.get(reverse("admin:index")).content.decode()
    versions = editor_client.get(reverse("admin:pathways_rulesetversion_changelist"))

    assert reverse("admin:pathways_publish") not in index
    assert reverse("admin:pathways_publish") not in versions.content.decode()
    assert "Regelbeheer" in index


def test_only_who_may_replace_the_draft_sees_the_import_link(client, editor_client, published):
    versions = reverse("admin:pathways_rulesetversion_changelist")
    assert reverse("admin:pathways_import") in editor_client.get(versions).content.decode()

    reader = make_user("dirk.departement", email="dirk@wse.example", is_staff=True)
    reader.groups.add(Group.objects.get(name=DEPARTMENT))
    client.force_login(reader)
    page = client.get(versions)
    assert reverse("admin:pathways_import") not in page_html(page)
    assert client.get(reverse("admin:pathways_import")).status_code == 403


def test_a_publisher_publishes_the_draft_as_the_next_version(
    publisher_client, publisher, published
):
    lower_invoice_threshold()

    response = publisher_client.post(
        reverse("admin:pathways_publish"), {"note": "Drempel aanvaarde factuur verlaagd"}
    )

    assert response.status_code == 302
    version = RuleSetVersion.objects.get(is_current=True)
    assert version.number == 2
    assert version.note == "Drempel aanvaarde factuur verlaagd"
    assert version.published_by == publisher
    assert version.content_hash == content_hash(draft_to_dict())
    assert current_ruleset().identifier == version.identifier
    assert current_ruleset().parameter("accepted_invoice_max").values[-1].value == 26000


def test_publishing_without_a_change_note_is_refused(publisher_client, published):
    response = publisher_client.post(reverse("admin:pathways_publish"), {"note": "  "})

    assert response.status_code == 200
    assert RuleSetVersion.objects.count() == 1


def test_the_index_says_when_the_draft_has_unpublished_changes(publisher_client, published):
    before = publisher_client.get(reverse("admin:index")).content.decode()
    lower_invoice_threshold()
    after = publisher_client.get(reverse("admin:index")).content.decode()

    assert "Het ontwerp is gelijk aan de gepubliceerde versie." in before
    assert "Het ontwerp heeft wijzigingen die nog niet gepubliceerd zijn." in after
    assert reverse("admin:pathways_publish") in after


def test_with_nothing_changed_the_publish_page_says_so_and_offers_no_button(
    publisher_client, publisher, published
):
    lower_invoice_threshold()
    version = publish_checked(user=publisher, note="Drempel verlaagd")

    html = page_html(publisher_client.get(reverse("admin:pathways_publish")))
    index = page_html(publisher_client.get(reverse("admin:index")))

    assert (
        '<p class="nothing-to-publish">Er is niets te publiceren: het ontwerp is gelijk aan '
        f"versie 2, gepubliceerd op {display_datetime(version.published_at)} door "
        "piet.publisher. Pas eerst de regels aan; daarna kunt u hier publiceren.</p>"
    ) in html
    assert 'name="publish"' not in html
    assert 'name="note"' not in html
    assert reverse("admin:pathways_publish") not in index


def test_a_publish_post_with_nothing_changed_is_refused(publisher_client, published):
    response = publisher_client.post(
        reverse("admin:pathways_publish"), {"note": "Nog eens", "based_on": "1"}
    )

    html = page_html(response)
    assert (
        "Er is niets te publiceren: het ontwerp is gelijk aan versie 1, gepubliceerd op "
        f"{display_datetime(published.published_at)}."
    ) in html
    assert 'name="publish"' not in html
    assert RuleSetVersion.objects.count() == 1
    with pytest.raises(PublishRefused):
        publish_checked(note="Nog eens")


def test_an_old_version_with_the_current_rules_offers_no_rollback(publisher_client, published):
    lower_invoice_threshold()
    publish_checked(note="Drempel verlaagd")
    rollback_to(published, note="Terug")  # version 3 has the rules of version 1

    html = page_html(
        publisher_client.get(reverse("admin:pathways_rulesetversion_change", args=[published.pk]))
    )

    assert reverse("admin:pathways_rollback", args=[1]) not in html
    assert (
        "Versie 1 heeft dezelfde regels als de huidige versie (versie 3); terugzetten zou niets "
        "veranderen."
    ) in html


def test_publishing_is_refused_while_a_test_case_fails(publisher_client, published):
    case = RuleTestCase.objects.get(name="Vzw-school in Gent na de hervormingen")
    case.expected = {**case.expected, "wijkwerken": "not_applicable"}
    case.save()

    page = publisher_client.get(reverse("admin:pathways_publish")).content.decode()
    response = publisher_client.post(reverse("admin:pathways_publish"), {"note": "Poging"})

    assert "Publiceren kan pas als alle testgevallen slagen." in page
    assert "Vzw-school in Gent na de hervormingen" in page
    assert "Niet van toepassing → Aanbevolen" in page
    assert "Publiceren geweigerd:" in page_html(response)
    assert RuleSetVersion.objects.count() == 1


def test_publishing_is_refused_while_the_draft_is_invalid(published):
    # A stale row written around the forms: a text where a number belongs.
    condition = Route.objects.get(code="maatwerkafdeling").conditions.first()
    condition.parameter = None
    condition.value = "veel"
    condition.save()

    with pytest.raises(PublishRefused) as excinfo:
        publish_checked(note="Poging")

    assert any("verwacht een getal, niet 'veel'" in p for p in excinfo.value.problems)
    assert RuleSetVersion.objects.count() == 1


def test_rolling_back_republishes_an_old_version_and_loads_it_into_the_draft(
    publisher_client, published
):
    lower_invoice_threshold()
    publish_checked(note="Drempel verlaagd")

    response = publisher_client.post(
        reverse("admin:pathways_rollback", args=[1]), {"note": "Terug naar de oude drempel"}
    )

    assert response.status_code == 302
    current = RuleSetVersion.objects.get(is_current=True)
    assert current.number == 3
    assert current.note == "Terug naar de oude drempel"
    assert current.content_hash == published.content_hash
    assert content_hash(draft_to_dict()) == published.content_hash
    assert RuleSetVersion.objects.get(number=2).data != current.data


def test_an_editor_cannot_roll_back(editor_client, published):
    response = editor_client.post(reverse("admin:pathways_rollback", args=[1]))

    assert response.status_code == 403


def test_published_versions_cannot_be_added_changed_or_deleted(publisher_client, published):
    change_url = reverse("admin:pathways_rulesetversion_change", args=[published.pk])

    add = publisher_client.get(reverse("admin:pathways_rulesetversion_add"))
    change = publisher_client.post(change_url, {"note": "Anders"})
    delete = publisher_client.post(
        reverse("admin:pathways_rulesetversion_delete", args=[published.pk]), {"post": "yes"}
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    published.refresh_from_db()
    assert published.note.startswith("Geladen uit")


def test_the_version_list_shows_number_note_author_and_current_flag(
    publisher_client, publisher, published
):
    lower_invoice_threshold()
    publish_checked(user=publisher, note="Drempel verlaagd")

    html = publisher_client.get(reverse("admin:pathways_rulesetversion_changelist")).content
    html = html.decode()

    assert "Drempel verlaagd" in html
    assert "piet.publisher" in html
    # The draft is what was just published: nothing to publish, so no "Publiceren" tool.
    assert reverse("admin:pathways_publish") not in html
    lower_invoice_threshold(25000)
    html = publisher_client.get(reverse("admin:pathways_rulesetversion_changelist")).content
    assert reverse("admin:pathways_publish") in html.decode()


def test_an_old_version_offers_a_rollback_to_a_publisher(publisher_client, published):
    lower_invoice_threshold()
    publish_checked(note="Drempel verlaagd")

    html = publisher_client.get(
        reverse("admin:pathways_rulesetversion_change", args=[published.pk])
    ).content.decode()

    assert reverse("admin:pathways_rollback", args=[1]) in html


def test_a_change_to_the_draft_is_kept_in_its_history(publisher_client, published):
    route = Route.objects.get(code="wijkwerken")
    old_title = route.title
    route.title = "Wijk-werken (nieuw)"
    route.save()

    html = publisher_client.get(
        reverse("admin:pathways_route_history", args=[route.pk])
    ).content.decode()

    assert route.history.first().title == "Wijk-werken (nieuw)"
    assert route.history.last().title == old_title
    assert "Wijk-werken (nieuw)" in html


def test_the_publisher_has_the_publish_permission(publisher):
    assert publisher.has_perm(PUBLISH_PERMISSION)
