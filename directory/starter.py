"""The starter kit: a first e-mail per route and a draft procurement clause for buying from a
social enterprise.

The e-mail is always Dutch (it goes to a Flemish organisation), whatever the page language.
``mailto_url`` encodes every user text with ``urllib.parse.quote`` as query values only.
The clause is a DOCX built with python-docx; the procedure it names is passed in by the caller
(from ``pathways.engine.procurement``), so this module never decides a threshold itself.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import quote

from docx import Document
from docx.shared import Pt

from pathways.engine.facts import FACTS_BY_CODE, TASKS
from pathways.engine.text import format_date, format_number, format_value

from .services import Match, outsourced_tasks

# Facts that matter in a first message, per route (others use DEFAULT_FACTS).
DEFAULT_FACTS = ("pupils", "campuses", "facility_hours_week")
TASK_HOURS = tuple(f"hours_{code}" for code, _label in TASKS)
ROUTE_FACTS: dict[str, tuple[str, ...]] = {
    "se_purchasing": ("outsourced_contract_value", "contract_end_date"),
    "cooperative": ("outsourced_contract_value", "contract_end_date"),
    "wijkwerken": ("hours_supervision", "hours_grounds", "hours_maintenance", "hours_sports"),
    "art60": ("facility_hours_week", "mentor_available"),
    "twe": ("facility_hours_week", "mentor_available"),
    "transition_internship": ("host_stages", "mentor_available", "stage_real_job_offer"),
    "ibo": ("open_vacancy", "mentor_available", "facility_fte"),
    "individueel_maatwerk": ("open_to_work_disability", "open_vacancy", "facility_fte"),
    "maatwerkafdeling": ("planned_target_group_fte", "facility_fte"),
    "lokale_diensteneconomie": ("planned_target_group_fte", "facility_fte"),
    "arbeidsmatige_activiteiten": ("mentor_available", "facility_hours_week"),
    "arbeidszorg": ("mentor_available", "facility_hours_week"),
}


@dataclass(frozen=True)
class SchoolInfo:
    """What the starter kit says about the school and its board."""

    name: str
    municipality: str
    board: str


@dataclass(frozen=True)
class FirstMessage:
    """A prefilled first e-mail for one route."""

    route: str
    recipient: str  # the organisation's name, or "" when none has an e-mail address
    email: str
    subject: str
    body: str

    @property
    def url(self) -> str:
        return mailto_url(self.email, self.subject, self.body)


def mailto_url(email: str, subject: str, body: str) -> str:
    """Return a ``mailto:`` URL; every part is percent-encoded (``%20`` for spaces)."""
    query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(email, safe='@')}?{query}"


def _fact_lines(route: str, facts: dict) -> list[str]:
    lines = []
    codes = ROUTE_FACTS.get(route, DEFAULT_FACTS)
    if route in ("se_purchasing", "cooperative"):
        tasks = dict(TASKS)
        for code in outsourced_tasks(facts):
            hours = facts.get(f"hours_{code}")
            hours_text = f": {format_number(hours)} uur/week" if hours else ""
            lines.append(f"- {tasks[code]}{hours_text}")
    for code in codes:
        value = facts.get(code)
        if value is None or (code.startswith("hours_") and not value):
            continue
        fact = FACTS_BY_CODE[code]
        lines.append(f"- {fact.label}: {format_value(fact, value)}")
    return lines


def first_message(
    *, route: str, route_title: str, school: SchoolInfo, facts: dict, matches: list[Match]
) -> FirstMessage:
    """Return the first e-mail for a route, to the nearest organisation with an e-mail address."""
    target = next((m.organisation for m in matches if m.organisation.email), None)
    greeting = f"Beste {target.name}," if target else "Beste,"
    lines = [
        greeting,
        "",
        f"Ik contacteer u namens {school.name} in {school.municipality} ({school.board}).",
        f"We onderzoeken of '{route_title}' iets is voor het facilitaire werk van onze school "
        "en zoeken iemand die ons op weg kan helpen.",
    ]
    facts_lines = _fact_lines(route, facts)
    if facts_lines:
        lines += ["", "Enkele gegevens over onze school:", *facts_lines]
    lines += [
        "",
        "Kunt u ons laten weten of u hierbij kunt helpen, of wie we best contacteren?",
        "",
        "Met vriendelijke groeten,",
    ]
    return FirstMessage(
        route=route,
        recipient=target.name if target else "",
        email=target.email if target else "",
        subject=f"Vraag van {school.name}: {route_title}",
        body="\n".join(lines),
    )


# --- Draft clause -------------------------------------------------------------------------

RESERVED = "reserved"
SOCIAL = "social"
CLAUSE_KINDS = (RESERVED, SOCIAL)
DRAFT_NOTE = (
    "ONTWERP. Deze tekst is een eerste ontwerp, gemaakt met de antwoorden van de school. "
    "Laat hem nakijken door de aankoopadviseur of jurist van het schoolbestuur voor u hem "
    "gebruikt. Hij is geen juridisch advies."
)


@dataclass(frozen=True)
class Procedure:
    """The award procedure a contract's estimated value calls for, as the caller decided it."""

    code: str
    label: str
    explanation: str = ""


@dataclass(frozen=True)
class ClauseInput:
    school: SchoolInfo
    tasks: tuple[tuple[str, float | None], ...]  # (Dutch task label, hours per week)
    annual_value_eur: float
    years: int
    procedure: Procedure
    on: dt.date

    @property
    def estimated_value_eur(self) -> float:
        return self.annual_value_eur * self.years


def clause_input(
    *, school: SchoolInfo, facts: dict, years: int, procedure: Procedure, on: dt.date
) -> ClauseInput:
    labels = dict(TASKS)
    tasks = tuple((labels[c], facts.get(f"hours_{c}")) for c in outsourced_tasks(facts))
    return ClauseInput(
        school=school,
        tasks=tasks,
        annual_value_eur=float(facts.get("outsourced_contract_value") or 0),
        years=years,
        procedure=procedure,
        on=on,
    )


def euro(value: float) -> str:
    return f"{format_number(value)} EUR"


def clause_docx(kind: str, data: ClauseInput) -> bytes:
    """Return an editable DOCX with a draft reserved-contract clause or social clause.

    ``kind`` is ``reserved`` (art. 15 of the law of 17 June 2016) or ``social`` (a special
    execution condition). Raises ValueError for another kind.
    """
    if kind not in CLAUSE_KINDS:
        raise ValueError(kind)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = "Ontwerpclausule"
    document.core_properties.language = "nl-BE"
    title = (
        "Ontwerp: voorbehouden opdracht (artikel 15 wet 17 juni 2016)"
        if kind == RESERVED
        else "Ontwerp: sociale clausule (bijzondere uitvoeringsvoorwaarde)"
    )
    document.add_heading(title, level=1)
    note = document.add_paragraph()
    note.add_run(DRAFT_NOTE).bold = True

    document.add_heading("Gegevens van de opdracht", level=2)
    facts_table = document.add_table(rows=0, cols=2)
    facts_table.style = "Table Grid"
    rows = [
        ("Aanbestedende overheid", data.school.board),
        ("School", f"{data.school.name}, {data.school.municipality}"),
        ("Geraamde waarde per jaar (excl. btw)", euro(data.annual_value_eur)),
        ("Looptijd", f"{data.years} jaar"),
        ("Geraamde waarde over de hele looptijd (excl. btw)", euro(data.estimated_value_eur)),
        ("Plaatsingsprocedure", data.procedure.label),
        ("Opgemaakt op", format_date(data.on)),
    ]
    for label, value in rows:
        cells = facts_table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    if data.procedure.explanation:
        document.add_paragraph(data.procedure.explanation)

    document.add_heading("Voorwerp van de opdracht", level=2)
    if data.tasks:
        document.add_paragraph("De opdracht omvat de volgende facilitaire diensten voor de school:")
        for label, hours in data.tasks:
            text = f"{label} (ongeveer {format_number(hours)} uur per week)" if hours else label
            document.add_paragraph(text, style="List Bullet")
    else:
        document.add_paragraph("[Beschrijf hier de diensten die de school wil uitbesteden.]")

    document.add_heading("Clausule", level=2)
    if kind == RESERVED:
        paragraphs = [
            "Deze opdracht is voorbehouden overeenkomstig artikel 15 van de wet van 17 juni 2016 "
            "inzake overheidsopdrachten. Alleen sociale werkplaatsen en ondernemers die de "
            "maatschappelijke en professionele integratie van personen met een handicap of "
            "kansarme personen tot doel hebben, mogen deelnemen, op voorwaarde dat ten minste "
            "30 % van hun werknemers personen met een handicap of kansarme werknemers zijn.",
            "De aanbesteder aanvaardt elke ondernemer die aan gelijkwaardige voorwaarden voldoet, "
            "ook als hij geen Vlaams maatwerkbedrijf is. De inschrijver toont met een "
            "verklaring op eer en bewijsstukken aan dat hij aan deze voorwaarden voldoet.",
            "Deze voorbehouding wordt vermeld in de aankondiging van de opdracht of, als er geen "
            "aankondiging is, in de opdrachtdocumenten.",
        ]
    else:
        paragraphs = [
            "Bijzondere uitvoeringsvoorwaarde van sociale aard: de opdrachtnemer zet voor de "
            "uitvoering van deze opdracht werkzoekenden, personen met een arbeidsbeperking of "
            "andere personen met een afstand tot de arbeidsmarkt in, of geeft hen een "
            "opleiding of werkervaring op de werkplek. [Vul de omvang in, bijvoorbeeld een "
            "aantal uren of een percentage van de uren van de opdracht.]",
            "De opdrachtnemer mag deze voorwaarde ook vervullen door een deel van de opdracht "
            "in onderaanneming te geven aan een sociale onderneming.",
            "De opdrachtnemer rapporteert jaarlijks hoe hij de voorwaarde heeft vervuld. "
            "[Vul de gevolgen in als de voorwaarde niet is vervuld.]",
        ]
    for text in paragraphs:
        document.add_paragraph(text)

    document.add_heading("Na te kijken door de aankoopadviseur", level=2)
    for text in (
        "Of de geraamde waarde klopt over de hele looptijd, met alle verlengingen.",
        "Of de gekozen plaatsingsprocedure past bij die waarde op de datum van de aankondiging.",
        "Of de opdracht in percelen wordt verdeeld, en welke percelen worden voorbehouden.",
        "Welke artikelen van de wet en van het KB plaatsing in het bestek moeten staan.",
    ):
        document.add_paragraph(text, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
