"""Load a YAML rule file into the rule draft (never published directly)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.management.files import os_reason
from pathways.publishing import RuleFileError, import_draft, load_yaml


class Command(BaseCommand):
    help = (
        "Vervang het regelontwerp door een YAML-regelbestand, gecontroleerd zoals een wijziging "
        "in de beheeromgeving. Bij een probleem verandert er niets. Publiceer daarna in de "
        "beheeromgeving."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        try:
            text = Path(file).read_bytes()
        except (OSError, ValueError) as exc:
            raise CommandError(f"{file}: {os_reason(exc)}", returncode=2) from None
        try:
            import_draft(load_yaml(text))
        except RuleFileError as exc:
            lines = [f"{file}: niet geladen", *exc.problems]
            raise CommandError("\n".join(lines), returncode=2) from None
        self.stdout.write(
            self.style.SUCCESS(f"{file} staat in het regelontwerp (nog niet gepubliceerd).")
        )
