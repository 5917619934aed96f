"""One fingerprint for everything an advice depends on, shared by the page cache and reports.

An advice shown on screen or printed is determined by the facts evaluated, the rule set (its
identifier is a hash of the rule data, texts and glossary included), the evaluation date, the
language, and the presentation's own texts (templates and translation catalogues). Keying on
all of them makes stale output impossible by construction: change any one and the key changes,
so nothing has to be invalidated by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from pathways.engine.jsonvalues import canonical_json, json_value

# Files whose content is part of what a reader sees: page and report templates, catalogues.
TEXT_SUFFIXES = (".html", ".txt", ".css", ".mo")


@cache
def texts_version() -> str:
    """Return a hash of the templates and compiled catalogues, computed once per process."""
    digest = hashlib.sha256()
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", ())]
    roots += [Path(p) for p in settings.LOCALE_PATHS]
    roots.append(Path(settings.BASE_DIR) / "static" / "css")  # the report's print style
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def advice_fingerprint(
    facts: Mapping[str, Any] | list[Any],
    *,
    ruleset_id: str,
    on: dt.date,
    language: str,
    context: Mapping[str, Any] | None = None,
) -> str:
    """Return a sha256 hex digest of what an advice depends on.

    ``facts`` are the clean facts evaluated (for a board: a list of its schools' facts with
    their names, plus the board facts). ``context`` holds what else the output shows or links
    (names, ids, questionnaire version, the kind of page or report). Two calls agree exactly
    when the facts, the rule-set identifier, the date, the language, the context and the
    presentation texts all agree.
    """
    payload = canonical_json(
        {
            "facts": json_value(facts),
            "context": json_value(context or {}),
            "rules": ruleset_id,
            "on": on.isoformat(),
            "language": language,
            "texts": texts_version(),
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
