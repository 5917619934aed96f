"""Directory services: CSV import (with preview) and export, and finding organisations near a
school for a route or a set of facility tasks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop

from pathways.engine.facts import TASKS
from pathways.engine.validate import ProblemsError

from . import geography
from .models import Organisation
from .records import COLUMNS, clean_record, record_of

MAX_CSV_BYTES = 2_000_000
MSG_ENCODING = gettext_noop("Het bestand is geen UTF-8-tekst. Bewaar het als 'CSV UTF-8'.")
MSG_TOO_BIG = gettext_noop("Het bestand is groter dan 2 MB.")
MSG_EMPTY = gettext_noop("Het bestand is leeg.")
MSG_HEADER_MISSING = gettext_noop("Kolom '%(column)s' ontbreekt in de eerste rij.")
MSG_HEADER_UNKNOWN = gettext_noop("Onbekende kolom '%(column)s' in de eerste rij.")
MSG_ROW = gettext_noop("Rij %(row)s, kolom '%(column)s': %(message)s")
MSG_DUPLICATE = gettext_noop("Rij %(row)s: '%(name)s' staat al in rij %(first)s.")
MSG_COLUMNS = gettext_noop("Rij %(row)s heeft meer waarden dan er kolommen zijn.")


class DirectoryFileError(ProblemsError):
    """A CSV file that cannot be imported; ``problems`` lists every reason in Dutch."""


@dataclass
class Change:
    """What importing one row does: ``new``, ``changed`` or ``unchanged``."""

    row: int
    name: str
    action: str
    fields: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_CSV_BYTES:
        raise DirectoryFileError([gettext(MSG_TOO_BIG)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DirectoryFileError([gettext(MSG_ENCODING)]) from None


def parse_csv(data: bytes | str) -> list[Change]:
    """Read a directory CSV and say what importing it would do; write nothing.

    The first row names the columns (``records.COLUMNS``; order free). ``;`` or ``,`` separates
    the values. Raises ``DirectoryFileError`` with every problem and its row number (the header
    is row 1) when any row is wrong.
    """
    text = _decode(data)
    if not text.strip():
        raise DirectoryFileError([gettext(MSG_EMPTY)])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader)]
    problems = [gettext(MSG_HEADER_UNKNOWN) % {"column": c} for c in header if c not in COLUMNS]
    problems += [gettext(MSG_HEADER_MISSING) % {"column": c} for c in COLUMNS if c not in header]
    if problems:
        raise DirectoryFileError(problems)
    existing = {o.name: o for o in Organisation.objects.all()}
    changes: list[Change] = []
    first_row: dict[str, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(gettext(MSG_COLUMNS) % {"row": row_number})
            continue
        raw = dict(zip(header, cells, strict=False))
        values, row_problems = clean_record(raw)
        for column, message in row_problems:
            problems.append(
                gettext(MSG_ROW) % {"row": row_number, "column": column, "message": message}
            )
        name = values["name"]
        if name and name in first_row:
            problems.append(
                gettext(MSG_DUPLICATE) % {"row": row_number, "name": name, "first": first_row[name]}
            )
        first_row.setdefault(name, row_number)
        if row_problems:
            continue
        current = existing.get(name)
        if current is None:
            changes.append(Change(row_number, name, "new", values=values))
        else:
            differing = [f for f, v in values.items() if getattr(current, f) != v]
            action = "changed" if differing else "unchanged"
            changes.append(Change(row_number, name, action, differing, values))
    if problems:
        raise DirectoryFileError(problems)
    return changes


@transaction.atomic
def organisations_import(*, data: bytes | str) -> list[Change]:
    """Import a directory CSV: add new organisations and update those with the same name.

    Organisations missing from the file are kept. Validates the whole file first; on any
    problem raises ``DirectoryFileError`` and writes nothing.
    """
    changes = parse_csv(data)
    for change in changes:
        if change.action == "new":
            Organisation.objects.create(**change.values)
        elif change.action == "changed":
            organisation = Organisation.objects.select_for_update().get(name=change.name)
            for name, value in change.values.items():
                setattr(organisation, name, value)
            organisation.save()
    return changes


def organisations_export(organisations: Iterable[Organisation] | None = None) -> str:
    """Return the directory as CSV text (UTF-8 with BOM for spreadsheets, ``;``-separated)."""
    if organisations is None:
        organisations = Organisation.objects.order_by("name")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for organisation in organisations:
        writer.writerow(record_of(organisation))
    return out.getvalue()


# --- Finding organisations near a school ---------------------------------------------------

DISTANCE_LABELS = {
    0: gettext_noop("in uw gemeente"),
    1: gettext_noop("in uw arrondissement"),
    2: gettext_noop("in uw provincie"),
    3: gettext_noop("voor heel Vlaanderen"),
}
# An organisation for the whole Brussels-Capital Region is at distance 2 (Brussels has no
# province) and says so instead of "in uw provincie".
REGION_LABEL = gettext_noop("in het Brussels Hoofdstedelijk Gewest")

# Providers whose facility tasks a school buys (the school outsources the task to them).
OUTSOURCING_PROVIDERS = ("contractor", "social_enterprise")
PURCHASING_ROUTES = ("se_purchasing",)
PROVIDER_KINDS = (
    Organisation.Kind.MAATWERKBEDRIJF,
    Organisation.Kind.LDE,
    Organisation.Kind.COOPERATIVE,
)


@dataclass(frozen=True)
class Match:
    """An organisation that serves a location, how near it is, and which tasks it offers."""

    organisation: Organisation
    distance: int
    services: tuple[str, ...] = ()

    @property
    def distance_label(self) -> str:
        if self.organisation.scope == Organisation.Scope.BRUSSELS:
            return gettext(REGION_LABEL)
        return gettext(DISTANCE_LABELS[self.distance])

    @property
    def is_fallback(self) -> bool:
        return self.distance == 3


def outsourced_tasks(facts: dict) -> tuple[str, ...]:
    """Return the task codes the school buys from a firm or social enterprise."""
    return tuple(
        code for code, _label in TASKS if facts.get(f"provider_{code}") in OUTSOURCING_PROVIDERS
    )


def find_organisations(
    location: geography.Location | None,
    *,
    route: str | None = None,
    services: Iterable[str] = (),
    organisations: Iterable[Organisation] | None = None,
) -> list[Match]:
    """Return the organisations that serve ``location``, nearest first, then by name.

    ``route`` keeps those that help with that route. ``services`` keeps providers (social
    enterprises) that offer at least one of those tasks; organisations that offer no tasks
    themselves (federations, organisers, helpdesks) stay. Without a location only organisations
    for all of Flanders are returned.
    """
    wanted = set(services)
    if organisations is None:
        organisations = Organisation.objects.all()
    found: list[Match] = []
    for organisation in organisations:
        if route and route not in organisation.routes:
            continue
        if location is None:
            distance = 3 if organisation.scope == Organisation.Scope.FLANDERS else None
        else:
            distance = organisation.distance_to(location)
        if distance is None:
            continue
        offered = tuple(code for code in organisation.services if code in wanted)
        if wanted and organisation.services and not offered:
            continue
        found.append(Match(organisation, distance, offered))
    found.sort(key=lambda m: (m.distance, m.organisation.name.casefold()))
    return found


def organisations_for_routes(
    location: geography.Location | None,
    route_codes: Iterable[str],
    facts: dict,
    *,
    limit: int = 6,
    local_only: bool = False,
) -> dict[str, list[Match]]:
    """Return, per route code, the organisations to call for a school, nearest first.

    For buying from social enterprises only providers offering the school's outsourced tasks
    count. At most ``limit`` per route; the organisations for all of Flanders come last and
    serve as the fallback, or are left out with ``local_only`` (where the rule set's generic
    contacts already are the fallback, as on the advice cards).
    """
    organisations = list(Organisation.objects.all())
    tasks = outsourced_tasks(facts)
    result: dict[str, list[Match]] = {}
    for code in route_codes:
        services = tasks if code in PURCHASING_ROUTES else ()
        found = find_organisations(
            location, route=code, services=services, organisations=organisations
        )
        result[code] = [m for m in found if not (local_only and m.is_fallback)][:limit]
    return result


def organisations_for_school(
    postcode: str, municipality: str, route_codes: Iterable[str], facts: dict
) -> dict[str, list[Match]]:
    """Return per route code the organisations in the school's municipality, arrondissement or
    province (for the advice cards and the PDF; the rule set's contacts are the fallback)."""
    location = geography.location_for(postcode, municipality)
    return organisations_for_routes(location, route_codes, facts, limit=4, local_only=True)


def directory_revision() -> int:
    """Return a number that changes whenever any organisation is added, changed or deleted.

    The largest id of the change history (django-simple-history keeps a row per change,
    deletions included); 0 for an empty directory. Pages and stored reports that list
    organisations put it in their key, so they never show a stale list.
    """
    return _history().objects.aggregate(last=Max("history_id"))["last"] or 0


def directory_revision_expression() -> Coalesce:
    """``directory_revision()`` as a scalar subquery, to ask it inside another query."""
    newest = _history().objects.order_by("-history_id").values("history_id")[:1]
    return Coalesce(Subquery(newest), Value(0))


def _history():
    # The history model itself: ``Organisation.history`` builds a new manager class on every
    # access (django-simple-history), a cost each advice page would pay.
    return Organisation._meta.apps.get_model("directory", "HistoricalOrganisation")
