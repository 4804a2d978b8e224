from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.accounts import selectors as account_selectors
from luoshi.demo import (
    accounts,
    assessment,
    contracts,
    enterprises,
    indicators,
    org,
    patents,
    plans,
    platforms,
    programmes,
    sharing,
    subsidies,
    supervision,
    taskfigures,
)
from luoshi.org import selectors as org_selectors


class Command(BaseCommand):
    help = "Load the demo: the Suining unit directory, demo accounts, the default plan and a history. Marked as demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database has units already.",
        )

    def handle(self, *args, if_empty=False, **options):
        if not org_selectors.directory_is_empty():
            if if_empty:
                self.stdout.write("Database already has data; demo not loaded.")
                self._print_accounts()
                return
        with transaction.atomic():
            # Each part builds on the ones before it.
            org.load(stdout=self.stdout)
            accounts.load(stdout=self.stdout)
            plans.load(stdout=self.stdout)
            supervision.load(stdout=self.stdout)
            indicators.load(stdout=self.stdout)
            assessment.load(stdout=self.stdout)
            enterprises.load(stdout=self.stdout)
            subsidies.load(stdout=self.stdout)
            contracts.load(stdout=self.stdout)
            patents.load(stdout=self.stdout)
            platforms.load(stdout=self.stdout)
            sharing.load(stdout=self.stdout)
            programmes.load(stdout=self.stdout)
            taskfigures.load(stdout=self.stdout)  # last: links tasks to every programme's figures
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self._print_accounts()

    def _print_accounts(self) -> None:
        if not account_selectors.demo_accounts_exist():
            return
        self.stdout.write(f"\nDemo accounts (password: {settings.LUOSHI_DEMO_PASSWORD}):")
        for username, role, name in [
            *accounts.describe(),
            *sharing.describe(),
            *programmes.describe(),
        ]:
            self.stdout.write(f"  {username:<20} {role:<24} {name}")
        self.stdout.write(
            "  <code>.reporter / <code>.approver for every unit (see the unit directory for codes)\n"
        )
