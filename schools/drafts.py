"""Typed answers that are not (yet) stored in a questionnaire version, kept in the session.

Two kinds, both in the server-side session (Django's database sessions; the browser only holds
the signed session cookie):

- *unsaved steps*: a step left by "Vorige stap" or the step list while it still had errors (or
  someone else had changed the questionnaire). The posted fields are kept per step and shown
  again, errors and all, when the user comes back.
- *the stash*: a step posted after the session had ended (expiry, logout in another tab). The
  posted fields are kept for the address they were posted to and offered back after login.

Both are bounded: only the step's own field names are kept, each value is cut to
``MAX_VALUE_CHARS`` and each field to ``MAX_VALUES_PER_FIELD`` values, so a crafted post cannot
grow the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from pathways.fields import DATE_PARTS

UNSAVED_KEY = "questionnaire_unsaved"
STASH_KEY = "questionnaire_stash"

# Longer than any answer the questionnaire accepts (a number, a date, a choice code).
MAX_VALUE_CHARS = 200
# More than the largest multiple choice (16 measures on the last step).
MAX_VALUES_PER_FIELD = 40
# A stash older than this is dropped: on a shared computer, someone else may log in later.
STASH_MAX_AGE = dt.timedelta(hours=8)


def bounded_fields(post: QueryDict, names: Iterable[str]) -> dict[str, list[str]]:
    """Return the posted values of ``names`` only, cut to the size limits.

    A date typed in three boxes is posted as ``<name>_day``, ``_month`` and ``_year``
    (``pathways.fields.DATE_PARTS``); those are kept with it.
    """
    kept: dict[str, list[str]] = {}
    for name in names:
        for key in (name, *(f"{name}_{part}" for part in DATE_PARTS)):
            values = post.getlist(key)
            if values:
                kept[key] = [str(v)[:MAX_VALUE_CHARS] for v in values[:MAX_VALUES_PER_FIELD]]
    return kept


def as_post(fields: dict[str, list[str]]) -> QueryDict:
    """Return kept fields as a QueryDict a form can be bound to."""
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, list(values))
    return data


def keep_unsaved(session: Any, key: str, fields: dict[str, list[str]]) -> None:
    """Keep the typed fields of one step (``key``: ``school:<pk>:<step>`` or ``scan:<step>``)."""
    unsaved = dict(session.get(UNSAVED_KEY, {}))
    unsaved[key] = fields
    session[UNSAVED_KEY] = unsaved


def unsaved(session: Any, key: str) -> dict[str, list[str]] | None:
    return session.get(UNSAVED_KEY, {}).get(key)


def forget_unsaved(session: Any, key: str) -> None:
    current = session.get(UNSAVED_KEY, {})
    if key in current:
        session[UNSAVED_KEY] = {k: v for k, v in current.items() if k != key}


def unsaved_steps(session: Any, prefix: str) -> set[str]:
    """Return the steps under ``prefix`` (``school:<pk>`` or ``scan``) with unsaved input."""
    start = f"{prefix}:"
    return {k[len(start) :] for k in session.get(UNSAVED_KEY, {}) if k.startswith(start)}


def stash(session: Any, path: str, fields: dict[str, list[str]]) -> None:
    """Keep a step posted without a valid login, for ``path`` (only the latest one is kept)."""
    session[STASH_KEY] = {"path": path, "fields": fields, "at": timezone.now().isoformat()}


def take_stash(session: Any, path: str) -> dict[str, list[str]] | None:
    """Return and forget the stash posted to ``path``; None when there is none or it is old."""
    kept = session.get(STASH_KEY)
    if not kept or kept.get("path") != path:
        return None
    del session[STASH_KEY]
    try:
        at = dt.datetime.fromisoformat(kept["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - at > STASH_MAX_AGE:
        return None
    return kept.get("fields") or None
