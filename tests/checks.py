"""Checks the tests share: what a page, a report or a command's output must show."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpResponse


def assert_shows(text: str | Container[str], *parts: str) -> None:
    """Assert that each of ``parts`` is in ``text`` (a text, or a list of lines to find each
    part among); a failure lists every part that is missing, not only the first."""
    __tracebackhide__ = True
    missing = [part for part in parts if part not in text]
    assert not missing, f"missing {missing}"


def page_html(response: HttpResponse) -> str:
    """Assert that ``response`` shows a page (status 200, not a redirect or an error) and
    return its HTML as text."""
    __tracebackhide__ = True
    assert response.status_code == 200, f"status {response.status_code}, not a page"
    return response.content.decode()
