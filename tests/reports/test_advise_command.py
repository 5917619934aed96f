"""``manage.py advise PROFILE.json``: JSON and text advice, and clear refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pathways.services import today
from tests.checks import assert_shows
from tests.commands import advise, refuse
from tests.factories import publish_small_rules

EXAMPLES = Path(__file__).resolve().parents[2] / "pathways" / "schema" / "examples"
SCHOOL = {
    "school": {"name": "Vrije Basisschool De Regenboog", "institution_number": "012345"},
    "facts": {"hours_cleaning": 121.6, "open_to_hire_target_group": True, "postcode": "9000"},
}
BOARD = {
    "board": {"name": "Stedelijk Onderwijs Lier", "facts": {"open_to_hire_target_group": True}},
    "schools": [
        {"school": {"name": "Basisschool"}, "facts": {"hours_cleaning": 95}},
        {"school": {"name": "Lyceum"}, "facts": {"hours_cleaning": 114, "mentor_available": True}},
    ],
}


@pytest.fixture
def rules(db, tmp_path):
    """Publish a small rule set with the project's own command."""
    publish_small_rules(tmp_path)


@pytest.fixture
def profile_file(tmp_path):
    def write(content, name="profiel.json") -> str:
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_it_prints_the_advice_of_a_school_as_json(rules, profile_file):
    output = advise(profile_file(SCHOOL), "--date", "2025-03-01")
    assert output.startswith('{\n  "date": "2025-03-01",\n')
    data = json.loads(output)
    assert data["ruleset"]["label"] == "versie 1"
    mwa = data["routes"][0]
    assert (mwa["code"], mwa["status"]) == ("maatwerkafdeling", "not_applicable")
    assert mwa["gaps"][0]["text"] == "3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort"


def test_the_json_keeps_dutch_characters_readable(rules, profile_file):
    board = {**BOARD, "schools": [{"school": {"name": "Sint-Jozefscollège"}, "facts": {}}]}
    output = advise(profile_file(board), "--date", "2025-03-01")
    assert "Sint-Jozefscollège" in output
    assert "\\u" not in output


def test_without_a_date_it_advises_for_today(rules, profile_file):
    assert json.loads(advise(profile_file(SCHOOL)))["date"] == today().isoformat()


def test_it_prints_a_board_per_school_and_pooled(rules, profile_file):
    data = json.loads(advise(profile_file(BOARD), "--date", "2025-03-01"))
    assert [s["name"] for s in data["schools"]] == ["Basisschool", "Lyceum"]
    assert [s["advice"]["routes"][0]["status"] for s in data["schools"]] == [
        "not_applicable",
        "not_applicable",
    ]
    assert data["pooled"]["routes"][0]["status"] == "recommended"


def test_the_text_report_shows_status_reasons_marks_gaps_and_questions(rules, profile_file):
    output = advise(profile_file(SCHOOL), "--date", "2025-03-01", "--format", "text")
    lines = output.splitlines()
    assert lines[:2] == [
        "Advies voor Vrije Basisschool De Regenboog",
        "Datum: 2025-03-01 · Regels: versie 1",
    ]
    assert_shows(
        lines,
        "Route maatwerkafdeling [Niet van toepassing]",
        "  School als werkgever. Niet aan alle noodzakelijke voorwaarden voldaan.",
        "  ✘ niet voldaan: 3,2 VTE in plaats van 5 VTE, 1,8 VTE te weinig",
        "  ✔ voldaan: ja: voldaan",
        "  ? onbekend (aanbevolen): Nog niet beantwoord",
        "  Tekort: 3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort",
        "  Nog te beantwoorden:",
        "    - Is er iemand die nieuwe medewerkers op de werkvloer kan begeleiden?",
        "Route se_purchasing [Antwoorden nodig]",
    )


def test_the_text_report_of_a_board_shows_each_school_then_all_together(rules, profile_file):
    output = advise(profile_file(BOARD), "--date", "2025-03-01", "--format", "text")
    lines = output.splitlines()
    assert lines[0] == "Advies voor schoolbestuur Stedelijk Onderwijs Lier"
    headings = [line for line in lines if line.startswith("School: ") or "samen" in line]
    assert headings == [
        "School: Basisschool",
        "School: Lyceum",
        "Alle scholen van het bestuur samen",
    ]
    pooled = lines[lines.index("Alle scholen van het bestuur samen") :]
    assert "Route maatwerkafdeling [Aanbevolen]" in pooled


def test_it_writes_the_advice_to_a_file_when_asked(rules, profile_file, tmp_path):
    target = tmp_path / "advies.json"
    assert advise(profile_file(SCHOOL), "--date", "2025-03-01", "--output", str(target)) == ""
    assert json.loads(target.read_text(encoding="utf-8"))["date"] == "2025-03-01"


def test_the_example_files_get_advice_from_the_published_rules(rules):
    school = json.loads(advise(str(EXAMPLES / "school.json"), "--date", "2025-03-01"))
    board = json.loads(advise(str(EXAMPLES / "board.json"), "--date", "2025-03-01"))
    assert [r["code"] for r in school["routes"]] == ["maatwerkafdeling", "se_purchasing"]
    assert len(board["schools"]) == 2


def test_an_invalid_profile_is_refused_with_one_line_per_problem(rules, profile_file):
    bad = {
        "school": {"name": "X"},
        "facts": {"hours_cleaning": "veel", "postcode": "12"},
        "date": "2025-03-01",
    }
    assert refuse(profile_file(bad)) == [
        "date: onbekend veld",
        "facts.hours_cleaning: verwacht een getal",
        "facts.postcode: verwacht een Belgische postcode van vier cijfers",
    ]


def test_malformed_json_is_refused_with_its_line_and_column(rules, profile_file):
    path = profile_file('{"school": {"name": "X"},\n  "facts": {"pupils": 4,}}')
    assert refuse(path) == [f"{path}: geen geldige JSON op regel 2, kolom 25"]


def test_a_file_that_is_not_utf8_is_refused(rules, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"school": {"name": "Sint-Jozefscollège"}}'.encode("latin-1"))
    assert refuse(str(path)) == [f"{path}: geen UTF-8-tekst"]


def test_a_file_nested_too_deep_is_refused_without_a_traceback(rules, profile_file):
    path = profile_file('{"facts": ' + "[" * 10_000 + "]" * 10_000 + "}")
    assert refuse(path) == [f"{path}: de JSON is te diep genest"]


def test_a_missing_file_is_refused(rules, tmp_path):
    path = tmp_path / "bestaat-niet.json"
    assert refuse(str(path)) == [f"{path}: bestand niet gevonden"]


@pytest.mark.parametrize("date", ["2025-02-30", "1/3/2025", "morgen"])
def test_a_bad_date_is_refused(rules, profile_file, date):
    assert refuse(profile_file(SCHOOL), "--date", date) == [
        "--date: verwacht een datum als JJJJ-MM-DD"
    ]


def test_without_published_rules_it_says_how_to_load_them(db, profile_file):
    assert refuse(profile_file(SCHOOL)) == [
        "er is nog geen regelset gepubliceerd; voer eerst `manage.py load_rules` uit"
    ]


def test_from_the_shell_bad_input_exits_with_code_2_and_no_traceback(run_python, tmp_path):
    path = tmp_path / "profiel.json"
    path.write_text('{"school": {"name": "X"}, "facts": {"pupils": -3, "bus": 1}}', "utf-8")
    result = run_python("manage.py", "advise", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "facts.pupils: moet minstens 0 zijn",
        "facts.bus: onbekend veld",
    ]

    broken = tmp_path / "kapot.json"
    broken.write_text("{\n", "utf-8")
    result = run_python("manage.py", "advise", str(broken))
    assert result.returncode == 2
    assert result.stderr == f"{broken}: geen geldige JSON op regel 2, kolom 1\n"
    assert "Traceback" not in result.stderr
