"""'Wie kan helpen?' for a Dutch-language school in the Brussels-Capital Region: its 19
municipalities (arrondissement Brussel-Hoofdstad), organisations for the whole region, the
shipped Brussels organisations for the routes the rules let apply there, and Flemish schools
finding what they found before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from directory import geography
from directory.models import Organisation
from directory.services import (
    find_organisations,
    organisations_for_school,
    parse_csv,
)
from pathways.presentation import route_anchor
from schools.management.commands.load_demo import SCHOOLS
from schools.models import SchoolMembership
from tests.conftest import rows_for_the_module
from tests.factories import make_board, make_school, make_user, submit_answers

from .conftest import csv_of, org

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "fixtures" / "ruleset.yaml"
SHIPPED = ROOT / "fixtures" / "directory.csv"
GANSHOREN = "21008"
BRUSSELS_SCHOOL = "Gemeentelijke Basisschool Ganshoren-Rand"
# The organisations verified for Brussels in fixtures/directory.csv (sources in their rows).
BRUSSELS_ORGANISATIONS = {
    "Actiris",
    "VDAB Brussel",
    "Brussel Economie en Werkgelegenheid – sociale economie",
    "Tracé Brussel",
}


def names(matches) -> list[str]:
    return [m.organisation.name for m in matches]


# --- Geography --------------------------------------------------------------------------------


def test_the_19_brussels_municipalities_form_arrondissement_21_of_the_brussels_region():
    brussels = geography.brussels_municipalities()
    assert len(brussels) == 19
    assert set(brussels) == {f"210{n:02d}" for n in range(1, 20)}
    assert {m.arrondissement for m in brussels.values()} == {"21"}
    assert geography.ARRONDISSEMENTS["21"] == "Brussel-Hoofdstad"
    assert len(geography.municipalities()) == 285 + 19
    flemish = [m for m in geography.municipalities().values() if m.region == "02000"]
    assert len(flemish) == 285


def test_a_brussels_postcode_finds_its_municipality_also_where_two_share_it():
    ganshoren = geography.location_for("1083")
    assert ganshoren == geography.Location(GANSHOREN, "21", "04000", "04000")
    assert ganshoren.in_brussels
    assert geography.location_for("1050", "Elsene").municipality == "21009"
    assert geography.location_for("1050", "Brussel").municipality == "21004"
    assert geography.location_for("1040", "Etterbeek").municipality == "21005"
    assert geography.location_for("5000") is None  # Namur: Walloon Region
    assert not geography.location_for("9000").in_brussels


def test_brussels_municipalities_are_found_by_their_dutch_or_french_name():
    assert geography.municipality_code("Elsene") == "21009"
    assert geography.municipality_code("Ixelles") == "21009"
    assert geography.municipality_code("Molenbeek-Saint-Jean") == "21012"
    assert geography.municipality_code("sint jans molenbeek") == "21012"
    assert geography.municipality_code("Namur") is None
    assert geography.arrondissement_code("Brussel-Hoofdstad") == "21"


# --- Import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_csv_import_accepts_brussels_areas_and_the_whole_region():
    changes = parse_csv(
        csv_of(
            org("Gemeentelijk", werkgebied="municipalities", gebieden="Ganshoren, Ixelles"),
            org("Arrondissement", werkgebied="arrondissements", gebieden="Brussel-Hoofdstad"),
            org("Gewest", werkgebied="brussels"),
            org("Gewest bij naam", werkgebied="Brussels Hoofdstedelijk Gewest"),
            org("Vlaams en Brussels", werkgebied="municipalities", gebieden="Gent, Jette"),
        )
    )
    values = {c.name: c.values for c in changes}
    assert values["Gemeentelijk"]["areas"] == [GANSHOREN, "21009"]
    assert values["Arrondissement"]["areas"] == ["21"]
    assert (values["Gewest"]["scope"], values["Gewest"]["areas"]) == ("brussels", [])
    assert values["Gewest bij naam"]["scope"] == "brussels"
    assert values["Vlaams en Brussels"]["areas"] == ["44021", "21010"]


@pytest.mark.django_db
def test_the_whole_region_takes_no_areas_and_a_walloon_town_is_refused():
    from directory.services import DirectoryFileError

    with pytest.raises(DirectoryFileError) as refused:
        parse_csv(
            csv_of(
                org("Gewest met gebied", werkgebied="brussels", gebieden="Ganshoren"),
                org("Waals", werkgebied="municipalities", gebieden="Namur"),
            )
        )
    problems = "\n".join(refused.value.problems)
    assert "Laat de gebieden leeg bij het werkgebied 'Brussels Hoofdstedelijk Gewest'." in problems
    assert "'Namur' is geen gemeente in Vlaanderen of Brussel." in problems


# --- Matching ---------------------------------------------------------------------------------


# Organisations of every kind of area, in Flanders and in Brussels.
AREAS = (
    ("A Ganshoren", "municipalities", "Ganshoren"),
    ("B Brussel-Hoofdstad", "arrondissements", "Brussel-Hoofdstad"),
    ("C Brussels Gewest", "brussels", ""),
    ("D Vlaanderen", "flanders", ""),
    ("E Jette", "municipalities", "Jette"),
    ("F Vlaams-Brabant", "provinces", "Vlaams-Brabant"),
    ("G Halle-Vilvoorde", "arrondissements", "Halle-Vilvoorde"),
    ("H Gent", "municipalities", "Gent"),
    ("I Oost-Vlaanderen", "provinces", "Oost-Vlaanderen"),
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        (
            "1083",  # Ganshoren: nearest first, no Flemish local organisation
            [
                ("A Ganshoren", "in uw gemeente"),
                ("B Brussel-Hoofdstad", "in uw arrondissement"),
                ("C Brussels Gewest", "in het Brussels Hoofdstedelijk Gewest"),
                ("D Vlaanderen", "voor heel Vlaanderen"),
            ],
        ),
        (
            "9000",  # Gent: what it found before Brussels was known, and nothing of Brussels
            [
                ("H Gent", "in uw gemeente"),
                ("I Oost-Vlaanderen", "in uw provincie"),
                ("D Vlaanderen", "voor heel Vlaanderen"),
            ],
        ),
    ],
)
def test_a_school_finds_the_organisations_of_its_own_region_nearest_first(
    add_organisations, postcode, expected
):
    add_organisations(
        *(org(name, werkgebied=scope, gebieden=areas) for name, scope, areas in AREAS)
    )
    matches = find_organisations(geography.location_for(postcode))
    assert [(m.organisation.name, m.distance_label) for m in matches] == expected


@pytest.mark.django_db
def test_no_shipped_brussels_organisation_reaches_a_flemish_school():
    organisations_import_shipped()
    assert Organisation.objects.filter(scope=Organisation.Scope.BRUSSELS).exists()
    found = find_organisations(geography.location_for("9000"))
    assert found
    assert not [
        m.organisation.name
        for m in found
        if m.organisation.scope == Organisation.Scope.BRUSSELS
        or any(area.startswith("21") for area in m.organisation.areas)
    ]


def organisations_import_shipped() -> None:
    from directory.services import organisations_import

    organisations_import(data=SHIPPED.read_bytes())


# --- The shipped organisations and the rules --------------------------------------------------


def _brussels_routes() -> set[str]:
    """Route codes whose required region conditions let a Brussels school take them."""
    data = yaml.safe_load(RULESET.read_text(encoding="utf-8"))
    found = set()
    for route in data["routes"]:
        allows = True
        for condition in route.get("conditions", []):
            if condition["fact"] != "region" or not condition.get("required", True):
                continue
            if condition.get("informational"):
                continue
            value = condition.get("value")
            values = value if isinstance(value, list) else [value]
            if condition["operator"] in ("eq", "in") and "brussels" not in values:
                allows = False
        if allows:
            found.add(route["code"])
    return found


def test_the_rules_let_ibo_art60_and_buying_apply_in_brussels_but_not_wijkwerken():
    routes = _brussels_routes()
    assert {"ibo", "art60", "se_purchasing"} <= routes
    assert not {"wijkwerken", "twe", "transition_internship", "werkervaringsstage"} & routes


@pytest.mark.django_db
def test_the_shipped_brussels_organisations_serve_only_routes_open_in_brussels():
    organisations_import_shipped()
    brussels = Organisation.objects.filter(scope=Organisation.Scope.BRUSSELS)
    assert set(brussels.values_list("name", flat=True)) == BRUSSELS_ORGANISATIONS
    routes = _brussels_routes()
    for organisation in brussels:
        assert organisation.routes and set(organisation.routes) <= routes, organisation.name
        assert organisation.source_url.startswith("https://"), organisation.name
        assert organisation.phone == "", organisation.name  # none verified


@pytest.mark.django_db
def test_the_brussels_demo_school_gets_whom_to_call_for_ibo_art60_and_buying():
    organisations_import_shipped()
    by_route = organisations_for_school(
        "1083", "Ganshoren", ["ibo", "art60", "se_purchasing", "wijkwerken"], {}
    )
    assert set(names(by_route["ibo"])) == {"Actiris", "Tracé Brussel", "VDAB Brussel"}
    assert names(by_route["art60"]) == ["Actiris"]
    assert set(names(by_route["se_purchasing"])) == {
        "Brussel Economie en Werkgelegenheid – sociale economie",
        "Tracé Brussel",
    }
    assert by_route["wijkwerken"] == []  # Flemish; the region note points to the PWA
    assert {m.distance_label for m in by_route["ibo"]} == {"in het Brussels Hoofdstedelijk Gewest"}


@pytest.mark.django_db
def test_a_flemish_school_gets_no_brussels_organisation_from_the_shipped_directory():
    organisations_import_shipped()
    for postcode in ("9000", "1700", "3500"):
        by_route = organisations_for_school(postcode, "", ["ibo", "art60", "se_purchasing"], {})
        found = {name for matches in by_route.values() for name in names(matches)}
        assert not found & BRUSSELS_ORGANISATIONS, postcode


# --- Pages ------------------------------------------------------------------------------------


def _make_cast() -> dict:
    call_command("load_rules", verbosity=0)
    organisations_import_shipped()
    demo = next(s for s in SCHOOLS if s["name"] == BRUSSELS_SCHOOL)
    board = make_board("Gemeentebestuur Rand", board_type="municipality", legal_form="gemeente")
    school = make_school(
        board, BRUSSELS_SCHOOL, "045195", postcode="1083", municipality="Ganshoren", pupils=210
    )
    manager = make_user("fm.ganshoren")
    SchoolMembership.objects.create(user=manager, school=school)
    submit_answers(school, manager, demo["answers"])
    return {"school": school, "manager": manager}


@pytest.fixture(scope="module")
def cast_once(django_db_setup, django_db_blocker) -> dict:
    yield from rows_for_the_module(django_db_blocker, _make_cast)


@pytest.fixture
def cast(db, cast_once) -> dict:
    return {name: type(row).objects.get(pk=row.pk) for name, row in cast_once.items()}


def test_wie_kan_helpen_lists_the_brussels_municipality_and_its_organisations(cast):
    client = Client()
    url = reverse("directory:list")
    start = client.get(url).content.decode()
    assert f'<option value="{GANSHOREN}">Ganshoren</option>' in start

    page = client.get(url, {"gemeente": GANSHOREN}).content.decode()
    assert "organisaties voor scholen in Ganshoren" in page
    for name in BRUSSELS_ORGANISATIONS:
        assert name.replace("–", "&ndash;") in page or name in page, name
    assert "Werkgebied: het Brussels Hoofdstedelijk Gewest" in page
    assert "in het Brussels Hoofdstedelijk Gewest" in page
    assert "Interwaas" not in page  # Flemish municipalities only
    assert page.index("VDAB Brussel") < page.index("voor heel Vlaanderen")

    ibo = client.get(url, {"gemeente": GANSHOREN, "traject": "ibo"}).content.decode()
    assert "VDAB Brussel" in ibo and "Actiris" in ibo
    assert "Brussel Economie en Werkgelegenheid" not in ibo


def test_the_brussels_advice_page_names_whom_to_call_on_the_ibo_card(cast):
    client = Client()
    client.force_login(cast["manager"])
    html = client.get(reverse("schools:school-advice", args=[cast["school"].pk])).content.decode()
    start = html.index(f'id="{route_anchor("ibo")}"')
    card = html[start : html.index("</article>", start)]
    nearby = card[card.index("Wie kan helpen in uw buurt") :].split("</div>", 1)[0]
    assert "VDAB Brussel" in nearby and "Actiris" in nearby
    assert "(VDAB-kantoor, in het Brussels Hoofdstedelijk Gewest)" in nearby
    assert 'href="https://www.actiris.brussels"' in nearby


def test_the_brussels_starter_kit_names_the_brussels_organisations(cast):
    client = Client()
    client.force_login(cast["manager"])
    html = client.get(
        reverse("directory:school-starter", args=[cast["school"].pk])
    ).content.decode()
    assert "VDAB Brussel" in html
