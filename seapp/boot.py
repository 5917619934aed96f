"""Load the settings module up front, turning a configuration error into one clear line."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit(exit_code: int = 2) -> None:
    """Import the settings module; on ImproperlyConfigured print its message and exit.

    Entry points (manage.py, wsgi, asgi) call this first so that a bad environment variable
    reads as one line on stderr instead of a traceback through Django's internals.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seapp.settings")
    try:
        __import__(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise SystemExit(exit_code) from None
