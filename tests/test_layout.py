"""The apps depend on each other one way: reports -> schools -> pathways -> pathways.engine.

``pathways`` outside its admin package imports neither ``schools`` nor ``reports`` (the admin
fetches the schools' answers for the impact preview and passes them in); ``schools`` does not
import ``reports``. Function-level imports count too: a late import only hides a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# (folder, folders inside it that are exempt, the apps it must not import)
RULES = [
    ("pathways", ("pathways/admin",), ("schools", "reports")),
    ("pathways/admin", (), ("reports",)),
    ("schools", (), ("reports",)),
]


def imported_apps(path: Path) -> set[str]:
    """Return the top-level package of every absolute import in a module, at any depth."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def wrong_way_imports(base: Path = BASE_DIR) -> dict[str, list[str]]:
    """Return, per module that breaks a rule, the apps it must not import but does."""
    offenders = {}
    for folder, exempt, forbidden in RULES:
        for path in sorted((base / folder).rglob("*.py")):
            relative = path.relative_to(base).as_posix()
            if any(relative.startswith(f"{skip}/") for skip in exempt):
                continue
            if wrong := sorted(imported_apps(path) & set(forbidden)):
                offenders[relative] = wrong
    return offenders


def test_the_apps_have_modules_to_check():
    for folder in ("pathways", "pathways/admin", "schools", "reports"):
        assert list((BASE_DIR / folder).glob("*.py")), folder


def test_imports_between_the_apps_run_one_way():
    assert wrong_way_imports() == {}


def test_the_guard_catches_wrong_way_imports_also_inside_functions(tmp_path):
    for folder in ("pathways/admin", "schools"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pathways" / "services.py").write_text(
        "import json\nfrom pathways.engine import evaluate\n\n"
        "def advise():\n    from schools.models import School\n",
        encoding="utf-8",
    )
    (tmp_path / "pathways" / "admin" / "views.py").write_text(
        "from schools.services import submitted_profiles\nimport reports.storage\n",
        encoding="utf-8",
    )
    (tmp_path / "schools" / "views.py").write_text(
        "from pathways.services import advise\nfrom reports import pdf\n", encoding="utf-8"
    )
    assert wrong_way_imports(tmp_path) == {
        "pathways/services.py": ["schools"],
        "pathways/admin/views.py": ["reports"],
        "schools/views.py": ["reports"],
    }
