"""``manage.py advise PROFILE.json``: advise a school profile or a board file from the shell."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from pathways import services
from pathways.api.profile import ParsedProfile, parse_json, parse_profile
from pathways.api.views import advice_for
from pathways.engine.types import Outcome, Status
from pathways.engine.validate import parse_date
from pathways.management.files import MSG_IS_DIRECTORY, MSG_NO_FOLDER, os_reason
from pathways.presentation import KIND_LABELS, OUTCOME_LABELS, OUTCOME_SYMBOLS, STATUS_LABELS
from reports.pdf import profile_report_pdf

MSG_NO_FILE = "bestand niet gevonden"
MSG_UNREADABLE = "bestand kan niet gelezen worden ({reason})"
MSG_BAD_DATE = "verwacht een datum als JJJJ-MM-DD"
MSG_NO_RULES = "er is nog geen regelset gepubliceerd; voer eerst `manage.py load_rules` uit"
MSG_PDF_NEEDS_OUTPUT = "--format pdf: geef met --output het PDF-bestand om te schrijven"
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the command refuses; ``lines`` are printed one per line on stderr."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


class Command(BaseCommand):
    help = (
        "Geef het advies voor een schoolprofiel of een bestuursbestand (JSON). "
        "Zie pathways/schema/profile.schema.json en de voorbeelden in pathways/schema/examples."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "profile", metavar="PROFILE.json", help="schoolprofiel of bestuursbestand"
        )
        parser.add_argument(
            "--date", metavar="JJJJ-MM-DD", help="datum waarop het advies geldt (standaard vandaag)"
        )
        parser.add_argument(
            "--format", dest="output_format", choices=("json", "text", "pdf"), default="json"
        )
        parser.add_argument(
            "--output", metavar="BESTAND", help="schrijf het advies naar dit bestand"
        )

    def handle(
        self, *args, profile: str, date: str | None, output_format: str, output: str | None, **o
    ):
        try:
            on = _parse_date_option(date)
            if output_format == "pdf" and not output:
                raise BadInput([MSG_PDF_NEEDS_OUTPUT])
            parsed = _read_profile(Path(profile))
            try:
                ruleset = services.current_ruleset()
            except services.NoPublishedRules:
                raise BadInput([MSG_NO_RULES]) from None
        except BadInput as exc:
            for line in exc.lines:
                self.stderr.write(line)
            sys.exit(EXIT_BAD_INPUT)

        try:
            if output:
                _check_output(Path(output))
            if output_format == "pdf":
                # The same PDF report the school and board pages offer (reports.pdf).
                _write(Path(output), profile_report_pdf(parsed, on=on, ruleset=ruleset))
                return
            data = advice_for(parsed, on=on, ruleset=ruleset)
            text = render_text(data, _title(parsed)) if output_format == "text" else _dump(data)
            if output:
                _write(Path(output), text.encode("utf-8"))
            else:
                self.stdout.write(text, ending="")
        except BadInput as exc:
            for line in exc.lines:
                self.stderr.write(line)
            sys.exit(EXIT_BAD_INPUT)


def _check_output(path: Path) -> None:
    """Refuse an output path whose folder is missing or which is a folder, before any work."""
    if path.is_dir():
        raise BadInput([f"--output {path}: {MSG_IS_DIRECTORY}"])
    if not path.parent.is_dir():
        raise BadInput([f"--output {path}: {MSG_NO_FOLDER}"])


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except (OSError, ValueError) as exc:
        raise BadInput([f"--output {path}: {os_reason(exc)}"]) from None


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _parse_date_option(value: str | None):
    if value is None:
        return None
    on = parse_date(value)
    if on is None:
        raise BadInput([f"--date: {MSG_BAD_DATE}"])
    return on


def _read_profile(path: Path) -> ParsedProfile:
    """Read, decode and validate a profile file; raise ``BadInput`` naming every problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput([f"{name}: {MSG_NO_FILE}"]) from None
    except (OSError, ValueError) as exc:
        raise BadInput([f"{name}: {MSG_UNREADABLE.format(reason=os_reason(exc))}"]) from None
    data, problem = parse_json(raw)
    if problem:
        raise BadInput([f"{name}: {problem}"])
    _kind, parsed, problems = parse_profile(data)
    if problems:
        raise BadInput([str(problem) for problem in problems])
    return parsed


# --- Text report ------------------------------------------------------------------------------


def _title(parsed: ParsedProfile) -> str:
    if parsed.kind == "board":
        return f"Advies voor schoolbestuur {parsed.board.name}"
    return f"Advies voor {parsed.school.name}"


def render_text(data: dict[str, Any], title: str) -> str:
    """Return a readable Dutch report of an advice's JSON form (school or board)."""
    lines = [title, _header(data)]
    if "schools" in data:
        for school in data["schools"]:
            lines += ["", "=" * 72, f"School: {school['name']}", "=" * 72]
            lines += _routes(school["advice"])
        lines += ["", "=" * 72, "Alle scholen van het bestuur samen", "=" * 72]
        lines += _routes(data["pooled"])
    else:
        lines += _routes(data)
    return "\n".join(lines) + "\n"


def _header(data: dict[str, Any]) -> str:
    ruleset = data["ruleset"]
    label = ruleset["label"] or ruleset["identifier"][:12]
    return f"Datum: {data['date']} · Regels: {label}"


def _routes(advice: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    titles = {route["code"]: route["title"] for route in advice["routes"]}
    for route in advice["routes"]:
        status = STATUS_LABELS[route["status"]]
        lines += ["", f"{route['title']} [{status}]"]
        lines.append(f"  {KIND_LABELS[route['kind']]}. {route['status_reason']}")
        if route["in_use"] and route["continuation"]:
            lines.append(f"  De school gebruikt dit al: {route['continuation']}")
        if route["status"] == Status.NOT_IN_FORCE and route["successors"]:
            names = ", ".join(titles.get(code, code) for code in route["successors"])
            lines.append(f"  In de plaats: {names}")
        for cond in route["conditions"]:
            outcome = Outcome(cond["outcome"])
            kind = "" if cond["required"] else " (aanbevolen)"
            mark = f"{OUTCOME_SYMBOLS[outcome]} {OUTCOME_LABELS[outcome]}"
            lines.append(f"  {mark}{kind}: {cond['reason'] or cond['label']}")
            if cond["gap_hint"]:
                lines.append(f"      Tip: {cond['gap_hint']}")
        for gap in route["gaps"]:
            lines.append(f"  Tekort: {gap['text']}")
        if route["missing"]:
            lines.append("  Nog te beantwoorden:")
            lines += [f"    - {entry['label']}" for entry in route["missing"]]
    return lines
