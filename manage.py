#!/usr/bin/env python
"""Django's command-line utility. Development is the default here."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
    os.environ.setdefault("MACA_ENVIRONMENT", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
