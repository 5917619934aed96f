"""Write the rule draft, or a published version, as a readable YAML rule file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.management.files import os_reason
from pathways.models import RuleSetVersion
from pathways.publishing import export_yaml


class Command(BaseCommand):
    help = "Schrijf het regelontwerp (standaard) of een gepubliceerde versie als YAML."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # ``--version N`` picks a rule version here, replacing Django's own --version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", type=int, help="nummer van een gepubliceerde versie")
        parser.add_argument("--output", help="bestand om te schrijven (standaard: de uitvoer)")

    def handle(self, *args, version: int | None, output: str | None, **options):
        row = None
        if version is not None:
            row = RuleSetVersion.objects.filter(number=version).first()
            if row is None:
                raise CommandError(f"er is geen gepubliceerde versie {version}", returncode=2)
        text = export_yaml(row)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except (OSError, ValueError) as exc:
                raise CommandError(f"--output {output}: {os_reason(exc)}", returncode=2) from None
            what = f"versie {version}" if row else "het regelontwerp"
            self.stderr.write(f"{what} geschreven naar {output}.")
        else:
            self.stdout.write(text, ending="")
