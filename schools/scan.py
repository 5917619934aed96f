"""The quick scan ("snelle scan"): the questionnaire for a visitor without an account.

The answers live in the visitor's session only (Django's server-side session; the browser holds
the signed session cookie). Nothing is written to the school tables until the visitor signs in
(or accepts an invitation) and chooses to keep the answers for one of their schools
(``keep_for_school``). The session ends as any session does (``SESSION_COOKIE_AGE``).

Every scan page is rate-limited per client address (``allow``), the PDF more strictly, since it
is rendered while the visitor waits (there is no stored report to hand to a background worker).
The counts live in the database (``ScanRequestCount``), so the limit holds across all web
processes; Django's cache would not do: the default local-memory cache is per process, and the
database cache backend increments by reading and writing back, which loses counts when two
processes count at once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pathways.engine.types import FactDef
from pathways.engine.validate import clean_facts

from . import services
from .models import ScanRequestCount, School, User
from .questionnaire import (
    QUESTION_FACTS_BY_STEP,
    RECORD_FACTS,
    RECORD_STEP,
    STEP_CODES,
    StepForm,
)

SESSION_KEY = "quick_scan"

# Requests per client address and window. Generous for a person clicking through 7 steps and
# back again, low enough that a script cannot use the scan as a free advice or PDF service.
PAGE_LIMIT = (300, 10 * 60)  # 300 scan pages per 10 minutes
PDF_LIMIT = (10, 60 * 60)  # 10 PDFs per hour


def client_key(request: HttpRequest) -> str:
    """Return the client's address as Django sees it (behind a proxy: the proxy's view of it,
    so run the proxy with the client address in ``REMOTE_ADDR``)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, bucket: str, limit: tuple[int, int]) -> bool:
    """Count one request of this client in ``bucket``; False once ``limit`` is exceeded.

    ``limit`` is (requests, window in seconds); windows are fixed periods of that length
    (epoch-aligned), so a client gets at most ``requests`` per period, whichever web process
    serves it. One atomic ``UPDATE … SET count = count + 1`` per request (an ``INSERT`` for the
    first request of a window, which also deletes the expired counts).
    """
    count_max, window = limit
    now = timezone.now()
    start = int(now.timestamp()) // window * window
    client = salted_hmac("schools.scan.allow", client_key(request)).hexdigest()[:32]
    key = f"{bucket}:{client}:{start}"
    rows = ScanRequestCount.objects.filter(key=key)
    if not rows.update(count=F("count") + 1):
        expires_at = dt.datetime.fromtimestamp(start + window, tz=dt.UTC)
        try:
            with transaction.atomic():
                ScanRequestCount.objects.create(key=key, count=1, expires_at=expires_at)
        except IntegrityError:  # another process created it first: count on that row
            rows.update(count=F("count") + 1)
        else:
            ScanRequestCount.objects.filter(expires_at__lte=now).delete()
            return 1 <= count_max
    return rows.values_list("count", flat=True).get() <= count_max


def seconds_left(limit: tuple[int, int]) -> int:
    """Return the seconds (at least 1) until the current period of ``limit`` ends: when a client
    ``allow`` refused may ask again."""
    window = limit[1]
    return max(1, math.ceil(window - timezone.now().timestamp() % window))


def session_answers(session: Any) -> dict[str, Any]:
    """Return the scan's answers in ``session`` (record facts and questions), possibly empty."""
    data = session.get(SESSION_KEY) or {}
    return dict(data.get("answers") or {})


# The facts each scan step asks: the questionnaire's questions, and on the first step (which
# asks none in the questionnaire) the record facts, which a visitor has no school record for.
STEP_FACTS: dict[str, tuple[FactDef, ...]] = {
    step: RECORD_FACTS if step == RECORD_STEP else QUESTION_FACTS_BY_STEP[step]
    for step in STEP_CODES
}


def step_facts(step: str) -> tuple[FactDef, ...]:
    """Return the facts asked in a scan step: the first step asks the record facts."""
    return STEP_FACTS[step]


def save_step(session: Any, form: StepForm) -> None:
    """Store the clean answers of a valid scan step form in the session."""
    data = session.get(SESSION_KEY) or {"answers": {}, "steps_saved": []}
    answers = dict(data.get("answers") or {})
    for fact in form.facts:
        value = form.answers.get(fact.code)
        if value in (None, []):
            answers.pop(fact.code, None)
        else:
            answers[fact.code] = value
    saved = list(data.get("steps_saved") or [])
    if form.step not in saved:
        saved.append(form.step)
    session[SESSION_KEY] = {
        "answers": answers,
        "steps_saved": saved,
        "last_step": form.step,
        "updated_at": timezone.now().isoformat(),
    }


def saved_steps(session: Any) -> list[str]:
    return list((session.get(SESSION_KEY) or {}).get("steps_saved") or [])


def facts(session: Any) -> dict[str, Any]:
    """Return clean engine facts from the scan's answers (bad ones are dropped)."""
    clean, _problems = clean_facts(session_answers(session))
    return clean


def forget(session: Any) -> None:
    session.pop(SESSION_KEY, None)


@dataclass(frozen=True)
class RecordDifference:
    """A record fact the scan answered otherwise than the school's record says."""

    fact: FactDef
    scan_value: Any  # clean engine value, as the scan holds it
    school_value: Any  # clean engine value of the school record (None: not in the record)


def record_differences(session: Any, school: School) -> list[RecordDifference]:
    """Return the scan's record facts (board type, postcode, pupils, campuses) that differ from
    ``school``'s record, in the registry's order; facts the scan left open are not compared.

    ``keep_for_school`` does not copy them (the record wins), so the page after keeping says
    which answers were not taken over.
    """
    answers = facts(session)
    record, _problems = clean_facts(services.record_facts(school))
    return [
        RecordDifference(fact, answers[fact.code], record.get(fact.code))
        for fact in RECORD_FACTS
        if fact.code in answers and answers[fact.code] != record.get(fact.code)
    ]


def keep_for_school(*, session: Any, school: School, user: User) -> None:
    """Save the scan's questionnaire answers in the draft of ``school``, step by step.

    The record facts (board type, postcode, pupils, campuses) are not copied: the school's own
    record holds them. The answers go through the same checks as the questionnaire pages; the
    draft is not submitted, so the user checks it first. The scan is then forgotten.
    """
    answers = session_answers(session)
    for step in STEP_CODES:
        codes = [f.code for f in QUESTION_FACTS_BY_STEP[step]]
        data = {code: answers[code] for code in codes if code in answers}
        if data:
            services.questionnaire_save_step(
                school=school,
                user=user,
                step=step,
                data=data,
                revision=services.current_revision(school),
            )
    forget(session)
