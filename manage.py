#!/usr/bin/env python3
"""Django's command-line utility for administrative tasks."""

import sys

from seapp.boot import load_settings_or_exit


def main() -> None:
    """Check the configuration, then run the management command."""
    load_settings_or_exit(exit_code=2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
