"""The `luoshi` console command: the project's manage.py."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    # Project commands are spelled with hyphens (`luoshi load-demo`); Django's modules use underscores.
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["luoshi", *args])


if __name__ == "__main__":
    main()
