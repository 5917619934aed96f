"""Run the rule test cases (a profile, a date, the expected status per route) against a rule set.

Department staff keep the cases in the admin (``RuleTestCase``); they travel with the rule-set
dict as its ``test_cases`` list. Publishing is refused while any case fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pathways.engine import clean_facts, evaluate
from pathways.engine.types import RuleSet
from pathways.engine.validate import as_date

# The "actual" status of a route the rule set does not have.
MISSING_ROUTE = "missing"


@dataclass(frozen=True)
class CaseResult:
    name: str
    passed: bool
    # (route code, expected status, actual status) for every route that differs
    mismatches: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # profile answers the engine refused
    on: dt.date | None = None
    note: str = ""


def run_test_cases(ruleset: RuleSet, cases: Iterable[Mapping[str, Any]]) -> list[CaseResult]:
    """Evaluate every case and compare the status of each expected route.

    A profile answer the engine refuses fails the case (it would otherwise be silently ignored);
    an expected route the rule set lacks is a mismatch with actual status ``missing``.
    """
    results = []
    for case in cases:
        on = as_date(case["date"])
        facts, problems = clean_facts(case.get("profile") or {})
        advice = evaluate(facts, ruleset, on)
        mismatches = []
        for route_code, expected in (case.get("expected") or {}).items():
            result = advice.result(route_code)
            actual = result.status.value if result else MISSING_ROUTE
            if actual != expected:
                mismatches.append((route_code, expected, actual))
        results.append(
            CaseResult(
                name=case["name"],
                passed=not mismatches and not problems,
                mismatches=mismatches,
                problems=[str(p) for p in problems],
                on=on,
                note=case.get("note", ""),
            )
        )
    return results


def failed(results: Iterable[CaseResult]) -> list[CaseResult]:
    """Return the results that did not pass."""
    return [r for r in results if not r.passed]
