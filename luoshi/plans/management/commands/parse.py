"""luoshi parse FILE --format json|md|xlsx|docx [-o OUT]: the parser's own command line.

A thin wrapper over luoshi.planparse.cli.main: same arguments, same output, and its exit
status (0, or 2 with one line on stderr) without Django's CommandError handling.
"""

import argparse
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Parse a plan document and print or write it (json, md, xlsx, docx)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "args", nargs=argparse.REMAINDER, help="FILE --format json|md|xlsx|docx [-o OUT]"
        )
        return parser

    def run_from_argv(self, argv):
        # argv is ["luoshi", "parse", ...]: hand everything after the command to the parser's CLI.
        sys.exit(self._main(argv[2:]))

    def handle(self, *args, **options):
        code = self._main(list(args))
        if code:
            sys.exit(code)

    def _main(self, argv: list[str]) -> int:
        from luoshi.planparse.cli import main

        return main(argv, stdout=self.stdout._out, stderr=self.stderr._out)
