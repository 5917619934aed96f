"""Template helpers for the school pages: glossary terms and status badges."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from pathways.presentation import status_badge
from schools.glossary import EMPTY, Glossary

register = template.Library()


@register.filter
def glossary(text: str, terms: Glossary | None) -> SafeString:
    """Wrap known domain terms of ``text`` in ``<abbr title>``: ``{{ text|glossary:terms }}``."""
    return (terms or EMPTY).wrap(text)


@register.filter
def badge(status: str) -> dict[str, str]:
    """Return label, symbol and colour of a route status: ``{% with b=result.status|badge %}``."""
    return status_badge(status)
