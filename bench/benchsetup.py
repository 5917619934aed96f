"""What the benchmarks share: their command line, Django set up for a throwaway test database,
CPU time, and plain WeasyPrint as the reference a report's render is measured against.

Imported by the scripts next to it (``python bench/<script>.py`` puts this folder on the path).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def command_line(doc: str, **defaults: Any) -> argparse.Namespace:
    """Read a benchmark's options: ``--<name>`` for each default, of the default's type.

    ``bundle_schools=20`` reads ``--bundle-schools`` as an integer, 20 when not given; ``--help``
    shows the first line of ``doc`` (the script's docstring).
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, default in defaults.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    return parser.parse_args()


def project_on_path() -> None:
    """Put the project on ``sys.path``, so a script can import its packages and ``tests``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def setup_django(**environment: str) -> None:
    """Put the project on ``sys.path``, default the settings a benchmark needs, set up Django.

    ``environment`` adds defaults (e.g. ``TASKS_BACKEND="immediate"``); a variable already set
    in the shell wins.
    """
    project_on_path()
    defaults = {
        "DJANGO_SETTINGS_MODULE": "seapp.settings",
        "SECRET_KEY": "bench-only-insecure-key",
        "ALLOWED_HOSTS": "testserver",
        **environment,
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_weasyprint(html: str) -> bytes:
    """The reference render: WeasyPrint on a report's HTML, its stylesheet parsed afresh.

    What a one-off ``HTML(...).write_pdf()`` call costs, without the render child's bounds and
    without the stylesheet and fonts it parses once per process (``reports.render``).
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.fetcher import StaticFilesFetcher
    from reports.pdf import PDF_VARIANT, STATIC_DIR
    from reports.render import REPORT_STYLESHEETS

    fetcher = StaticFilesFetcher(STATIC_DIR)
    fonts = FontConfiguration()  # the stylesheet's @font-face rules load into it
    stylesheets = [
        CSS(url=fetcher.base_url + name, url_fetcher=fetcher, font_config=fonts)
        for name in REPORT_STYLESHEETS
    ]
    document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT, stylesheets=stylesheets, font_config=fonts)
