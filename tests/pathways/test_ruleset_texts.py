"""The texts of the shipped rules read well for a facility manager who never saw the sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathways import yamlfile

RULESET = Path(__file__).resolve().parents[2] / "fixtures" / "ruleset.yaml"
# Route and condition fields a school sees on its advice page and in the PDF report.
ROUTE_TEXTS = ("title", "summary", "continuation", "attention_points", "next_steps")
CONDITION_TEXTS = ("text_met", "text_not_met", "text_unknown", "gap_hint")


def user_texts() -> list[tuple[str, str]]:
    data = yamlfile.safe_load(RULESET.read_text(encoding="utf-8"))
    texts = []
    for route in data["routes"]:
        for field in ROUTE_TEXTS:
            value = route.get(field) or []
            for text in [value] if isinstance(value, str) else value:
                texts.append((f"{route['code']}.{field}", text))
        for link in route.get("resources") or []:
            texts.append((f"{route['code']}.resources.note", link.get("note") or ""))
        for condition in route.get("conditions") or []:
            for field in CONDITION_TEXTS:
                texts.append(
                    (f"{route['code']}.{condition['fact']}.{field}", condition.get(field) or "")
                )
    return texts


@pytest.mark.parametrize(
    "pattern",
    [r"\bdia'?s?\b", r"\bdia-", r"sociale-economieonderneming", r"\(M\)|\(H\)"],
)
def test_no_route_text_points_at_slides_or_internal_notes(pattern):
    leaks = [(where, text) for where, text in user_texts() if re.search(pattern, text, re.I)]
    assert leaks == []


def test_a_study_named_in_a_route_text_is_linked_from_that_route():
    data = yamlfile.safe_load(RULESET.read_text(encoding="utf-8"))
    for route in data["routes"]:
        texts = " ".join(
            text for where, text in user_texts() if where.startswith(f"{route['code']}.")
        )
        if "haalbaarheidsonderzoek" in texts.lower():
            links = route.get("resources", []) + route.get("sources", [])
            assert any("haalbaarheidsonderzoek" in link["url"] for link in links), route["code"]


def test_a_route_lists_the_ocmw_as_contact_only_when_its_texts_give_the_ocmw_a_role():
    """Wijk-werken is organised by the municipality or a cooperation of municipalities; the OCMW
    (integrated with the municipality in Flanders since 2019) is the employer only under art. 60
    and in tijdelijke werkervaring."""
    data = yamlfile.safe_load(RULESET.read_text(encoding="utf-8"))
    without_role = []
    for route in data["routes"]:
        if not {"ocmw", "ocmw_twe"} & set(route.get("contacts") or []):
            continue
        texts = " ".join(
            text for where, text in user_texts() if where.startswith(f"{route['code']}.")
        )
        if "OCMW" not in texts:
            without_role.append(route["code"])
    assert without_role == []


def test_wijk_werken_names_its_organiser_as_the_schools_contact():
    data = yamlfile.safe_load(RULESET.read_text(encoding="utf-8"))
    route = next(r for r in data["routes"] if r["code"] == "wijkwerken")
    organiser = next(c for c in data["contacts"] if c["code"] == route["contacts"][0])
    assert organiser["code"] == "wijkwerk_organisator"
    assert "gemeente of samenwerkingsverband van gemeenten" in organiser["name"]


def test_the_published_versions_name_follows_the_language_of_each_request(db):
    # The rule set is cached per process: its "versie 1" must not keep the first request's
    # language (a Dutch page once said "version 1" after an English visitor came first).
    from pathlib import Path

    from django.utils import translation

    from pathways import yamlfile
    from pathways.services import current_ruleset, publish_data

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    publish_data(yamlfile.safe_load((fixtures / "ruleset.yaml").read_text("utf-8")), note="t")
    with translation.override("en"):
        assert str(current_ruleset().label) == "version 1"
    with translation.override("nl"):
        assert str(current_ruleset().label) == "versie 1"
