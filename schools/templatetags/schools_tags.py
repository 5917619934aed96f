"""Template helpers for the school pages: glossary terms, numbers, status badges, step links."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from pathways.presentation import display_number, status_badge
from schools.glossary import EMPTY, Glossary

register = template.Library()


@register.filter
def glossary(text: str, terms: Glossary | None) -> SafeString:
    """Wrap known domain terms of ``text`` in ``<abbr title>``: ``{{ text|glossary:terms }}``."""
    return (terms or EMPTY).wrap(text)


@register.filter
def number(value: float | int | None) -> str:
    """Write a number as every page does (``display_number``: "12.000" in Dutch, "12,000" in
    English, grouped from 10,000): ``{{ school.pupils|number }}``; None as an empty text."""
    return "" if value is None else display_number(value)


@register.filter
def badge(status: str) -> dict[str, str]:
    """Return label, symbol and colour of a route status: ``{% with b=result.status|badge %}``."""
    return status_badge(status)


@register.filter
def get_item(mapping: dict | None, key):
    """Return ``mapping[key]`` or None: ``{{ field.field.choice_hints|get_item:value }}``."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag
def step_url(step: str, school=None) -> str:
    """Return the page of questionnaire ``step``: the school's draft, or the quick scan's.

    ``{% step_url row.step school %}``: with a school its questionnaire step, without one (the
    quick scan has none) the scan's step.
    """
    if school:
        return reverse("schools:questionnaire-step", args=[school.pk, step])
    return reverse("scan:step", args=[step])
