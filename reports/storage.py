"""Storing PDF advisory reports: each set of inputs is rendered once and served as stored.

A report's inputs (school and questionnaire version, or the board and its schools' versions;
the rule-data identifier; the evaluation date) form its key. ``school_report_get_or_render``
and ``board_report_get_or_render`` return the stored row for known inputs and render and store
a new one otherwise; two requests racing for the same inputs end up with the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from pathways.engine.types import RuleSet
from pathways.fingerprint import advice_fingerprint
from pathways.services import advise, advise_board, current_ruleset, today
from schools import services as school_services

from .models import AdviceReport
from .pdf import REPORT_LANGUAGE, ReportSubject, render_report_pdf


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data`` (stored beside each PDF and ZIP, sent as ETag)."""
    return hashlib.sha256(data).hexdigest()


class NoSubmittedAnswers(LookupError):
    """The school (or none of the board's schools) has submitted a questionnaire yet."""


# What a report can be: the two-page decision note alone, or the note with the full reasoning.
KIND_FULL = "full"
KIND_NOTE = "note"
REPORT_KINDS = (KIND_FULL, KIND_NOTE)


def school_report_key(school, version, facts, ruleset: RuleSet, on: dt.date, kind: str) -> str:
    """Return the stored-report key of a school: the advice fingerprint of what it shows.

    The facts evaluated (answers and school record), the rules, the date, the report language
    and texts, and what the cover names (school, board, questionnaire version, kind): the same
    fingerprint as the advice page's, so paper and screen always agree.
    """
    fingerprint = advice_fingerprint(
        facts,
        ruleset_id=ruleset.identifier,
        on=on,
        language=REPORT_LANGUAGE,
        context={
            "report": kind,
            "school": school.pk,
            "name": school.name,
            "board": school.board.name,
            "version": version.pk,
        },
    )
    return f"school:{school.pk}:{kind}:{fingerprint}"


def board_report_key(board, profiles, ruleset: RuleSet, on: dt.date, kind: str) -> str:
    """Return the stored-report key of a board: the fingerprint of every school it pools."""
    fingerprint = advice_fingerprint(
        {
            "schools": [(p.school.name, p.facts) for p in profiles],
            "board": {"board_type": board.board_type},
        },
        ruleset_id=ruleset.identifier,
        on=on,
        language=REPORT_LANGUAGE,
        context={
            "report": kind,
            "board": board.pk,
            "name": board.name,
            "versions": [p.version.pk for p in profiles],
        },
    )
    return f"board:{board.pk}:{kind}:{fingerprint}"


def report_number(pk: int, year: int) -> str:
    """Return the report number of the ``pk``-th report, made in ``year``: ``SE-2026-000123``."""
    return f"SE-{year}-{pk:06d}"


def report_get_or_render(model, key: str, fields: dict[str, Any], make_pdf) -> Any:
    """Return the report stored under ``key``, or render it with ``make_pdf(number)`` and store it.

    The row is claimed first, in a short transaction of its own, so that its primary key gives
    the report number printed on the cover. The PDF is rendered outside any transaction: seconds
    of WeasyPrint must not hold a database lock (on SQLite that blocks every other write). When
    two requests for the same inputs render at once, the first to finish is kept and the other
    returns it, so everyone downloads the same bytes; a claim whose render failed is rendered
    again by the next request.
    """
    report = model.objects.filter(input_key=key).first()
    if report is None:
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
            report = model.objects.get(input_key=key)
    if report.size:
        return report
    pdf = make_pdf(report.number, report.created_at)
    digest = sha256(pdf)
    if model.objects.filter(pk=report.pk, size=0).update(pdf=pdf, sha256=digest, size=len(pdf)):
        report.pdf, report.sha256, report.size = pdf, digest, len(pdf)
        return report
    return model.objects.get(pk=report.pk)  # another request stored its render first


def stored_school_report(school, *, on: dt.date, kind: str = KIND_FULL):
    """Return the stored report for the school's latest submission and the current rules.

    None when it has not been made yet (then ``school_report_get_or_render`` makes it).
    """
    version = school_services.latest_submitted(school)
    if version is None:
        return None
    ruleset = current_ruleset()
    facts = school_services.school_facts(school, version)
    key = school_report_key(school, version, facts, ruleset, on, kind)
    # A claimed row whose PDF is still being rendered is not a report yet.
    report = AdviceReport.objects.filter(input_key=key, size__gt=0).first()
    if report is not None:
        report.school = school
    return report


def school_report_get_or_render(
    school,
    *,
    user=None,
    version=None,
    on: dt.date | None = None,
    ruleset: RuleSet | None = None,
    kind: str = KIND_FULL,
):
    """Return the stored report of ``school``, making it when its inputs are new.

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
    facts = school_services.school_facts(school, version)

    def make_pdf(number: str, now: dt.datetime) -> bytes:
        with translation.override(REPORT_LANGUAGE):
            answers = version.caption
        advice = advise(facts, on=on, ruleset=ruleset)
        subject = ReportSubject(
            name=school.name,
            board_name=school.board.name,
            number=number,
            made_on=timezone.localtime(now).date(),
            answers_label=answers,
            created_at=now,
        )
        return render_report_pdf(advice, ruleset, subject, kind=kind)

    fields = {
        "scope": AdviceReport.Scope.SCHOOL,
        "board_id": school.board_id,
        "school": school,
        "questionnaire_version": version,
        "ruleset_identifier": ruleset.identifier,
        "evaluated_on": on,
        "created_by": user if user is not None and user.is_authenticated else None,
    }
    key = school_report_key(school, version, facts, ruleset, on, kind)
    report = report_get_or_render(AdviceReport, key, fields, make_pdf)
    report.school = school  # the caller's row: its file name needs no query
    return report


def board_report_get_or_render(
    board,
    *,
    user=None,
    on: dt.date | None = None,
    ruleset: RuleSet | None = None,
    kind: str = KIND_FULL,
):
    """Return the stored report of ``board``: its schools evaluated together (pooled).

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

    def make_pdf(number: str, now: dt.datetime) -> bytes:
        board_advice = advise_board(
            [(p.school.name, p.facts) for p in profiles],
            {"board_type": board.board_type},
            on=on,
            ruleset=ruleset,
        )
        with translation.override(REPORT_LANGUAGE):
            answers = ngettext(
                "de ingediende vragenlijst van %(count)s school",
                "de ingediende vragenlijsten van %(count)s scholen",
                len(profiles),
            ) % {"count": len(profiles)}
        subject = ReportSubject(
            name=board.name,
            is_board=True,
            number=number,
            made_on=timezone.localtime(now).date(),
            answers_label=answers,
            created_at=now,
        )
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
    key = board_report_key(board, profiles, ruleset, on, kind)
    report = report_get_or_render(AdviceReport, key, fields, make_pdf)
    report.board = board  # the caller's row: its file name needs no query
    return report
