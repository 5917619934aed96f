"""Load the directory of organisations from a CSV file (default: the shipped real ones)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.services import DirectoryFileError, organisations_import

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "directory.csv"
DEMO = Path(__file__).resolve().parents[2] / "demo.csv"


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV file (default fixtures/directory.csv); --demo adds "
        "the fictitious 'Voorbeeld-' organisations. Same names are updated; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file (columns of the admin export)")
        parser.add_argument("--demo", action="store_true", help="also load demo organisations")

    def handle(self, *args, **options):
        files = [Path(options["file"])] if options["file"] else [SHIPPED]
        if options["demo"]:
            files.append(DEMO)
        for path in files:
            try:
                changes = organisations_import(data=path.read_bytes())
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            except DirectoryFileError as exc:
                for problem in exc.problems:
                    self.stderr.write(f"{path}: {problem}")
                raise CommandError(f"{path}: not imported") from exc
            new = sum(c.action == "new" for c in changes)
            changed = sum(c.action == "changed" for c in changes)
            self.stdout.write(f"{path.name}: {new} new, {changed} updated")
