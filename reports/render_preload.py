"""Imported by the render fork server at its start: parse the report's stylesheet there once.

Each render child is forked from that server and inherits the parsed stylesheet and fonts
(``reports.render.house_style``). Pure Python plus WeasyPrint: the server has no Django, so the
static folder is found from this file's place in the source tree (``<project>/static``, the same
folder ``reports.pdf.STATIC_DIR`` names).
"""

from pathlib import Path

from reports.render import REPORT_STYLESHEETS, house_style

house_style(Path(__file__).resolve().parent.parent / "static", REPORT_STYLESHEETS)
