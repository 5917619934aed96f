"""How long the rules engine takes to advise one school on every route.

Generates 4,000 valid random profiles from the fact registry (seeded, so runs compare), loads
``fixtures/ruleset.yaml``, evaluates each profile in-process and prints the median and p95 time
per profile. No Django, no database: this measures the engine alone.

The whole set is timed ``--rounds`` times and the round with the lowest median is reported,
so a busy machine (other processes, CI neighbours) disturbs the figures less; the load
average is printed alongside.

    .venv/bin/python bench/engine.py [--profiles N] [--seed S] [--rounds R]
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchsetup import ROOT, command_line

sys.path.insert(0, str(ROOT))

from pathways import yamlfile  # noqa: E402
from pathways.engine import clean_facts, evaluate, ruleset_from_dict  # noqa: E402
from pathways.engine.facts import QUESTION_FACTS  # noqa: E402
from pathways.engine.postcodes import known_postcodes  # noqa: E402
from pathways.engine.types import FactDef, FactType  # noqa: E402

ON = dt.date(2025, 9, 1)


def random_value(rng: random.Random, fact: FactDef) -> Any:
    """Return a valid answer for ``fact``, like the questionnaire would store it."""
    codes = [code for code, _ in fact.choices]
    if fact.type is FactType.NUMBER:
        low, high = fact.minimum or 0, min(fact.maximum or 1000, 400)
        return rng.choice((round(rng.uniform(low, high), 1), rng.randint(int(low), int(high))))
    if fact.type is FactType.BOOLEAN:
        return rng.random() < 0.5
    if fact.type is FactType.CHOICE:
        return rng.choice(codes)
    if fact.type is FactType.MULTICHOICE:
        return rng.sample(codes, rng.randint(0, 3))
    if fact.type is FactType.DATE:
        return (ON + dt.timedelta(days=rng.randint(-365, 3 * 365))).isoformat()
    return rng.choice(known_postcodes())  # postcode, the one text fact: a real one


def random_profile(rng: random.Random) -> dict[str, Any]:
    """Return clean facts: each question or record fact answered with probability 0.8."""
    raw = {f.code: random_value(rng, f) for f in QUESTION_FACTS if rng.random() < 0.8}
    clean, problems = clean_facts(raw)
    assert not problems, problems
    return clean


def main() -> None:
    args = command_line(
        __doc__,
        profiles=4000,
        seed=20251127,
        rounds=3,
        rules=str(ROOT / "fixtures" / "ruleset.yaml"),
    )

    rules = ruleset_from_dict(yamlfile.safe_load(Path(args.rules).read_text(encoding="utf-8")))
    rng = random.Random(args.seed)
    profiles = [random_profile(rng) for _ in range(args.profiles)]

    for facts in profiles[:200]:  # warm up caches and the interpreter
        evaluate(facts, rules, ON)

    clock = time.perf_counter_ns
    rounds = []
    for _ in range(args.rounds):
        timings = []
        for facts in profiles:
            start = clock()
            evaluate(facts, rules, ON)
            timings.append(clock() - start)
        rounds.append(sorted(timings))
    timings = min(rounds, key=statistics.median)

    median = statistics.median(timings) / 1e6
    p95 = timings[int(len(timings) * 0.95) - 1] / 1e6
    conditions = sum(len(route.conditions) for route in rules.routes)
    print(f"python      {platform.python_implementation()} {platform.python_version()}")
    print(f"rules       {len(rules.routes)} routes, {conditions} conditions ({args.rules})")
    print(f"profiles    {len(profiles)} (seed {args.seed}), evaluated on {ON.isoformat()}")
    print(f"rounds      {args.rounds}, best by median; load average {os.getloadavg()[0]:.2f}")
    print(f"median      {median:.3f} ms per profile")
    print(f"p95         {p95:.3f} ms per profile")
    print(f"max         {timings[-1] / 1e6:.3f} ms per profile")


if __name__ == "__main__":
    main()
