"""Fixtures for the directory tests: organisations created through the CSV importer."""

from __future__ import annotations

import pytest

from directory.models import Organisation
from directory.records import COLUMNS
from directory.services import organisations_import

HEADER = ";".join(COLUMNS)


def csv_of(*rows: dict[str, str]) -> str:
    """Return a directory CSV with ``rows`` (missing columns empty)."""
    lines = [HEADER]
    for row in rows:
        lines.append(";".join(row.get(column, "") for column in COLUMNS))
    return "\n".join(lines) + "\n"


def org(name: str, **values: str) -> dict[str, str]:
    """A valid row for a Flemish organisation; keywords override columns."""
    return {
        "naam": name,
        "soort": "maatwerkbedrijf",
        "werkgebied": "flanders",
        "bron": "https://voorbeeld.example/bron",
        "nagekeken_op": "2026-11-01",
        **values,
    }


@pytest.fixture
def add_organisations(db):
    def add(*rows: dict[str, str]) -> list[Organisation]:
        organisations_import(data=csv_of(*rows))
        return list(Organisation.objects.filter(name__in=[r["naam"] for r in rows]))

    return add
