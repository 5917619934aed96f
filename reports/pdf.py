"""Rendering PDF advisory reports: the context built from an advice, its HTML and the tagged PDF.

A report says on paper what the advice page says on screen, with the reasons, sources and the
answers it came from. ``render_report_pdf`` is the pure path (advice in, PDF bytes out) shared by
the pages, the background bundle task and ``manage.py advise --format pdf``; storing each report
once lives in ``reports.storage``.

The PDF is tagged as PDF/UA-1, in Dutch, with the vendored Noto Sans fonts embedded, so a render
looks the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from pathways.api.profile import ParsedProfile
from pathways.engine.facts import FACTS, STEP_TITLES
from pathways.engine.types import Advice, BoardAdvice, Contact, Link, RuleSet, Status
from pathways.presentation import (
    STATUS_HEADINGS,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUS_SYMBOLS,
    Decision,
    RouteCard,
    advice_cards,
    decide,
    display_date,
    reading_order,
    route_card,
    value_display,
)
from pathways.services import advise, advise_board, current_ruleset, today

from .render import REPORT_STYLESHEETS, RenderLimits, render_pdf

REPORT_LANGUAGE = "nl-be"
REPORT_TEMPLATE = "reports/report/report.html"
# Fonts and report.css are read from the source tree, so a PDF renders without collectstatic.
STATIC_DIR = Path(settings.BASE_DIR) / "static"
PDF_VARIANT = "pdf/ua-1"

logger = logging.getLogger(__name__)

# WeasyPrint logs every layout step at INFO; a report is one log line for us, not twenty.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TOOL_NAME = gettext_lazy("Sociale economie voor schoolgebouwen")
DEPARTMENT = gettext_lazy("Departement Werk en Sociale Economie")
DEPARTMENT_URL = "https://www.vlaanderen.be/departement-werk-en-sociale-economie"
DISCLAIMER = gettext_lazy(
    "Dit advies is geen juridische beslissing. Het helpt een school of schoolbestuur kiezen welke "
    "trajecten het verder onderzoekt. Of een school effectief in aanmerking komt, beslist de "
    "bevoegde instantie op basis van een aanvraag."
)

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FONTS_DIR = STATIC_DIR / "fonts"

# What a run of characters the vendored fonts cannot draw prints as (see ``printable``): an
# emoji or symbol, or a word in a script the report's fonts lack (named when it is a common one).
MISSING_EMOJI = gettext_lazy("[emoji]")
MISSING_SCRIPT = gettext_lazy("[tekst in een ander schrift]")
MISSING_SCRIPTS = {
    "ARABIC": gettext_lazy("[Arabisch schrift]"),
    "HEBREW": gettext_lazy("[Hebreeuws schrift]"),
    "CYRILLIC": gettext_lazy("[Cyrillisch schrift]"),
    "GREEK": gettext_lazy("[Grieks schrift]"),
    "CJK": gettext_lazy("[Chinees of Japans schrift]"),
}
# Characters that join or modify the character before them (zero-width joiner, variation
# selectors, skin tones): part of the run they stand in, never a run of their own.
JOINERS = {"Mn", "Me", "Cf", "Sk"}

# Statuses whose routes get a full explanation in the report, in this order.
DETAILED_STATUSES = (Status.RECOMMENDED, Status.POSSIBLE)


@dataclass(frozen=True)
class ReportSubject:
    """Who the report is for and how it is identified; everything on the cover."""

    name: str  # the school or the board
    board_name: str = ""
    is_board: bool = False
    number: str = ""  # the unique report number, e.g. SE-2026-000123
    made_on: dt.date | None = None  # the day the report was made
    # Whether the advice is for another day than the one it was made on, so its first page
    # warns; None: decided as ``advice.on != made_on``. A stored report decides it with its
    # key (``reports.storage``), so the warning is part of what is stored.
    dated: bool | None = None
    answers_label: str = ""  # which answers were used, e.g. "vragenlijst 2, ingediend op ..."
    created_at: dt.datetime | None = None  # stored in the PDF metadata


@dataclass(frozen=True)
class AnswerGroup:
    title: str
    answers: tuple[tuple[str, str], ...]  # (Dutch label, formatted value)


@dataclass(frozen=True)
class SchoolLine:
    """One school of a board report: its row in the overview and its own page.

    ``decision`` is the school's own "Wat nu doen?" (evaluated alone, not pooled), from the
    same cards as its school report and advice page.
    """

    name: str
    recommended: tuple[str, ...]
    possible: tuple[str, ...]
    missing_count: int
    decision: Decision | None = None


@dataclass
class ReportContext:
    subject: ReportSubject
    advice: Advice
    ruleset: RuleSet
    summary: list[RouteCard] = field(default_factory=list)  # every route, in reading order
    detailed: list[RouteCard] = field(default_factory=list)
    other: list[RouteCard] = field(default_factory=list)
    closed: list[RouteCard] = field(default_factory=list)
    schools: list[SchoolLine] = field(default_factory=list)
    answers: list[AnswerGroup] = field(default_factory=list)
    glossary: list[Any] = field(default_factory=list)
    sources: list[Link] = field(default_factory=list)  # numbered in this order, from 1
    kind: str = "full"  # "full": the note and the full reasoning; "note": the note alone
    decision: Decision | None = None
    cited: list[CitedCard] = field(default_factory=list)  # the detailed routes with citations
    contacts: list[Contact] = field(default_factory=list)  # every contact of ``detailed``, once


@dataclass(frozen=True)
class CitedCard:
    """A route explained in the full report, with the numbers of its sources in the list."""

    card: RouteCard
    numbers: tuple[int, ...]


def build_context(
    advice: Advice,
    ruleset: RuleSet,
    subject: ReportSubject,
    *,
    board_advice: BoardAdvice | None = None,
    kind: str = "full",
    organisations: Mapping[str, Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """Return the template context of a report on ``advice`` (the pooled one for a board).

    ``ruleset`` must be the rule set the advice was evaluated with: the report takes the
    attention points, next steps, contacts and sources from its routes. Routes the rule set no
    longer knows still appear, with what the advice itself recorded. ``kind`` is ``"note"``
    for the two-page decision note alone, ``"full"`` for the note followed by the reasoning.
    ``organisations`` maps a route code to the directory's organisations near the school
    (``directory.services.Match``), listed under that route. Built in Dutch whatever the
    active language.
    """
    with translation.override(REPORT_LANGUAGE):
        context = _build_context(advice, ruleset, subject, board_advice, kind)
    organisations = organisations or {}
    context["organisations"] = organisations
    # Each route names its organisations; their details stand once, in an annex, in the order
    # the explained routes first name them.
    annex: dict[Any, Any] = {}
    for item in context["report"].cited:
        for match in organisations.get(item.card.result.code, ()):
            annex.setdefault(match.organisation.pk, match)
    context["organisations_annex"] = list(annex.values())
    return context


def printable(text: str) -> str:
    """Return ``text`` as the report's fonts can print it.

    Names are printed as they were typed, except what has no glyph in the vendored fonts
    (``static/fonts``), which would print as an empty box (and copy out of the PDF as
    nothing readable): a control character (form feed, vertical tab, ...) becomes a space, and
    each run of other missing characters (an emoji with its joiners, a word or words in
    Arabic or Hebrew) one Dutch label in brackets, "[emoji]" or "[Arabisch schrift]". The
    PDF's metadata keeps the name as typed (``_build_context``); the web pages show it as is.
    """
    text = CONTROL_CHARACTERS.sub(" ", str(text))
    covered = _covered_code_points()
    if all(ord(char) in covered for char in text):
        return text
    # Runs of missing characters, a joiner kept with the run before it.
    out: list[str] = []  # printable characters and labels
    run: list[str] = []
    for char in text:
        if ord(char) in covered and not (run and unicodedata.category(char) in JOINERS):
            if run:
                _add_label(out, _missing_label(run))
                run = []
            out.append(char)
        else:
            run.append(char)
    if run:
        _add_label(out, _missing_label(run))
    return "".join(out)


def _add_label(out: list[str], label: str) -> None:
    """Append ``label``, unless the same label stands just before it, spaces apart."""
    spaces = 0
    while len(out) > spaces and out[-1 - spaces] == " ":
        spaces += 1
    if len(out) > spaces and out[-1 - spaces] == label:
        del out[len(out) - spaces :]  # two missing words: one label
        return
    out.append(label)


def _missing_label(run: list[str]) -> str:
    """Return the label of a run of characters the fonts lack: "[emoji]" or its script."""
    scripts = {
        unicodedata.name(char, "").split(" ", 1)[0]
        for char in run
        if unicodedata.category(char).startswith("L")
    }
    if not scripts:
        return str(MISSING_EMOJI)
    if len(scripts) == 1:
        return str(MISSING_SCRIPTS.get(scripts.pop(), MISSING_SCRIPT))
    return str(MISSING_SCRIPT)


@functools.cache
def _covered_code_points() -> frozenset[int]:
    """Return every character some vendored report font has a glyph for (read once: ~10 ms)."""
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    covered: set[int] = set()
    for path in sorted(FONTS_DIR.glob("*.woff")):
        covered.update(TTFont(path, lazy=True).getBestCmap())
    return frozenset(covered)


def _build_context(
    advice: Advice,
    ruleset: RuleSet,
    subject: ReportSubject,
    board_advice: BoardAdvice | None,
    kind: str,
) -> dict[str, Any]:
    typed_name = CONTROL_CHARACTERS.sub(" ", str(subject.name))  # for the metadata
    subject = replace(
        subject, name=printable(subject.name), board_name=printable(subject.board_name)
    )
    made_on = subject.made_on or timezone.localdate()
    dated = advice.on != made_on if subject.dated is None else subject.dated
    # The advice page's order (``reading_order``), so "Wat nu doen?" and the overview agree.
    cards = reading_order(advice_cards(advice, ruleset))
    report = ReportContext(subject=subject, advice=advice, ruleset=ruleset, summary=cards)
    for card in cards:
        status = card.result.status
        if status in DETAILED_STATUSES:
            report.detailed.append(card)
        elif status is Status.NOT_IN_FORCE:
            report.closed.append(card)
        else:
            report.other.append(card)
    if board_advice is not None:
        report.schools = [
            _school_line(name, school, ruleset) for name, school in board_advice.schools
        ]
    report.answers = answer_groups(advice.facts)
    report.glossary = _glossary_used(ruleset, report.summary)
    report.sources = _all_sources(report.detailed + report.other + report.closed)
    report.kind = kind
    by_code = {card.result.code: card for card in cards}
    report.decision = decide(advice, [by_code[result.code] for result in advice.results])
    numbers = {(link.title, link.url): i for i, link in enumerate(report.sources, start=1)}
    report.cited = [
        CitedCard(
            card,
            tuple(
                dict.fromkeys(
                    numbers[(link.title, link.url)]
                    for link in (*card.legal_references, *card.sources)
                )
            ),
        )
        for card in report.detailed
    ]
    report.contacts = list(
        {contact.code: contact for card in report.detailed for contact in card.contacts}.values()
    )
    title = _report_title(typed_name, is_board=subject.is_board)
    description = _("Advies over sociale-economietrajecten voor %(name)s, op %(date)s.") % {
        "name": typed_name,
        "date": display_date(advice.on),
    }
    keywords = [_("sociale economie"), _("schoolgebouwen"), _("facilitair werk"), _("advies")]
    return {
        "report": report,
        "title": title,
        "author": f"{TOOL_NAME} – {DEPARTMENT}",
        "tool_name": str(TOOL_NAME),
        "description": description,
        "keywords": ", ".join([*keywords, typed_name]),
        "created": (subject.created_at or timezone.now()).isoformat(timespec="seconds"),
        "department": str(DEPARTMENT),
        "department_url": DEPARTMENT_URL,
        "disclaimer": str(DISCLAIMER),
        "evaluated_on": display_date(advice.on),
        "made_on": display_date(made_on),
        "dated": dated,
        "status_headings": {s.value: str(STATUS_HEADINGS[s]) for s in STATUS_ORDER},
        "status_legend": [(STATUS_SYMBOLS[s], str(STATUS_LABELS[s])) for s in STATUS_ORDER],
        "margin_page": pgettext("paginanummer", "Pagina"),
        "margin_of": pgettext("paginanummer", "van"),
    }


def render_html(context: Mapping[str, Any]) -> str:
    """Render the report's HTML, always in Dutch whatever the request's language."""
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(REPORT_TEMPLATE, context)


def render_limits() -> RenderLimits:
    """Return the bounds of one render, from ``REPORT_RENDER_SECONDS``/``_MEMORY_MB``."""
    return RenderLimits(
        seconds=settings.REPORT_RENDER_SECONDS,
        memory_bytes=settings.REPORT_RENDER_MEMORY_MB * 1024 * 1024,
    )


def html_to_pdf(html: str) -> bytes:
    """Render report HTML to a tagged PDF/UA-1 document (fonts and CSS from ``static/``).

    The render runs in a child process bounded in time and memory that loads only the
    project's static files (``reports.render``); URLs it refused are logged. Raises
    ``RenderFailed`` (``RenderTimedOut`` when too slow).
    """
    result = render_pdf(
        html,
        STATIC_DIR,
        pdf_variant=PDF_VARIANT,
        limits=render_limits(),
        stylesheets=REPORT_STYLESHEETS,
    )
    for url in result.refused:
        logger.warning("report render refused to load %s", url[:200])
    return result.pdf


def render_report_pdf(
    advice: Advice, ruleset: RuleSet, subject: ReportSubject, **options: Any
) -> bytes:
    """Return the PDF report on ``advice``.

    ``options`` are the keywords of ``build_context`` (``board_advice``, ``kind``,
    ``organisations``); raises as ``html_to_pdf`` does. The whole render runs in Dutch (the
    report's language), whatever the language of the request or task that asks for it.
    """
    with translation.override(REPORT_LANGUAGE):
        return html_to_pdf(render_html(build_context(advice, ruleset, subject, **options)))


# --- Building blocks --------------------------------------------------------------------------


def _report_title(name: str, *, is_board: bool) -> str:
    if is_board:
        return _("Advies sociale economie voor schoolbestuur %(name)s") % {"name": name}
    return _("Advies sociale economie voor %(name)s") % {"name": name}


def _school_line(name: str, advice: Advice, ruleset: RuleSet) -> SchoolLine:
    cards = [route_card(result, ruleset, on=advice.on) for result in advice.results]
    return SchoolLine(
        name=printable(name),
        recommended=tuple(r.title for r in advice.results if r.status is Status.RECOMMENDED),
        possible=tuple(r.title for r in advice.results if r.status is Status.POSSIBLE),
        missing_count=sum(1 for r in advice.results if r.status is Status.INSUFFICIENT_DATA),
        decision=decide(advice, cards),
    )


def answer_groups(facts: Mapping[str, Any]) -> list[AnswerGroup]:
    """Group the facts an advice used by questionnaire step, with Dutch labels and values.

    Facts the registry does not know are left out; derived facts come last, in their own group.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    used = [fact for fact in FACTS if fact.code in facts]
    label_counts = Counter(fact.label for fact in used)
    for fact in used:
        key = "derived" if fact.origin == "derived" else fact.step
        label = _(fact.label)
        if label_counts[fact.label] > 1:
            # Hours and provider of a task share the task's name; say which is which.
            detail = _(fact.unit) if fact.unit else _(fact.help)
            label = f"{label} ({detail[:1].lower()}{detail[1:].rstrip('?.')})" if detail else label
        groups.setdefault(key, []).append((label, value_display(fact, facts[fact.code])))
    titles = {code: _(title) for code, title in STEP_TITLES.items()}
    titles["derived"] = _("Afgeleid uit de antwoorden")
    order = [*STEP_TITLES, "derived"]
    return [
        AnswerGroup(title=titles.get(key, key), answers=tuple(groups[key]))
        for key in order
        if key in groups
    ]


def _glossary_used(ruleset: RuleSet, cards: Sequence[RouteCard]) -> list[Any]:
    """Return the glossary terms that occur in the report's route texts (all when none do)."""
    texts = []
    for card in cards:
        result = card.result
        texts += [result.title, result.summary, result.status_reason, card.continuation]
        texts += [row.trace.reason for row in card.conditions]
        texts += list(card.attention_points) + list(card.next_steps)
    haystack = " ".join(texts).casefold()
    used = [term for term in ruleset.glossary if term.term.casefold() in haystack]
    return sorted(used or ruleset.glossary, key=lambda term: term.term.casefold())


def _all_sources(cards: Iterable[RouteCard]) -> list[Link]:
    """Return each distinct legal reference and source of the routes once, in reading order."""
    seen: set[tuple[str, str]] = set()
    links = []
    for card in cards:
        for link in (*card.legal_references, *card.sources):
            key = (link.title, link.url)
            if key not in seen:
                seen.add(key)
                links.append(link)
    return links


def profile_report_pdf(
    parsed: ParsedProfile, *, on: dt.date | None = None, ruleset: RuleSet | None = None
) -> bytes:
    """Return the report for a parsed profile file (``pathways.api.profile.ParsedProfile``).

    Used by ``manage.py advise --format pdf``; nothing is stored, so the cover has no report
    number. A board file gives the board report (its schools pooled, and each school).
    """
    ruleset = ruleset or current_ruleset()
    on = on or today()
    now = timezone.now()
    if parsed.kind == "school":
        school = parsed.school
        advice = advise(school.facts, on=on, ruleset=ruleset)
        subject = ReportSubject(name=school.name, made_on=timezone.localdate(now), created_at=now)
        return render_report_pdf(advice, ruleset, subject)
    board = parsed.board
    board_advice = advise_board(
        [(school.name, school.facts) for school in board.schools],
        board.facts,
        on=on,
        ruleset=ruleset,
    )
    subject = ReportSubject(
        name=board.name, is_board=True, made_on=timezone.localdate(now), created_at=now
    )
    return render_report_pdf(board_advice.pooled, ruleset, subject, board_advice=board_advice)
