"""What the benchmarks share: their command line, Django set up for a throwaway test database,
CPU time.

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


def setup_django(**environment: str) -> None:
    """Put the project on ``sys.path``, default the settings a benchmark needs, set up Django.

    ``environment`` adds defaults (e.g. ``TASKS_BACKEND="immediate"``); a variable already set
    in the shell wins.
    """
    sys.path.insert(0, str(ROOT))
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
