"""Which organisations a school finds: by area (the 2025 mergers included), nearest first, and
for buying from social enterprises only those offering the school's outsourced tasks."""

from __future__ import annotations

import pytest

from directory import geography
from directory.services import find_organisations, organisations_for_routes

from .conftest import org


def names(matches) -> list[str]:
    return [m.organisation.name for m in matches]


@pytest.mark.django_db
def test_a_school_in_a_merged_municipality_finds_organisations_under_the_old_and_new_name(
    add_organisations,
):
    add_organisations(
        org("Onder oude naam", werkgebied="municipalities", gebieden="Melle"),
        org("Onder nieuwe naam", werkgebied="municipalities", gebieden="Merelbeke-Melle"),
        org("Onder andere oude naam", werkgebied="municipalities", gebieden="Merelbeke"),
        org("Elders", werkgebied="municipalities", gebieden="Lochristi"),
    )
    for postcode in ("9090", "9820"):  # Melle and Merelbeke, one municipality since 2025
        location = geography.location_for(postcode)
        found = names(find_organisations(location))
        assert "Onder oude naam" in found
        assert "Onder nieuwe naam" in found
        assert "Onder andere oude naam" in found
        assert "Elders" not in found


def test_former_municipalities_resolve_to_the_municipality_that_replaced_them():
    assert geography.municipality_code("Borsbeek") == geography.municipality_code("Antwerpen")
    assert geography.municipality_code("Kruibeke") == geography.municipality_code(
        "Beveren-Kruibeke-Zwijndrecht"
    )
    assert geography.municipality_code("gooik") == geography.municipality_code("Pajottegem")
    assert geography.municipality_code("Tielt") == "37022"  # kept its name, took in Meulebeke
    assert geography.municipality_code("Atlantis") is None
    assert len(geography.municipalities()) == 285 + 19  # Flemish and Brussels municipalities


@pytest.mark.django_db
def test_organisations_come_nearest_first(add_organisations):
    add_organisations(
        org("D Vlaanderen"),
        org("C Provincie", werkgebied="provinces", gebieden="Oost-Vlaanderen"),
        org("B Arrondissement", werkgebied="arrondissements", gebieden="Gent"),
        org("A Gemeente", werkgebied="municipalities", gebieden="Gent"),
        org("E Andere provincie", werkgebied="provinces", gebieden="Limburg"),
    )
    matches = find_organisations(geography.location_for("9000"))
    assert names(matches) == ["A Gemeente", "B Arrondissement", "C Provincie", "D Vlaanderen"]
    assert [m.distance_label for m in matches] == [
        "in uw gemeente",
        "in uw arrondissement",
        "in uw provincie",
        "voor heel Vlaanderen",
    ]


@pytest.mark.django_db
def test_for_buying_only_enterprises_offering_the_outsourced_tasks_are_listed(add_organisations):
    add_organisations(
        org("Poetsbedrijf", diensten="cleaning", trajecten="se_purchasing"),
        org("Groenbedrijf", diensten="grounds", trajecten="se_purchasing"),
        org("Federatie", soort="federation", trajecten="se_purchasing"),
        org("Wijk-werk", soort="wijkwerk", diensten="grounds", trajecten="wijkwerken"),
    )
    facts = {"provider_cleaning": "contractor", "provider_grounds": "own_staff"}
    by_route = organisations_for_routes(
        geography.location_for("9000"), ["se_purchasing", "wijkwerken"], facts
    )
    assert names(by_route["se_purchasing"]) == ["Federatie", "Poetsbedrijf"]
    assert names(by_route["wijkwerken"]) == ["Wijk-werk"]
