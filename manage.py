#!/usr/bin/env python
"""Django's command-line utility. Development is the default here."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
    os.environ.setdefault("MACA_ENVIRONMENT", "development")
    from django.core.management import execute_from_command_line

    from maca.core import tenancy

    # Commands are operators' tools and work across partnerships (row-level
    # security, ADR 0005), except those that serve requests or run tasks.
    tenancy.set_process_default(tenancy.default_for_command(sys.argv))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
