"""``manage.py advise --format text`` names each condition's kind once, for the shipped rules."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.management import call_command

EXAMPLES = Path(__file__).resolve().parents[2] / "pathways" / "schema" / "examples"
# The command's own labels and the ones a rule text might repeat.
LABELS = "ter informatie|ter controle|informatief|aanbevolen|voldaan|niet voldaan|onbekend"
# A condition line: "  ✔ voldaan (aanbevolen): text" or "  Ter informatie: text".
TWO_LABELS = re.compile(rf"^\s+(?:\S+ )?(?:{LABELS})(?: \([^)]*\))?: (?:{LABELS}):", re.I | re.M)


def text_advice(example: str, on: str) -> str:
    out = io.StringIO()
    call_command("advise", str(EXAMPLES / example), "--format", "text", "--date", on, stdout=out)
    return out.getvalue()


def test_each_condition_line_carries_one_label(db):
    call_command("load_rules", verbosity=0)
    for example in ("school.json", "board.json"):
        for on in ("2020-03-06", "2026-11-30"):
            text = text_advice(example, on)
            assert "Ter informatie: " in text  # informational conditions are there
            assert TWO_LABELS.findall(text) == [], (example, on)
