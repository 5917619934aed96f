"""Explain domain terms (VTE, LDE, IBO, art. 60, ...) where they are used.

The terms come from the published rule set's glossary. ``Glossary.wrap`` escapes a text and
wraps each known term in ``<abbr title="...">``; pages also list the terms they use in a
``<details>`` block, because a title alone does not reach keyboard and touch users.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from pathways.engine.types import GlossaryTerm
from pathways.services import NoPublishedRules, current_ruleset

# How many distinct texts a glossary keeps marked up: the rule texts of a version are about two
# thousand; a bound keeps texts from other sources (answers, names) from growing it forever.
WRAP_MEMO_SIZE = 10_000


@dataclass(frozen=True)
class Glossary:
    terms: tuple[GlossaryTerm, ...]

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        names = sorted((t.term for t in self.terms if t.term), key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    @cached_property
    def _by_term(self) -> dict[str, GlossaryTerm]:
        return {t.term: t for t in self.terms}

    def term(self, name: str) -> GlossaryTerm | None:
        return self._by_term.get(name)

    def used_in(self, texts: Iterable[str]) -> list[GlossaryTerm]:
        """Return the terms that occur in ``texts``, in glossary order."""
        pattern = self._pattern
        if pattern is None:
            return []
        found = {m.group(1) for text in texts for m in pattern.finditer(str(text or ""))}
        return [t for t in self.terms if t.term in found]

    def wrap(self, text: str) -> SafeString:
        """Return ``text`` escaped, with every known term wrapped in ``<abbr title>``.

        Each distinct text is marked once per glossary (the rule texts are few and repeat on
        every page); the memo is dropped when it grows past ``WRAP_MEMO_SIZE`` texts.
        """
        text = str(text or "")
        memo = self.__dict__.setdefault("_wrapped", {})
        found = memo.get(text)
        if found is None:
            if len(memo) >= WRAP_MEMO_SIZE:
                memo.clear()
            found = memo[text] = self._wrap(text)
        return found

    def _wrap(self, text: str) -> SafeString:
        pattern = self._pattern
        escaped = escape(text)
        if pattern is None:
            return mark_safe(escaped)  # noqa: S308 - escaped above

        def replace(match: re.Match) -> str:
            # Terms never contain characters that escaping changes, so the escaped text still
            # holds them verbatim.
            term = self.term(match.group(1))
            return format_html('<abbr title="{}">{}</abbr>', term.definition, match.group(1))

        return mark_safe(pattern.sub(replace, escaped))  # noqa: S308 - built from escaped parts


EMPTY = Glossary(())


def current_glossary() -> Glossary:
    """Return the glossary of the published rule set (empty when nothing is published)."""
    try:
        ruleset = current_ruleset()
    except NoPublishedRules:
        return EMPTY
    return _glossary_for(ruleset.glossary)


_by_terms: dict[int, Glossary] = {}


def _glossary_for(terms: tuple[GlossaryTerm, ...]) -> Glossary:
    key = id(terms)
    found = _by_terms.get(key)
    if found is None or found.terms is not terms:
        found = Glossary(terms)
        _by_terms[key] = found
    return found
