"""Facts for the engine, and the write operations on questionnaires and invitations.

Reads: ``school_facts`` (one school), ``facts_for_schools`` (many, in a fixed number of queries;
``board_profiles`` for a board's schools),
``submitted_profiles`` (every school's latest submission, for the impact preview).
Writes are keyword-only ``<entity>_<action>`` functions; views and forms stay thin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from pathways.engine.jsonvalues import json_value
from pathways.engine.validate import clean_facts
from pathways.prepared import PreparedQuery

from .models import Board, Invitation, QuestionnaireVersion, School, SchoolMembership, User
from .questionnaire import QUESTION_FACTS_BY_STEP, STEP_CODES

INVITATION_VALID_DAYS = 14

MSG_NOTHING_TO_SUBMIT = gettext_noop(
    "Er is geen concept om in te dienen. Wijzig eerst een antwoord."
)
MSG_INVITATION_CLOSED = gettext_noop("Deze uitnodiging is al gebruikt of verlopen.")
MSG_INVITATION_EMAIL = gettext_noop(
    "Deze uitnodiging is verstuurd naar %(email)s. Meld u aan met dat account om ze te aanvaarden."
)


class StaleRevision(Exception):
    """The questionnaire changed since the form was opened; ``current`` is the latest version."""

    def __init__(self, current: QuestionnaireVersion | None):
        super().__init__("stale questionnaire revision")
        self.current = current


# --- Reading facts --------------------------------------------------------------------------


def record_facts(school: School) -> dict[str, Any]:
    """Return the record facts of ``school`` and its board (board type, postcode, ...)."""
    return {
        "board_type": school.board.board_type,
        "postcode": school.postcode,
        "pupils": school.pupils,
        "campuses": school.campuses,
    }


def _facts(school: School, version: QuestionnaireVersion | None) -> dict[str, Any]:
    raw = dict(version.answers) if version is not None else {}
    raw.update(record_facts(school))
    clean, _problems = clean_facts(raw)  # stored answers were cleaned on save; drop any stale
    return clean


# The latest version of a school, asked by most school pages: compiled once per process.
def _latest_version(_shape: None, school: int) -> QuerySet:
    return QuestionnaireVersion.objects.filter(school=school).order_by("-number")[:1]


_LATEST_VERSION = PreparedQuery(_latest_version)


def latest_version(school: School) -> QuestionnaireVersion | None:
    found = _LATEST_VERSION.fetch(school=school.pk)
    if not found:
        return None
    found[0].school = school  # as ``school.versions`` would have it, without a query
    return found[0]


def latest_submitted(school: School) -> QuestionnaireVersion | None:
    return (
        school.versions.filter(status=QuestionnaireVersion.Status.SUBMITTED)
        .order_by("-number")
        .first()
    )


def school_facts(school: School, version: QuestionnaireVersion | None = None) -> dict[str, Any]:
    """Return clean engine facts: board and school record plus the answers of ``version``.

    ``version`` defaults to the latest submitted one; without any, only record facts are known.
    """
    if version is None:
        version = latest_submitted(school)
    return _facts(school, version)


def latest_submitted_by_school(schools: Iterable[School]) -> dict[int, QuestionnaireVersion]:
    """Return each school's latest submitted version, in one query whatever the count."""
    ids = [s.pk for s in schools]
    version_ids = (
        School.objects.filter(pk__in=ids)
        .annotate(latest_id=Subquery(_latest_submitted_id()))
        .exclude(latest_id=None)
        .values_list("latest_id", flat=True)
    )
    versions = QuestionnaireVersion.objects.filter(pk__in=version_ids)  # one nested query
    return {v.school_id: v for v in versions}


@dataclass(frozen=True)
class SchoolAnswers:
    """A school with its latest submitted questionnaire (None: nothing submitted) and facts."""

    school: School
    version: QuestionnaireVersion | None
    facts: dict[str, Any]


# A board's schools (by name) and their latest submitted versions: the board page's two queries,
# compiled once per process.
_BOARD_SCHOOLS = PreparedQuery(
    lambda _shape, board: School.objects.filter(board=board).order_by("name", "pk")
)
_BOARD_LATEST_SUBMITTED = PreparedQuery(
    lambda _shape, board: QuestionnaireVersion.objects.filter(
        pk__in=Subquery(
            School.objects.filter(board=board)
            .annotate(latest_id=Subquery(_latest_submitted_id()))
            .exclude(latest_id=None)
            .values("latest_id")
        )
    )
)


def _latest_submitted_id() -> QuerySet:
    """The id of the latest submitted version of the school ``OuterRef("pk")``."""
    return (
        QuestionnaireVersion.objects.filter(
            school=OuterRef("pk"), status=QuestionnaireVersion.Status.SUBMITTED
        )
        .order_by("-number")
        .values("pk")[:1]
    )


def board_profiles(board: Board) -> list[SchoolAnswers]:
    """Return ``facts_for_schools`` of the board's schools, by name, in two queries.

    The schools get ``board`` as their board (no join).
    """
    schools = _BOARD_SCHOOLS.fetch(board=board.pk)
    versions = {v.school_id: v for v in _BOARD_LATEST_SUBMITTED.fetch(board=board.pk)}
    for school in schools:
        school.board = board
    return [SchoolAnswers(s, versions.get(s.pk), _facts(s, versions.get(s.pk))) for s in schools]


def facts_for_schools(schools: Iterable[School]) -> list[SchoolAnswers]:
    """Return each school's latest submitted version and facts (schools need ``board`` loaded)."""
    schools = list(schools)
    versions = latest_submitted_by_school(schools)
    return [SchoolAnswers(s, versions.get(s.pk), _facts(s, versions.get(s.pk))) for s in schools]


def submitted_profiles() -> list[tuple[School, dict[str, Any]]]:
    """Return ``(school, facts)`` for every school with a submitted questionnaire."""
    schools = School.objects.select_related("board").order_by("name")
    return [(p.school, p.facts) for p in facts_for_schools(schools) if p.version is not None]


def answers_revision() -> str:
    """Return a short text that changes whenever ``submitted_profiles`` can have changed.

    Made of the count, highest id and latest change of the submitted questionnaires, and the
    count and latest history entry of the school and board records (their record facts and
    names), in five small queries whatever the number of schools. A write that bypasses
    ``save()`` (a queryset ``update``) is not seen.
    """
    submitted = QuestionnaireVersion.objects.filter(
        status=QuestionnaireVersion.Status.SUBMITTED
    ).aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    changed = submitted["changed"].isoformat() if submitted["changed"] else "-"
    parts = [f"q{submitted['count']}.{submitted['last'] or 0}.{changed}"]
    for prefix, model in (("s", School), ("b", Board)):
        last = model.history.aggregate(last=Max("history_id"))["last"] or 0
        parts.append(f"{prefix}{model.objects.count()}.{last}")
    return "/".join(parts)


# --- Questionnaire writes --------------------------------------------------------------------


def current_revision(school: School) -> int:
    """Return the revision a form must carry to write the questionnaire of ``school`` now."""
    latest = latest_version(school)
    return latest.revision if latest else 0


def _lock(school: School) -> QuestionnaireVersion | None:
    """Lock the school row for the transaction and return its latest version."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    return latest_version(school)


@transaction.atomic
def questionnaire_save_step(
    *,
    school: School,
    user: User,
    step: str,
    data: Mapping[str, Any],
    revision: int,
    resume_step: str | None = None,
) -> QuestionnaireVersion:
    """Store the answers of one step in the school's draft and return the draft.

    ``data`` holds the answers for the step's facts (None: not answered); they are checked with
    the engine's ``clean_facts`` (``ValidationError`` on a bad one) and stored as JSON. A draft
    is made from the latest version's answers when there is none. Raise ``StaleRevision`` when
    someone else wrote the questionnaire since the form was opened (``revision`` is stale).
    ``resume_step`` is where the questionnaire resumes next time (default: ``step``).
    """
    codes = {fact.code for fact in QUESTION_FACTS_BY_STEP[step]}
    clean, problems = clean_facts({k: v for k, v in data.items() if k in codes})
    if problems:
        raise ValidationError([str(p) for p in problems], code="invalid_answers")
    latest = _lock(school)
    expected = latest.revision if latest else 0
    if revision != expected:
        raise StaleRevision(latest)
    if latest is not None and latest.is_draft:
        draft = latest
    else:
        draft = QuestionnaireVersion(
            school=school,
            number=(latest.number + 1) if latest else 1,
            answers=dict(latest.answers) if latest else {},
            steps_saved=list(latest.steps_saved) if latest else [],
            created_by=user,
        )
    answers = dict(draft.answers)
    for code in codes:
        if code in clean:
            answers[code] = json_value(clean[code])
        else:
            answers.pop(code, None)
    draft.answers = answers
    if step not in draft.steps_saved:
        draft.steps_saved = [*draft.steps_saved, step]
    draft.last_step = resume_step if resume_step in STEP_CODES else step
    draft.revision = expected + 1
    draft.updated_by = user
    draft.save()
    return draft


@transaction.atomic
def questionnaire_submit(*, school: School, user: User, revision: int) -> QuestionnaireVersion:
    """Submit the school's draft as a new version; advice then comes from this version.

    Raise ``StaleRevision`` when the draft changed since the check page was opened, and
    ``ValidationError`` when there is no draft or an answer no longer validates.
    """
    latest = _lock(school)
    expected = latest.revision if latest else 0
    if revision != expected:
        raise StaleRevision(latest)
    if latest is None or not latest.is_draft:
        raise ValidationError(gettext(MSG_NOTHING_TO_SUBMIT), code="no_draft")
    _clean, problems = clean_facts(latest.answers)
    if problems:
        raise ValidationError([str(p) for p in problems], code="invalid_answers")
    latest.status = QuestionnaireVersion.Status.SUBMITTED
    latest.submitted_at = timezone.now()
    latest.revision = expected + 1
    latest.updated_by = user
    latest.save()
    return latest


@transaction.atomic
def questionnaire_fill(
    *, school: School, user: User, answers: Mapping[str, Any]
) -> QuestionnaireVersion:
    """Save ``answers`` step by step, as the questionnaire pages would, and submit them.

    For demo data, tests and benchmarks: each step goes through the same validation and
    revision checks as a person filling in the pages.
    """
    for step in STEP_CODES:
        codes = {fact.code for fact in QUESTION_FACTS_BY_STEP[step]}
        data = {code: value for code, value in answers.items() if code in codes}
        if data:
            questionnaire_save_step(
                school=school, user=user, step=step, data=data, revision=current_revision(school)
            )
    return questionnaire_submit(school=school, user=user, revision=current_revision(school))


# --- Invitations ------------------------------------------------------------------------------


def invitation_create(*, school: School, email: str, invited_by: User, base_url: str) -> Invitation:
    """Create an invitation for a facility manager of ``school`` and e-mail its link.

    ``base_url`` is the site's address (``https://host``); the link is valid for 14 days.
    """
    invitation = Invitation.objects.issue(
        school=school,
        email=email.strip().lower(),
        created_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_VALID_DAYS),
    )
    context = {
        "invitation": invitation,
        "school": school,
        "invited_by": invited_by,
        "url": base_url.rstrip("/") + invitation.accept_path(),
        "days": INVITATION_VALID_DAYS,
    }
    send_mail(
        subject=render_to_string("schools/email/invitation_subject.txt", context).strip(),
        message=render_to_string("schools/email/invitation_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> User:
    """Accept ``invitation``: make ``user`` (or a new account) facility manager of its school.

    Without ``user`` a new account is made with the invited e-mail address as username. An
    existing user must have the invited address. Raise ``ValidationError`` when the invitation
    is used, expired or meant for someone else.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(gettext(MSG_INVITATION_CLOSED), code="closed")
    if user is None:
        user = User.objects.create_user(
            username=invitation.email,
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
    elif user.email.lower() != invitation.email:
        raise ValidationError(
            gettext(MSG_INVITATION_EMAIL) % {"email": invitation.email}, code="other_user"
        )
    SchoolMembership.objects.get_or_create(user=user, school=invitation.school)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
