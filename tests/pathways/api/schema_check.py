"""Validate data against a JSON Schema (or a schema inside an OpenAPI document) in tests."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator


def errors(data: Any, schema: dict, root: dict) -> list[str]:
    """Return ``"<json path>: <message>"`` for every way ``data`` breaks ``schema``.

    ``root`` is the document ``#/...`` references resolve against (the schema itself, or the
    OpenAPI document whose ``components`` it refers to); its keys are merged under the schema's
    own, and keywords JSON Schema does not know (``openapi``, ``paths``) are ignored.
    """
    merged = schema if root is schema else {**root, **schema}
    validator = Draft202012Validator(merged, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(data))


def resolve(doc: dict, ref: str) -> Any:
    """Follow a local ``#/a/b`` reference inside ``doc``."""
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
