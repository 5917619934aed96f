"""Template filters of the PDF report: a web or e-mail address as printed on paper."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def printed_address(address: str) -> str:
    """Return ``address`` (a URL or an e-mail address) as HTML for paper: its head in one piece.

    A URL's scheme and host ("https://www.vdab.be") and an e-mail address stand in a
    ``<span class="address-head">`` that never breaks (report.css); the path after the host may
    break anywhere. So no line ends in a bare "https://", and an inline box, cheap to lay
    out, does what an inline block did. Escaped: the address is data.
    """
    scheme, separator, rest = address.partition("://")
    if not separator:
        return format_html('<span class="address-head">{}</span>', address)
    host, slash, path = rest.partition("/")
    return format_html(
        '<span class="address-head">{}{}{}</span>{}{}', scheme, separator, host, slash, path
    )
