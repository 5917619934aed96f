"""Template tags for the rule-maintenance admin: the panel on the admin index, diff labels and
the one way its pages write a date (``display_date``) or a moment (``display_datetime``)."""

import datetime as dt

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways import presentation
from pathways.diff import ADDED, CHANGED, REMOVED, ItemChange, RuleSetDiff
from pathways.engine.types import Status
from pathways.presentation import STATUS_LABELS
from pathways.publishing import draft_has_changes
from pathways.roles import IMPORT_PERMISSIONS, PUBLISH_PERMISSION
from pathways.services import current_version
from pathways.testcases import MISSING_ROUTE

register = template.Library()


@register.inclusion_tag("admin/pathways/_rules_panel.html", takes_context=True)
def rules_panel(context):
    """Show the current version, whether the draft has unpublished changes, and the links."""
    user = context["request"].user
    visible = user.has_perm("pathways.view_route") or user.has_perm("pathways.view_rulesetversion")
    return {
        "visible": visible,
        "current": current_version() if visible else None,
        "has_changes": draft_has_changes() if visible else False,
        "can_publish": user.has_perm(PUBLISH_PERMISSION),
        "can_import": user.has_perms(IMPORT_PERMISSIONS),
    }


@register.filter
def display_date(value) -> str:
    """Write a date in the active language ("30 november 2026"); empty for none."""
    return presentation.display_date(value) if value else ""


@register.filter
def display_datetime(value) -> str:
    """Write a moment in Brussels time in the active language ("30 november 2026 14:05")."""
    return presentation.display_datetime(value) if value else ""


CHANGE_LABELS = {
    ADDED: _("toegevoegd"),
    REMOVED: _("verwijderd"),
    CHANGED: _("gewijzigd"),
}

FIELD_LABELS = {
    "title": _("titel"),
    "summary": _("samenvatting"),
    "kind": _("soort"),
    "scope": _("niveau"),
    "order": _("volgorde"),
    "valid_from": _("geldig vanaf"),
    "closed_to_new_from": _("geen nieuwe instap vanaf"),
    "valid_to": _("geldig tot en met"),
    "successors": _("opvolgers"),
    "continuation": _("wat loopt verder"),
    "attention_points": _("aandachtspunten"),
    "next_steps": _("volgende stappen"),
    "contacts": _("contacten"),
    "resources": _("hulpmiddelen"),
    "legal_references": _("rechtsgronden"),
    "sources": _("bronnen"),
    "fact": _("gegeven"),
    "operator": _("vergelijking"),
    "value": _("waarde"),
    "parameter": _("parameter"),
    "required": _("noodzakelijk"),
    "informational": _("alleen ter informatie"),
    "admin_notes": _("notities voor het departement"),
    "text_met": _("tekst als voldaan"),
    "text_not_met": _("tekst als niet voldaan"),
    "text_unknown": _("tekst als onbekend"),
    "gap_hint": _("hoe de kloof dichten"),
    "source": _("bron"),
    "confidence": _("betrouwbaarheid"),
    "label": _("omschrijving"),
    "unit": _("eenheid"),
    "verified": _("nagekeken"),
    "note": _("opmerking"),
    "name": _("naam"),
    "description": _("waarvoor contacteren"),
    "email": _("e-mail"),
    "phone": _("telefoon"),
    "url": _("website"),
    "definition": _("uitleg"),
    "date": _("datum"),
    "profile": _("antwoorden"),
    "expected": _("verwachte status"),
}


@register.filter
def diff_sections(changes: RuleSetDiff):
    """Return ((section key, items), Dutch title) for every non-empty section of a diff."""
    sections = [
        ("routes", _("Trajecten")),
        ("parameters", _("Parameters")),
        ("contacts", _("Contacten")),
        ("glossary", _("Begrippenlijst")),
        ("test_cases", _("Testgevallen")),
    ]
    return [
        ((key, getattr(changes, key)), title) for key, title in sections if getattr(changes, key)
    ]


@register.filter
def change_label(change: str) -> str:
    return CHANGE_LABELS.get(change, change)


@register.filter
def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


@register.filter
def child_label(label: str) -> str:
    """Name a changed child item: a dated text reads "tekst vanaf 1 januari 2026", a
    parameter's value its start date ("30 juni 2017"), a condition its fact code."""
    if label.startswith("texts@"):
        day = label.removeprefix("texts@")
        return gettext("tekst vanaf %(date)s") % {"date": _iso_date_display(day)}
    return _iso_date_display(label)


@register.filter
def show_value(value, field: str = "") -> str:
    """Show a diffed value briefly: lists joined, absent as a dash, booleans in Dutch.

    A test case's ``expected`` mapping shows its statuses in Dutch, not as codes.
    """
    if field == "expected" and isinstance(value, dict):
        return ", ".join(f"{code}: {status_label(status)}" for code, status in value.items())
    if field in DATE_FIELDS and isinstance(value, str):
        return _iso_date_display(value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, list):
        return "; ".join(show_value(v) if not isinstance(v, dict) else _mapping(v) for v in value)
    if isinstance(value, dict):
        return _mapping(value)
    return str(value)


# The rule-set fields that hold a date (as ISO text in the rule-set dict).
DATE_FIELDS = frozenset({"valid_from", "closed_to_new_from", "valid_to", "date"})


def _iso_date_display(text: str) -> str:
    """Write an ISO date of the rule-set dict as the admin writes dates; other text as it is."""
    try:
        return presentation.display_date(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _mapping(value: dict) -> str:
    return ", ".join(f"{k}: {v}" for k, v in value.items())


@register.filter
def status_label(status) -> str:
    """Show a route status (enum or code) in Dutch; a dash when there is none."""
    if status in (None, ""):
        return "—"
    try:
        return str(STATUS_LABELS[Status(status)])
    except ValueError:
        return gettext("ontbreekt") if status == MISSING_ROUTE else str(status)


def _amount(record: dict | None, unit: str) -> str:
    """Write a dated parameter value's amount with its unit, as the language writes numbers."""
    value = (record or {}).get("value")
    if value is None:
        return show_value(value)
    return presentation.display_parameter_value(value, unit)


def _verified(record: dict | None) -> str:
    # A stored version without the flag counts as verified, as the loader reads it.
    return (
        gettext("nagekeken") if (record or {}).get("verified", True) else gettext("niet nagekeken")
    )


@register.simple_tag
def dated_value_change(child: ItemChange):
    """Show an added, changed or removed dated parameter value in full.

    Amount with unit, start date, source and whether it is verified, each as "old → new" when it
    changed, so a publisher can spot a wrong value. Empty for other children (conditions, texts).
    """
    if child.old is None and child.new is None:
        return ""
    parts = [
        (gettext("waarde"), lambda r: _amount(r, child.unit)),
        (gettext("geldig vanaf"), lambda r: show_value((r or {}).get("valid_from"), "valid_from")),
        (gettext("bron"), lambda r: show_value((r or {}).get("source"))),
        (gettext("nagekeken"), _verified),
    ]
    rows = []
    for label, shown in parts:
        old = shown(child.old) if child.old is not None else None
        new = shown(child.new) if child.new is not None else None
        if old is not None and new is not None and old != new:
            rows.append(
                format_html(
                    '{}: <span class="old">{}</span> → <span class="new">{}</span>', label, old, new
                )
            )
        else:
            rows.append(format_html("{}: {}", label, new if new is not None else old))
    return format_html(
        '<ul class="dated-value">{}</ul>', format_html_join("", "<li>{}</li>", ((r,) for r in rows))
    )
