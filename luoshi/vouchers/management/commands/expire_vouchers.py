from django.core.management.base import BaseCommand
from django.utils import timezone

from luoshi.vouchers import services


class Command(BaseCommand):
    help = "Mark innovation vouchers past their expiry date expired (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        count = services.vouchers_expire(actor=None, today=timezone.localdate(), dry_run=dry_run)
        verb = "would expire" if dry_run else "expired"
        self.stdout.write(f"vouchers {verb}: {count}")
