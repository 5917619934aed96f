"""Template filters of the directory: the organisations of one route from a view's mapping."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def for_route(organisations: dict | None, code: str) -> list:
    """Return the matches of route ``code``: ``{{ organisations|for_route:card.result.code }}``."""
    return organisations.get(code, []) if organisations else []
