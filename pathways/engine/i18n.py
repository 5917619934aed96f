"""Translation markers for the pure engine.

The engine may not import Django, yet its Dutch labels must reach Django's message catalogue.
``gettext_noop`` is recognised by ``makemessages`` by name, marks a string for extraction and
returns it unchanged; the Django side translates it at render time with ``gettext``.
"""


def gettext_noop(message: str) -> str:
    """Return ``message`` unchanged; only marks it for extraction."""
    return message
