"""Values as JSON: the one normaliser and the one canonical text, for storing and hashing.

``json_value`` turns what the engine and the rule data hold (dates, tuples, sets, mappings)
into plain JSON values; ``canonical_json`` writes a value the same way every time, so its hash
names its content (rule-set identifiers, advice fingerprints).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any


def json_value(value: Any) -> Any:
    """Return ``value`` JSON-safe: dates as ISO strings, tuples as lists, sets as sorted lists.

    Mappings keep their keys (JSON writes a number key as text); anything else is returned as
    it is.
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json_value(v) for v in value)
    return value


def canonical_json(data: Any) -> str:
    """Serialise ``data`` the same way every time: sorted keys, no spaces, UTF-8 as is.

    What JSON cannot hold (a date) is written as its ``str``.
    """
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
