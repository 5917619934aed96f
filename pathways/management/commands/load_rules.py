"""Load the shipped rule set (fixtures/ruleset.yaml) into the draft and publish it.

The shipped rule test cases (fixtures/rule_test_cases.yaml, a ``test_cases`` list in the loader
format) are added to the rule set when that file exists; a case of the same name in the rule file
itself wins.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pathways.adapters import draft_to_dict, replace_draft
from pathways.engine.loader import RuleSetError, content_hash
from pathways.engine.rulefile import type_rule_values
from pathways.models import RuleSetVersion
from pathways.publishing import RuleFileError, parse_rule_yaml
from pathways.services import publish_draft

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "ruleset.yaml"
DEFAULT_CASES_PATH = Path(settings.BASE_DIR) / "fixtures" / "rule_test_cases.yaml"


def _read_yaml(path: Path):
    """Read a YAML file the way rule files are read (``publishing.parse_rule_yaml``)."""
    try:
        return parse_rule_yaml(path.read_bytes())
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None
    except RuleFileError as exc:
        raise CommandError(f"{path}: {' '.join(exc.problems)}") from None


def with_test_cases(data, cases_path: Path):
    """Return ``data`` with the cases of ``cases_path`` added (missing file: unchanged)."""
    if not isinstance(data, dict) or not cases_path.exists():
        return data
    cases = _read_yaml(cases_path)
    if isinstance(cases, dict):
        cases = cases.get("test_cases")
    if not isinstance(cases, list):
        raise CommandError(f"{cases_path}: expected a list of test cases")
    own = {c.get("name") for c in data.get("test_cases") or [] if isinstance(c, dict)}
    extra = [c for c in cases if not (isinstance(c, dict) and c.get("name") in own)]
    return {**data, "test_cases": [*(data.get("test_cases") or []), *extra]}


class Command(BaseCommand):
    help = (
        "Load fixtures/ruleset.yaml into the rule draft and publish it as the first version. "
        "Does nothing when a version is already published, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument(
            "--test-cases",
            default=str(DEFAULT_CASES_PATH),
            help="YAML file with rule test cases to add (skipped when it does not exist).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the draft and publish a new version when the file differs.",
        )

    def handle(self, *args, path: str, force: bool, test_cases: str, **options):
        data = with_test_cases(_read_yaml(Path(path)), Path(test_cases))
        data, problems = type_rule_values(data)
        if problems:
            raise CommandError("\n".join(problems))
        current = RuleSetVersion.objects.filter(is_current=True).first()
        if current and not force:
            self.stdout.write(f"Rules already published ({current.label}); nothing loaded.")
            return
        try:
            replace_draft(data)
        except RuleSetError as exc:
            raise CommandError("\n".join(exc.problems)) from None
        if current and current.content_hash == content_hash(draft_to_dict()):
            self.stdout.write(f"{current.label} already matches {path}; draft reloaded.")
            return
        version = publish_draft(note=f"Geladen uit {Path(path).name}")
        self.stdout.write(self.style.SUCCESS(f"Published {version.label} ({version.identifier})."))
