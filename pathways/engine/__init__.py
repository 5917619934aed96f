"""The rules engine: pure Python, no Django.

Plain dataclasses in (facts, a ``RuleSet``, a date), plain dataclasses out (an ``Advice`` with a
trace per route). ``pathways.adapters`` is the one bridge to the database.
"""

from .evaluate import evaluate, evaluate_board, pool_facts
from .loader import RuleSetError, content_hash, ruleset_from_dict, validate_ruleset_dict
from .types import Advice, BoardAdvice, Outcome, RouteResult, RuleSet, Status
from .validate import Problem, clean_facts

__all__ = [
    "Advice",
    "BoardAdvice",
    "Outcome",
    "Problem",
    "RouteResult",
    "RuleSet",
    "RuleSetError",
    "Status",
    "clean_facts",
    "content_hash",
    "evaluate",
    "evaluate_board",
    "pool_facts",
    "ruleset_from_dict",
    "validate_ruleset_dict",
]
