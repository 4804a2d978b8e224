"""`luoshi remind`: send the day's reminders (due soon, due today, overdue). Idempotent.

Run it daily from cron or a systemd timer; a second run the same day sends nothing again.
It does not issue supervision notices (督办单): the office decides those on the period
overview, which lists the units red for two periods running.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from luoshi.supervision import services


class Command(BaseCommand):
    help = (
        "Send due-soon, due-today and overdue reminders for reports not yet submitted (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be sent; send and record nothing.",
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}") from exc
        summary = services.reminders_send(today=day, dry_run=dry_run)
        self.stdout.write(summary.line())
