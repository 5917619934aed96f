"""A route never follows itself: the admin form, the rule-file import and publishing refuse it
alike, directly (a → a) or through other routes (a → b → a)."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse
from django.utils.html import strip_tags

from pathways.adapters import draft_to_dict
from pathways.engine.loader import content_hash
from pathways.models import Route, RuleSetVersion
from pathways.publishing import PublishRefused, export_yaml, publish_checked
from pathways.yamlfile import safe_load
from tests.checks import page_html

from .test_rule_admin_pages import _posted_as_is
from .test_rule_files import upload

pytestmark = pytest.mark.django_db

OWN = (
    "Een traject kan niet zijn eigen opvolger zijn; haal &#x27;{title}&#x27; weg uit de opvolgers."
)


def change_url(route: Route) -> str:
    return reverse("admin:pathways_route_change", args=[route.pk])


def form_data(client, route: Route) -> dict[str, list[str]]:
    """What the route's change form posts as it stands."""
    return _posted_as_is(client.get(change_url(route)).content.decode())


def successor_options(html: str) -> str:
    """Return the HTML of the successor picker's options."""
    start = html.index('name="successors"')
    return html[start : html.index("</select>", start)]


def test_the_successor_picker_does_not_offer_the_route_itself(editor_client, published):
    route = Route.objects.get(code="wijkwerken")
    other = Route.objects.get(code="art60")

    options = successor_options(editor_client.get(change_url(route)).content.decode())

    assert f'value="{other.pk}"' in options
    assert f'value="{route.pk}"' not in options


def test_a_route_posted_as_its_own_successor_is_refused_in_dutch(editor_client, published):
    route = Route.objects.get(code="wijkwerken")
    data = form_data(editor_client, route) | {"successors": [str(route.pk)]}

    html = page_html(editor_client.post(change_url(route), data))

    assert OWN.format(title=route.title) in html
    assert not route.successors.exists()


def test_a_loop_through_another_route_is_refused_with_its_path(editor_client, published):
    maatwerk = Route.objects.get(code="maatwerkafdeling")
    individueel = Route.objects.get(code="individueel_maatwerk")
    assert list(maatwerk.successors.all()) == [individueel]
    data = form_data(editor_client, individueel) | {"successors": [str(maatwerk.pk)]}

    html = strip_tags(page_html(editor_client.post(change_url(individueel), data)))

    assert (
        "Een traject kan niet via andere trajecten zijn eigen opvolger worden "
        f"(&#x27;{individueel.title}&#x27; → &#x27;{maatwerk.title}&#x27; → "
        f"&#x27;{individueel.title}&#x27;); haal &#x27;{maatwerk.title}&#x27; weg uit de "
        "opvolgers."
    ) in html
    assert not individueel.successors.exists()


def test_a_successor_that_makes_no_loop_is_saved(editor_client, published):
    individueel = Route.objects.get(code="individueel_maatwerk")
    wijkwerken = Route.objects.get(code="wijkwerken")
    data = form_data(editor_client, individueel) | {"successors": [str(wijkwerken.pk)]}

    response = editor_client.post(change_url(individueel), data)

    assert response.status_code == 302
    assert list(individueel.successors.all()) == [wijkwerken]


def test_a_rule_file_with_a_route_as_its_own_successor_is_not_imported(editor_client, published):
    before = content_hash(draft_to_dict())
    data = safe_load(export_yaml())
    index = next(i for i, r in enumerate(data["routes"]) if r["code"] == "wijkwerken")
    data["routes"][index]["successors"] = ["wijkwerken"]

    response = editor_client.post(
        reverse("admin:pathways_import"), {"file": upload(yaml.safe_dump(data))}
    )

    html = page_html(response)
    assert (
        f"routes[{index}].successors: een traject kan niet zijn eigen opvolger zijn; haal "
        "&#x27;wijkwerken&#x27; weg uit de opvolgers"
    ) in html
    assert content_hash(draft_to_dict()) == before


def test_a_loop_written_around_the_form_is_not_published(published):
    # Two editors at once: each form saw no loop, together they make one.
    maatwerk = Route.objects.get(code="maatwerkafdeling")
    Route.objects.get(code="individueel_maatwerk").successors.add(maatwerk)

    with pytest.raises(PublishRefused) as refused:
        publish_checked(note="Opvolgers")

    assert any(
        "een traject kan niet via andere trajecten zijn eigen opvolger worden" in problem
        for problem in refused.value.problems
    )
    assert RuleSetVersion.objects.count() == 1


def test_a_version_published_with_a_route_as_its_own_successor_still_advises(published):
    # Published before this check existed: the stored rules stay readable (successors are only
    # shown, never followed), so no school's advice page breaks; publishing them again is refused.
    from pathways.adapters import ruleset_for_version
    from pathways.engine import evaluate
    from pathways.engine.loader import RuleSetError, ruleset_from_dict

    version = RuleSetVersion.objects.get(is_current=True)
    data = version.data
    route = next(r for r in data["routes"] if r["code"] == "wijkwerken")
    route["successors"] = ["wijkwerken"]
    version.data = data
    version.save()

    ruleset = ruleset_from_dict(version.data, published=True)
    assert ruleset.route("wijkwerken").successors == ("wijkwerken",)
    assert evaluate({"region": "flanders"}, ruleset, version.published_at.date()).results
    with pytest.raises(RuleSetError):
        ruleset_from_dict(version.data)
    assert ruleset_for_version(version).route("wijkwerken").successors == ("wijkwerken",)
