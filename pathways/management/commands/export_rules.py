"""Write the rule draft, or a published version, as a readable YAML rule file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.models import RuleSetVersion
from pathways.publishing import export_yaml


class Command(BaseCommand):
    help = "Export the rule draft (default) or a published version as YAML."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # ``--version N`` picks a rule version here, replacing Django's own --version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", type=int, help="number of a published version")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, version: int | None, output: str | None, **options):
        row = None
        if version is not None:
            row = RuleSetVersion.objects.filter(number=version).first()
            if row is None:
                raise CommandError(f"no published version {version}")
        text = export_yaml(row)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(
                f"Wrote {'version ' + str(version) if row else 'the draft'} to {output}."
            )
        else:
            self.stdout.write(text, ending="")
