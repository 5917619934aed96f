"""A PDF's lines read back with their place (``pdftotext -bbox-layout``, poppler-utils), to
check the layout a reader sees: a heading never ends a column or a page without the text it
heads, and a printed address never continues in another column or on another page."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

# The running header and footer (tool, report number, page numbers) stand in the page margins.
MARGIN_PT = 40.0
NS = {"x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Line:
    page: int  # from 1
    top: float  # points from the top of the page
    left: float
    right: float
    text: str


def pdf_lines(pdf: bytes) -> list[Line]:
    """Return the PDF's lines in reading order (column by column), page margins left out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", str(path), "-"],
            check=True,
            capture_output=True,
        ).stdout
    tree = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    lines = []
    for number, page in enumerate(tree.iterfind(".//x:page", NS), start=1):
        height = float(page.get("height"))
        for line in page.iterfind(".//x:line", NS):
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            if bottom < MARGIN_PT or top > height - MARGIN_PT:
                continue
            text = " ".join(w.text or "" for w in line.iterfind("x:word", NS))
            lines.append(Line(number, top, float(line.get("xMin")), float(line.get("xMax")), text))
    return lines


def first_page_of(lines: list[Line], text: str) -> int:
    """Return the page where ``text`` (a whole line, e.g. a heading) first stands."""
    return next(line.page for line in lines if squash(line.text) == squash(text))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _runs(lines: list[Line], text: str) -> list[tuple[int, int]]:
    """Return each (first, last) line index whose lines together read ``text``."""
    wanted = squash(text)
    runs = []
    for first, line in enumerate(lines):
        head = squash(line.text)
        if not head or not wanted.startswith(head):
            continue
        read, last = "", first
        while last < len(lines) and len(read) < len(wanted):
            read += squash(lines[last].text)
            last += 1
        if read == wanted:
            runs.append((first, last - 1))
    return runs


def moved_on(before: Line, after: Line) -> bool:
    """Whether ``after`` is no longer below ``before``: another page or the next column."""
    return after.page != before.page or after.top < before.top


def headings_and_addresses(report_html: str) -> tuple[list[str], list[str]]:
    """Return the texts of the report's headings (h1-h4, table captions, glossary terms) and
    the web addresses it prints as text."""
    root = html.fromstring(report_html)
    headings = [
        " ".join(el.text_content().split())
        for el in root.iter("h1", "h2", "h3", "h4", "caption", "dt")
    ]
    addresses = sorted(
        {
            text
            for el in root.iter("a", "span")
            if (text := el.text_content().strip()).startswith(("http://", "https://"))
        }
    )
    return [h for h in headings if h], addresses


def last_in_its_column(lines: list[Line], line: Line) -> bool:
    """Whether nothing stands below ``line`` in its column: no line further down the same
    page that overlaps it horizontally."""
    return not any(
        other.page == line.page
        and other.top > line.top + 1
        and other.left < line.right
        and other.right > line.left
        for other in lines
    )


def orphan_headings(lines: list[Line], headings: list[str], *, from_page: int = 1) -> list[str]:
    """Return the headings printed as the last line of a column or a page, from ``from_page``
    on (the full report's reasoning follows its one-column note, whose overview table has rows
    that read like the routes' headings: title and status)."""
    found = []
    for heading in dict.fromkeys(headings):
        for _first, last in _runs(lines, heading):
            if lines[last].page < from_page:
                continue
            if last_in_its_column(lines, lines[last]):
                found.append(f"{heading!r} (page {lines[last].page})")
    return found


def split_addresses(lines: list[Line], addresses: list[str]) -> list[str]:
    """Return the addresses that continue in another column or on another page, or whose line
    breaks right after the scheme ("https://" alone at a line's end)."""
    found = []
    for address in addresses:
        for first, last in _runs(lines, address):
            pairs = zip(lines[first:last], lines[first + 1 : last + 1], strict=True)
            if any(moved_on(a, b) for a, b in pairs):
                found.append(f"{address} (page {lines[first].page}, split)")
    found += [
        f"{line.text!r} (page {line.page}, ends with the scheme)"
        for line in lines
        if re.search(r"https?://$", line.text)
    ]
    return found
