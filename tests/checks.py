"""Checks the tests share: what a page, a report or a command's output must show."""

from __future__ import annotations

from collections.abc import Container


def assert_shows(text: str | Container[str], *parts: str) -> None:
    """Assert that each of ``parts`` is in ``text`` (a text, or a list of lines to find each
    part among); a failure lists every part that is missing, not only the first."""
    __tracebackhide__ = True
    missing = [part for part in parts if part not in text]
    assert not missing, f"missing {missing}"
