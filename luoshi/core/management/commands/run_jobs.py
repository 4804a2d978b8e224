import time

from django.core.management.base import BaseCommand

from luoshi.core import jobs


class Command(BaseCommand):
    help = (
        "Run queued background jobs (large exports). With LUOSHI_JOBS_RUNNER=worker this is "
        "the only runner; with the default thread runner it picks up what a restarted web "
        "process left behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls")
        parser.add_argument(
            "--stale-minutes", type=int, default=30, help="requeue jobs running longer than this"
        )

    def handle(self, *args, once, interval, stale_minutes, **options):
        total = 0
        while True:
            requeued = jobs.jobs_requeue_stale(minutes=stale_minutes)
            ran = jobs.jobs_run_queued()
            total += ran
            if once:
                self.stdout.write(f"run-jobs: {ran} job(s) run, {requeued} stale job(s) requeued")
                return
            if not ran:
                time.sleep(interval)
