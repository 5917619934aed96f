"""Load a YAML rule file into the rule draft (never published directly)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.publishing import RuleFileError, import_draft, load_yaml


class Command(BaseCommand):
    help = (
        "Replace the rule draft with a YAML rule file, validated like an edit in the admin. "
        "Nothing changes when the file has a problem. Publish in the admin afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        try:
            text = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            import_draft(load_yaml(text))
        except RuleFileError as exc:
            raise CommandError("\n".join([f"{file}: not imported", *exc.problems])) from None
        self.stdout.write(self.style.SUCCESS(f"{file} loaded into the draft (not published)."))
