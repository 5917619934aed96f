"""Load the shipped rule set (fixtures/ruleset.yaml) into the draft and publish it."""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pathways.adapters import draft_to_dict, replace_draft
from pathways.engine.loader import RuleSetError, content_hash
from pathways.models import RuleSetVersion
from pathways.services import publish_draft

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "ruleset.yaml"


class Command(BaseCommand):
    help = (
        "Load fixtures/ruleset.yaml into the rule draft and publish it as the first version. "
        "Does nothing when a version is already published, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the draft and publish a new version when the file differs.",
        )

    def handle(self, *args, path: str, force: bool, **options):
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise CommandError(f"{path}: not valid YAML ({exc})") from None
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
