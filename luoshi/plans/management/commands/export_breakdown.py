"""luoshi export-breakdown --plan ID --format xlsx|docx -o FILE: the task-breakdown workbook."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from luoshi.core.errors import NotFound
from luoshi.plans import breakdown, permissions


class Command(BaseCommand):
    help = "Write a plan's task-breakdown workbook (任务分解表) as .xlsx or .docx."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, type=int, help="Plan id (see the plans page).")
        parser.add_argument(
            "--format", required=True, choices=sorted(breakdown.FORMATS), dest="fmt"
        )
        parser.add_argument("-o", "--output", required=True, help="File to write.")

    def handle(self, *args, plan, fmt, output, **options):
        try:
            row = breakdown.get_plan_for_export(plan)
        except NotFound:
            self.stderr.write(f"export-breakdown: no plan #{plan}")
            sys.exit(2)
        content, _type, _name = breakdown.render(viewer=permissions.SYSTEM, plan=row, fmt=fmt)
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            self.stderr.write(f"export-breakdown: cannot write {output}: {exc.strerror}")
            sys.exit(2)
        self.stdout.write(f"Wrote {output} ({len(content)} bytes).")
