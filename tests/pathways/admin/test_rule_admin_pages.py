"""The admin pages around the draft: lists, filters, the fact registry and the sample trace."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from pathways.adapters import draft_to_dict
from pathways.engine import evaluate, ruleset_from_dict
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


class _FormFields(HTMLParser):
    """Collect what a browser would post from the admin change form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def _posted_as_is(html: str) -> dict[str, list[str]]:
    form = html[html.index('id="route_form"') :]
    parser = _FormFields()
    parser.feed(form[: form.index("</form>")])
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.django_db
def test_saving_a_route_says_het_traject(editor_client, published):
    route = Route.objects.get(code="wijkwerken")
    url = reverse("admin:pathways_route_change", args=[route.pk])
    data = _posted_as_is(editor_client.get(url).content.decode())

    response = editor_client.post(url, data, follow=True)

    html = strip_tags(response.content.decode())  # the name links to the route
    assert f"Het traject “{route}” is gewijzigd." in html
    assert "De traject" not in html


@pytest.mark.django_db
def test_saving_and_continuing_says_het_traject_and_how_to_go_on(editor_client, published):
    route = Route.objects.get(code="wijkwerken")
    url = reverse("admin:pathways_route_change", args=[route.pk])
    data = _posted_as_is(editor_client.get(url).content.decode()) | {"_continue": "1"}

    html = strip_tags(editor_client.post(url, data, follow=True).content.decode())

    assert f"Het traject “{route}” is gewijzigd. U kunt het hieronder opnieuw bewerken." in html


@pytest.mark.django_db
def test_deleting_a_route_says_het_traject(publisher_client, published):
    route = Route.objects.get(code="wijkwerken")
    url = reverse("admin:pathways_route_delete", args=[route.pk])

    html = publisher_client.post(url, {"post": "yes"}, follow=True).content.decode()

    assert f"Het traject “{route}” is verwijderd." in html
    assert not Route.objects.filter(code="wijkwerken").exists()


def _ibo_with_a_new_text(client) -> tuple[Route, str, dict[str, list[str]], int]:
    """Open the route "ibo" in the admin; return it, its URL, the form as it would be posted
    and the number of the dated-text form added to it (dated 1 January 2027)."""
    route = Route.objects.get(code="ibo")
    url = reverse("admin:pathways_route_change", args=[route.pk])
    data = _posted_as_is(client.get(url).content.decode())
    new = int(data["texts-TOTAL_FORMS"][0])
    data |= {"texts-TOTAL_FORMS": [str(new + 1)], f"texts-{new}-valid_from": ["2027-01-01"]}
    return route, url, data, new


@pytest.mark.django_db
def test_staff_date_a_new_text_for_a_route_in_the_admin(editor_client, published):
    route, url, data, new = _ibo_with_a_new_text(editor_client)
    data |= {
        f"texts-{new}-summary": ["Vanaf 2027 een nieuwe samenvatting."],
        f"texts-{new}-attention_points": ["Eerste punt\nTweede punt"],
        f"texts-{new}-source": ["https://www.vdab.be/ibo"],
        f"texts-{new}-confidence": ["M"],
    }

    response = editor_client.post(url, data, follow=True)

    assert f"Het traject “{route}” is gewijzigd." in strip_tags(response.content.decode())
    text = route.texts.get(valid_from=dt.date(2027, 1, 1))
    assert text.summary == "Vanaf 2027 een nieuwe samenvatting."
    ruleset = ruleset_from_dict(draft_to_dict())
    later = evaluate({}, ruleset, dt.date(2027, 3, 1)).result("ibo")
    assert later.summary == "Vanaf 2027 een nieuwe samenvatting."
    assert later.attention_points == ("Eerste punt", "Tweede punt")
    assert evaluate({}, ruleset, dt.date(2026, 3, 1)).result("ibo").summary != later.summary


@pytest.mark.django_db
def test_a_dated_text_without_any_text_is_refused(editor_client, published):
    route, url, data, _new = _ibo_with_a_new_text(editor_client)

    html = editor_client.post(url, data).content.decode()

    assert "Geef minstens één tekst" in html
    assert not route.texts.filter(valid_from=dt.date(2027, 1, 1)).exists()


@pytest.mark.django_db
def test_staff_mark_a_condition_informational_with_one_tick(editor_client, published):
    route = Route.objects.get(code="cooperative")
    url = reverse("admin:pathways_route_change", args=[route.pk])
    data = _posted_as_is(editor_client.get(url).content.decode())
    index = 0  # the cooperative route's first condition
    assert data[f"conditions-{index}-fact"] == ["open_to_cooperative"]
    assert f"conditions-{index}-required" in data
    data[f"conditions-{index}-informational"] = ["on"]

    editor_client.post(url, data, follow=True)

    condition = route.conditions.get(fact="open_to_cooperative")
    assert condition.informational is True
    assert condition.required is False
    result = evaluate(
        {"open_to_cooperative": False, "open_to_buy_from_se": True},
        ruleset_from_dict(draft_to_dict()),
        dt.date(2026, 11, 30),
    ).result("cooperative")
    assert result.status.value == "recommended"
    assert result.conditions[0].kind.value == "informational"
