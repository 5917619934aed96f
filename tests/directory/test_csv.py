"""CSV export and import of the directory: round trip, every problem with its row, nothing
written on error, and a preview that writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from directory.models import Organisation
from directory.services import (
    DirectoryFileError,
    organisations_export,
    organisations_import,
    parse_csv,
)

from .conftest import csv_of, org

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "directory.csv"
FIELDS = [
    "name", "kind", "services", "scope", "areas", "routes", "what_to_ask", "website",
    "email", "phone", "address", "source_url", "checked_on", "note",
]  # fmt: skip


def snapshot() -> list[tuple]:
    return [tuple(getattr(o, f) for f in FIELDS) for o in Organisation.objects.order_by("name")]


@pytest.mark.django_db
def test_an_exported_directory_imports_back_to_the_same_data():
    organisations_import(data=SHIPPED.read_bytes())
    before = snapshot()
    exported = organisations_export()
    Organisation.objects.all().delete()

    organisations_import(data=exported.encode("utf-8"))

    assert snapshot() == before
    assert organisations_export() == exported
    assert len(before) >= 10


@pytest.mark.django_db
def test_the_shipped_organisations_each_have_a_public_source_and_a_check_date():
    organisations_import(data=SHIPPED.read_bytes())
    for organisation in Organisation.objects.all():
        assert organisation.source_url.startswith("https://"), organisation.name
        assert organisation.checked_on.year == 2026, organisation.name
        assert not organisation.name.startswith("Voorbeeld"), organisation.name
        assert "example" not in organisation.source_url


@pytest.mark.django_db
def test_a_malformed_csv_changes_nothing_and_names_each_bad_row(add_organisations):
    add_organisations(org("Bestaand maatwerkbedrijf", diensten="cleaning"))
    before = snapshot()
    data = csv_of(
        org("Bestaand maatwerkbedrijf", diensten="cleaning,grounds"),  # a valid update
        org("Slecht gebied", werkgebied="municipalities", gebieden="Atlantis"),
        org("Slechte datum", nagekeken_op="31/02/2026"),
        org("Geen bron", bron=""),
        org("Slechte dienst", diensten="ramen wassen"),
    )

    with pytest.raises(DirectoryFileError) as raised:
        organisations_import(data=data)

    problems = raised.value.problems
    assert any(p.startswith("Rij 3, kolom 'gebieden'") and "Atlantis" in p for p in problems)
    assert any(p.startswith("Rij 4, kolom 'nagekeken_op'") for p in problems)
    assert any(p.startswith("Rij 5, kolom 'bron'") for p in problems)
    assert any(p.startswith("Rij 6, kolom 'diensten'") and "ramen wassen" in p for p in problems)
    assert not any(p.startswith("Rij 2") for p in problems)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_column_and_a_repeated_name_are_refused():
    with pytest.raises(DirectoryFileError) as raised:
        parse_csv("naam;soort\nA;federation\n")
    assert "Kolom 'werkgebied' ontbreekt in de eerste rij." in raised.value.problems

    with pytest.raises(DirectoryFileError) as raised:
        parse_csv(csv_of(org("Twee keer"), org("Twee keer")))
    assert raised.value.problems == ["Rij 3: 'Twee keer' staat al in rij 2."]


@pytest.mark.django_db
def test_the_preview_says_what_changes_and_writes_nothing(add_organisations):
    add_organisations(org("Blijft"), org("Wijzigt", telefoon="09 123 45 67"))
    data = csv_of(org("Blijft"), org("Wijzigt", telefoon="09 765 43 21"), org("Nieuw"))

    changes = parse_csv(data)

    assert [(c.name, c.action) for c in changes] == [
        ("Blijft", "unchanged"),
        ("Wijzigt", "changed"),
        ("Nieuw", "new"),
    ]
    assert changes[1].fields == ["phone"]
    assert not Organisation.objects.filter(name="Nieuw").exists()
    assert Organisation.objects.get(name="Wijzigt").phone == "09 123 45 67"


@pytest.mark.django_db
def test_a_comma_separated_file_from_another_spreadsheet_is_read_too():
    data = (
        "naam,soort,diensten,werkgebied,gebieden,trajecten,wat_vragen,website,email,telefoon,"
        "adres,bron,nagekeken_op,nota\n"
        'Komma,maatwerkbedrijf,"cleaning,grounds",provinces,"Limburg,Antwerpen",se_purchasing,,,'
        ",,,https://voorbeeld.example,27/11/2026,\n"
    )
    organisations_import(data=data.encode("utf-8"))
    organisation = Organisation.objects.get(name="Komma")
    assert organisation.services == ["cleaning", "grounds"]
    assert organisation.area_names == ["Limburg", "Antwerpen"]
