"""Scenario tests for the shipped rule set (``fixtures/ruleset.yaml``).

Each file in ``scenarios/`` is a YAML list of cases; one file per route plus ``cross.yaml`` for
board and mixed cases. A case::

    - name: MWA met with 6 VTE cleaning in 2020
      date: 2020-03-06
      profile: {board_type: vzw, postcode: "9000", hours_cleaning: 228}
      expect: {maatwerkafdeling: recommended}        # status per route code
      missing: {lokale_diensteneconomie: [planned_target_group_fte]}  # subset of .missing
      gaps: {maatwerkafdeling: "1,8 VTE tekort"}     # substring of one gap text (or a list)
      reasons: {maatwerkafdeling: "3,2 VTE"}         # substring of a condition reason (or a list)
      in_use: [maatwerkafdeling]                     # routes that must show in_use + continuation

For a board, give ``schools`` (a list of ``{name, profile, expect}``) and put the board facts in
``profile``: the top-level ``expect``/``missing``/``gaps``/``reasons`` then apply to the pooled
advice of ``evaluate_board``, each school's own ``expect`` to that school's advice.

Pure Python: no database, no Django (run with ``-p no:django`` outside the project venv).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from pathways import yamlfile
from pathways.engine.evaluate import evaluate, evaluate_board
from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.loader import ruleset_from_dict
from pathways.engine.types import Advice, RouteResult, RuleSet, Status
from pathways.engine.validate import clean_facts

ROOT = Path(__file__).resolve().parents[2]
RULESET_PATH = ROOT / "fixtures" / "ruleset.yaml"
SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"

CASE_KEYS = {"name", "date", "profile", "schools", "expect", "missing", "gaps", "reasons", "in_use"}
SCHOOL_KEYS = {"name", "profile", "expect"}
STATUSES = {s.value for s in Status}
MET = {Status.RECOMMENDED.value, Status.POSSIBLE.value}


def _load_ruleset() -> RuleSet:
    with RULESET_PATH.open(encoding="utf-8") as fh:
        return ruleset_from_dict(yamlfile.safe_load(fh))


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            items = yamlfile.safe_load(fh) or []
        assert isinstance(items, list), f"{path.name}: expected a YAML list of scenarios"
        for item in items:
            cases.append((f"{path.stem}:{item.get('name', '?')}", item))
    return cases


RULES = _load_ruleset()
CASES = _load_cases()


def _trace(result: RouteResult | None) -> str:
    if result is None:
        return "  (route not in the advice)"
    lines = [
        f"  route {result.code}: {result.status.value} - {result.status_reason}",
        f"  missing: {list(result.missing)}",
        f"  gaps: {[g.text for g in result.gaps]}",
    ]
    for c in result.conditions:
        kind = "required" if c.required else "supporting"
        param = f" [param {c.parameter} from {c.parameter_valid_from}]" if c.parameter else ""
        lines.append(
            f"    - {c.fact} {c.operator.value} {c.threshold_display!r}{param} ({kind}): "
            f"{c.outcome.value}; answer={c.answer_display!r}; {c.reason}"
        )
    return "\n".join(lines)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _clean(profile: dict[str, Any], where: str) -> dict[str, Any]:
    facts, problems = clean_facts(profile or {})
    assert not problems, f"{where}: invalid profile: {[str(p) for p in problems]}"
    return facts


def _check_advice(case_id: str, advice: Advice, spec: dict[str, Any], facts: dict) -> list[str]:
    errors = []
    for key in ("expect", "missing", "gaps", "reasons"):
        for code in spec.get(key) or {}:
            if RULES.route(code) is None:
                errors.append(f"{key}: unknown route {code!r}")
    if errors:
        return errors
    for code, status in (spec.get("expect") or {}).items():
        result = advice.result(code)
        if status not in STATUSES:
            errors.append(f"{code}: unknown status {status!r}")
        elif result is None or result.status.value != status:
            got = result.status.value if result else None
            errors.append(f"{code}: expected {status}, got {got}\n{_trace(result)}")
    for code, wanted in (spec.get("missing") or {}).items():
        result = advice.result(code)
        for fact in _as_list(wanted):
            if fact not in FACTS_BY_CODE:
                errors.append(f"{code}: missing lists unknown fact {fact!r}")
            elif fact not in result.missing:
                errors.append(f"{code}: expected {fact!r} among missing\n{_trace(result)}")
    for code, wanted in (spec.get("gaps") or {}).items():
        result = advice.result(code)
        texts = [g.text for g in result.gaps]
        for part in _as_list(wanted):
            if not any(part in text for text in texts):
                errors.append(f"{code}: no gap text contains {part!r}\n{_trace(result)}")
    for code, wanted in (spec.get("reasons") or {}).items():
        result = advice.result(code)
        texts = [c.reason for c in result.conditions] + [result.status_reason]
        for part in _as_list(wanted):
            if not any(part in text for text in texts):
                errors.append(f"{code}: no reason contains {part!r}\n{_trace(result)}")
    for code in spec.get("in_use") or []:
        result = advice.result(code)
        if not (result and result.in_use and result.continuation):
            errors.append(f"{code}: expected in_use with a continuation text\n{_trace(result)}")
    if errors:
        shown = {k: v for k, v in sorted(advice.facts.items())}
        errors.append(f"facts used: {shown}")
    return errors


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_scenario(case: dict[str, Any]) -> None:
    case_id = case.get("name", "?")
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{case_id}: unknown keys {sorted(unknown)}"
    on = case.get("date")
    assert isinstance(on, dt.date), f"{case_id}: date must be a YAML date (YYYY-MM-DD)"
    board = _clean(case.get("profile") or {}, case_id)

    if case.get("schools"):
        schools = []
        for i, school in enumerate(case["schools"]):
            extra = set(school) - SCHOOL_KEYS
            assert not extra, f"{case_id}: schools[{i}] unknown keys {sorted(extra)}"
            schools.append(
                (school.get("name", f"school {i}"), _clean(school.get("profile"), case_id))
            )
        board_advice = evaluate_board(schools, RULES, on, board_facts=board)
        errors = _check_advice(case_id, board_advice.pooled, case, board)
        for (name, advice), school in zip(board_advice.schools, case["schools"], strict=True):
            sub = _check_advice(case_id, advice, {"expect": school.get("expect") or {}}, {})
            errors += [f"[{name}] {e}" for e in sub]
    else:
        errors = _check_advice(case_id, evaluate(board, RULES, on), case, board)
    assert not errors, f"{case_id} on {on}:\n" + "\n".join(errors)


def _expected_statuses() -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for _, case in CASES:
        for code, status in (case.get("expect") or {}).items():
            seen[code].add(status)
        for school in case.get("schools") or []:
            for code, status in (school.get("expect") or {}).items():
                seen[code].add(status)
    return seen


def test_scenarios_cover_every_route_and_status() -> None:
    """Every route appears met, not met, undecided and (if it has dates) not in force.

    A route without any date (valid_from, closed_to_new_from, valid_to) can never be
    ``not_in_force``; for those the check is skipped, and listed in the message if another
    category is missing.
    """
    seen = _expected_statuses()
    problems = []
    for route in RULES.routes:
        statuses = seen.get(route.code, set())
        needs = {
            "recommended or possible": bool(statuses & MET),
            "not_applicable": Status.NOT_APPLICABLE.value in statuses,
            "insufficient_data": Status.INSUFFICIENT_DATA.value in statuses,
        }
        if route.valid_from or route.closed_to_new_from or route.valid_to:
            needs["not_in_force"] = Status.NOT_IN_FORCE.value in statuses
        lacking = [name for name, ok in needs.items() if not ok]
        if lacking:
            problems.append(f"{route.code}: no scenario expects {', '.join(lacking)}")
    assert not problems, "\n".join(problems)


def test_scenarios_around_every_reform_date() -> None:
    """Each route date is tested on the day before and on the day itself."""
    dates_by_route: dict[str, set[dt.date]] = defaultdict(set)
    for _, case in CASES:
        codes = set(case.get("expect") or {})
        for school in case.get("schools") or []:
            codes |= set(school.get("expect") or {})
        for code in codes:
            dates_by_route[code].add(case["date"])
    problems = []
    for route in RULES.routes:
        tested = dates_by_route.get(route.code, set())
        for label, day in (
            ("valid_from", route.valid_from),
            ("closed_to_new_from", route.closed_to_new_from),
        ):
            if day is None:
                continue
            for probe in (day - dt.timedelta(days=1), day):
                if probe not in tested:
                    problems.append(f"{route.code}: no scenario on {probe} ({label} {day})")
    assert not problems, "\n".join(problems)


def test_one_scenario_file_per_route() -> None:
    files = {path.stem for path in SCENARIO_DIR.glob("*.yaml")}
    codes = {route.code for route in RULES.routes}
    assert files == codes | {"cross"}, (
        f"missing files: {sorted(codes | {'cross'} - files)}; "
        f"unexpected files: {sorted(files - codes - {'cross'})}"
    )


def test_enough_scenarios() -> None:
    assert len(CASES) >= 40, f"only {len(CASES)} scenarios"
    names = [case_id for case_id, _ in CASES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"duplicate scenario names: {duplicates}"
