"""The engine stays pure: it imports only the standard library and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pathways.engine

ENGINE_DIR = Path(pathways.engine.__file__).resolve().parent


def imported_roots(path: Path) -> set[str]:
    """Return the top-level package of every absolute import in a module."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module)
    return roots


def foreign_imports(path: Path) -> set[str]:
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    return {
        name
        for name in imported_roots(path)
        if name.split(".")[0] not in allowed and not name.startswith("pathways.engine")
    }


def test_the_engine_has_modules_to_check():
    names = {path.name for path in ENGINE_DIR.glob("*.py")}
    assert {"evaluate.py", "facts.py", "loader.py", "types.py", "validate.py"} <= names


def test_no_engine_module_imports_django_or_any_third_party_package():
    offenders = {
        str(path.relative_to(ENGINE_DIR)): sorted(foreign)
        for path in sorted(ENGINE_DIR.rglob("*.py"))
        if (foreign := foreign_imports(path))
    }
    assert offenders == {}


def test_the_guard_catches_django_third_party_and_app_imports(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "import json\n"
        "import django.conf\n"
        "from yaml import safe_load\n"
        "from pathways.models import Route\n"
        "from pathways.engine.types import Route as R\n"
        "from .types import Status\n",
        encoding="utf-8",
    )
    assert foreign_imports(module) == {"django.conf", "yaml", "pathways.models"}
