"""Storing PDF advisory reports: each set of inputs is rendered once and served as stored.

A report's inputs (school and questionnaire version, or the board and its schools' versions;
the rule-data identifier; the evaluation date) form its key. ``school_report_plan`` and
``board_report_plan`` say what a report is made from (its key, its row and how to render it)
without rendering; ``school_report_get_or_render`` and ``board_report_get_or_render`` return the
stored row for known inputs and render and store a new one otherwise (in a background task or a
command, never in a web request: see ``reports.ondemand``); two renders racing for the same
inputs end up with the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from directory.services import directory_revision, organisations_for_school
from pathways.engine.types import RuleSet
from pathways.fingerprint import advice_fingerprint
from pathways.services import advise, advise_board, current_ruleset, today
from schools import services as school_services

from .models import KIND_FULL, AdviceReport
from .pdf import REPORT_LANGUAGE, ReportSubject, render_report_pdf


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data`` (stored beside each PDF and ZIP, sent as ETag)."""
    return hashlib.sha256(data).hexdigest()


class NoSubmittedAnswers(LookupError):
    """The school (or none of the board's schools) has submitted a questionnaire yet."""


def school_report_key(
    school, version, facts, ruleset: RuleSet, on: dt.date, kind: str, *, dated: bool = False
) -> str:
    """Return the stored-report key of a school: the advice fingerprint of what it shows.

    The facts evaluated (answers and school record), the rules, the date, the report language
    and texts, and what the cover names (school, board, questionnaire version, kind, and
    ``dated``: whether its first page warns that the advice is not today's): the same
    fingerprint as the advice page's, so paper and screen always agree.
    """
    cover = {
        "dated": dated,
        "school": school.pk,
        "name": school.name,
        "board": school.board.name,
        "version": version.pk,
        "directory": directory_revision(),
    }
    return _report_key("school", school, facts, ruleset, on, kind, cover)


def board_report_key(
    board, profiles, ruleset: RuleSet, on: dt.date, kind: str, *, dated: bool = False
) -> str:
    """Return the stored-report key of a board: the fingerprint of every school it pools.

    ``dated`` as for ``school_report_key``.
    """
    facts = {
        "schools": [(p.school.name, p.facts) for p in profiles],
        "board": {"board_type": board.board_type},
    }
    cover = {
        "dated": dated,
        "board": board.pk,
        "name": board.name,
        "versions": [p.version.pk for p in profiles],
    }
    return _report_key("board", board, facts, ruleset, on, kind, cover)


def _report_key(scope: str, subject, facts, ruleset: RuleSet, on: dt.date, kind: str, cover) -> str:
    """Return ``<scope>:<pk>:<kind>:<fingerprint>`` of the report of ``subject`` (school or board).

    ``cover`` holds what the report names besides the facts (``advice_fingerprint``'s context,
    with the kind of report).
    """
    fingerprint = advice_fingerprint(
        facts,
        ruleset_id=ruleset.identifier,
        on=on,
        language=REPORT_LANGUAGE,
        context={"report": kind, **cover},
    )
    return f"{scope}:{subject.pk}:{kind}:{fingerprint}"


def is_dated(on: dt.date) -> bool:
    """Return whether a report on the advice of ``on``, made today, warns it is not today's.

    Part of the report's key: a report asked for a past (or future) date is stored with its
    warning, apart from the one made on that very day without it, so a stored PDF never
    passes for today's advice once its day is over.
    """
    return on != today()


def report_number(pk: int, year: int) -> str:
    """Return the report number of the ``pk``-th report, made in ``year``: ``SE-2026-000123``."""
    return f"SE-{year}-{pk:06d}"


def claim_report(model, key: str, fields: dict[str, Any]) -> tuple[Any, bool]:
    """Return ``(row, created)``: the row stored under ``key``, created empty when there is none.

    The row is claimed in a short transaction of its own, so that its primary key gives the
    report number printed on the cover; an empty row (``size == 0``) is a claim whose PDF is not
    rendered yet. Two callers racing for the same key get the same row (one of them created it).
    """
    report = model.objects.filter(input_key=key).first()
    if report is not None:
        return report, False
    now = timezone.now()
    try:
        with transaction.atomic():
            report = model.objects.create(
                input_key=key,
                number=f"tmp-{hashlib.sha256(key.encode()).hexdigest()[:16]}",
                created_at=now,
                pdf=b"",
                **fields,
            )
            report.number = report_number(report.pk, timezone.localtime(now).year)
            report.save(update_fields=["number"])
    except IntegrityError:
        return model.objects.get(input_key=key), False
    return report, True


def report_get_or_render(model, key: str, fields: dict[str, Any], make_pdf) -> Any:
    """Return the report stored under ``key``, or render it with ``make_pdf(number)`` and store it.

    The row is claimed first (``claim_report``). The PDF is rendered outside any transaction:
    seconds of WeasyPrint must not hold a database lock (on SQLite that blocks every other
    write). When two renders for the same inputs run at once, the first to finish is kept and
    the other returns it, so everyone downloads the same bytes; a claim whose render failed is
    rendered again by the next call.
    """
    report, _created = claim_report(model, key, fields)
    if report.size:
        return report
    pdf = make_pdf(report.number, report.created_at)
    digest = sha256(pdf)
    if model.objects.filter(pk=report.pk, size=0).update(
        pdf=pdf, sha256=digest, size=len(pdf), error=""
    ):
        report.pdf, report.sha256, report.size, report.error = pdf, digest, len(pdf), ""
        return report
    return model.objects.get(pk=report.pk)  # another render stored its PDF first


@dataclass
class ReportPlan:
    """What one report is made from: its key, its row's fields and how to render its PDF.

    ``make_pdf(number, created_at)`` returns the PDF bytes (seconds of WeasyPrint);
    ``subject`` is the school or board the report is about, set on the rows it returns so
    their file name needs no query.
    """

    key: str
    fields: dict[str, Any]
    make_pdf: Callable[[str, dt.datetime], bytes]
    subject_field: str  # "school" or "board"
    subject: Any

    def own(self, report):
        """Return ``report`` (a row of this plan, or None) with its subject set."""
        if report is not None:
            setattr(report, self.subject_field, self.subject)
        return report

    def stored(self):
        """Return the stored report (its PDF rendered) for these inputs, or None."""
        return self.own(AdviceReport.objects.filter(input_key=self.key, size__gt=0).first())

    def claim(self, **extra: Any) -> tuple[Any, bool]:
        """Return ``(row, created)`` for these inputs; see ``claim_report``."""
        report, created = claim_report(AdviceReport, self.key, self.fields | extra)
        return self.own(report), created

    def get_or_render(self):
        """Return the stored report, rendering and storing it first when it is new."""
        return self.own(report_get_or_render(AdviceReport, self.key, self.fields, self.make_pdf))


def stored_school_report(school, *, on: dt.date, kind: str = KIND_FULL):
    """Return the stored report for the school's latest submission and the current rules.

    None when it has not been made yet (then ``school_report_get_or_render`` makes it).
    """
    try:
        plan = school_report_plan(school, on=on, kind=kind)
    except NoSubmittedAnswers:
        return None
    # A claimed row whose PDF is still being rendered is not a report yet.
    return plan.stored()


def school_report_get_or_render(school, **options):
    """Return the stored report of ``school``, making it when its inputs are new.

    ``options`` are those of ``school_report_plan``. Renders in the caller's process: for
    background tasks and commands; a web request uses ``reports.ondemand``.
    """
    return school_report_plan(school, **options).get_or_render()


def school_report_plan(
    school,
    *,
    user=None,
    version=None,
    on: dt.date | None = None,
    ruleset: RuleSet | None = None,
    kind: str = KIND_FULL,
) -> ReportPlan:
    """Return what the report of ``school`` is made from, without rendering it.

    ``version`` defaults to the latest submitted questionnaire, ``on`` to today and ``ruleset``
    to the published rules; ``kind`` is ``"full"`` (note and reasoning) or ``"note"``. Raises
    ``NoSubmittedAnswers`` when there is no submitted version and
    ``pathways.services.NoPublishedRules`` when no rules are published.
    """
    version = version or school_services.latest_submitted(school)
    if version is None:
        raise NoSubmittedAnswers(school.pk)
    ruleset = ruleset or current_ruleset()
    on = on or today()
    dated = is_dated(on)
    facts = school_services.school_facts(school, version)

    def make_pdf(number: str, now: dt.datetime) -> bytes:
        # Everything the report says in Dutch, whatever the language of who asked for it.
        with translation.override(REPORT_LANGUAGE):
            answers = version.caption
            advice = advise(facts, on=on, ruleset=ruleset)
            organisations = organisations_for_school(
                school.postcode, school.municipality, [r.code for r in advice.results], facts
            )
            subject = _stored_subject(
                number, now, dated, answers, name=school.name, board_name=school.board.name
            )
            return render_report_pdf(
                advice, ruleset, subject, kind=kind, organisations=organisations
            )

    fields = {
        "scope": AdviceReport.Scope.SCHOOL,
        "board_id": school.board_id,
        "school": school,
        "questionnaire_version": version,
        "ruleset_identifier": ruleset.identifier,
        "evaluated_on": on,
        "created_by": user if user is not None and user.is_authenticated else None,
    }
    key = school_report_key(school, version, facts, ruleset, on, kind, dated=dated)
    return ReportPlan(key, fields, make_pdf, "school", school)


def board_report_get_or_render(board, **options):
    """Return the stored report of ``board``, making it when its inputs are new.

    ``options`` are those of ``board_report_plan``; renders in the caller's process.
    """
    return board_report_plan(board, **options).get_or_render()


def board_report_plan(
    board,
    *,
    user=None,
    on: dt.date | None = None,
    ruleset: RuleSet | None = None,
    kind: str = KIND_FULL,
) -> ReportPlan:
    """Return what the report of ``board`` is made from: its schools evaluated together (pooled).

    Its inputs are the facts of every school of the board with a submitted questionnaire, so a
    new submission or a changed school record anywhere in the board makes a new board report.
    Raises ``NoSubmittedAnswers`` when no school of the board has submitted yet.
    """
    schools = list(board.schools.select_related("board").order_by("name"))
    profiles = [p for p in school_services.facts_for_schools(schools) if p.version is not None]
    if not profiles:
        raise NoSubmittedAnswers(board.pk)
    ruleset = ruleset or current_ruleset()
    on = on or today()
    dated = is_dated(on)

    def make_pdf(number: str, now: dt.datetime) -> bytes:
        with translation.override(REPORT_LANGUAGE):
            board_advice = advise_board(
                [(p.school.name, p.facts) for p in profiles],
                {"board_type": board.board_type},
                on=on,
                ruleset=ruleset,
            )
            answers = ngettext(
                "de ingediende vragenlijst van %(count)s school",
                "de ingediende vragenlijsten van %(count)s scholen",
                len(profiles),
            ) % {"count": len(profiles)}
            subject = _stored_subject(number, now, dated, answers, name=board.name, is_board=True)
            return render_report_pdf(
                board_advice.pooled, ruleset, subject, board_advice=board_advice, kind=kind
            )

    fields = {
        "scope": AdviceReport.Scope.BOARD,
        "board": board,
        "ruleset_identifier": ruleset.identifier,
        "evaluated_on": on,
        "created_by": user if user is not None and user.is_authenticated else None,
    }
    key = board_report_key(board, profiles, ruleset, on, kind, dated=dated)
    return ReportPlan(key, fields, make_pdf, "board", board)


def _stored_subject(
    number: str, now: dt.datetime, dated: bool, answers: str, **who: Any
) -> ReportSubject:
    """The cover of a stored report: its number, when it was made (``now``, aware), whether it
    is the advice on another day than that (``dated``), the answers it read; ``who`` names the
    school or board (``ReportSubject``'s name fields)."""
    return ReportSubject(
        number=number,
        made_on=timezone.localtime(now).date(),
        dated=dated,
        answers_label=answers,
        created_at=now,
        **who,
    )


def claim_plan(report) -> ReportPlan:
    """Return the plan of a claimed report's inputs as they are now (same key: same inputs).

    Raises ``NoSubmittedAnswers`` or ``NoPublishedRules`` when they are gone.
    """
    options = {"user": report.created_by, "on": report.evaluated_on, "kind": report.kind}
    if report.scope == AdviceReport.Scope.SCHOOL:
        return school_report_plan(report.school, version=report.questionnaire_version, **options)
    return board_report_plan(report.board, **options)
