"""Reading YAML (rule files, test cases, scenarios): libyaml's fast C parser where installed.

PyYAML's wheels ship libyaml, so ``CSafeLoader`` is the usual case; a build without it falls
back to the pure-Python ``SafeLoader``, which accepts the same documents about ten times slower.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[str]) -> Any:
    """Parse one YAML document with the safe loader; raise ``yaml.YAMLError`` when invalid."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 - a safe loader
