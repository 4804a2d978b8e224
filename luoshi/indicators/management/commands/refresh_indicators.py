"""Rebuild the figures computed from the registries (instruments, vouchers, experts, loans…)
and the computed indicator table from accepted values (idempotent).

Run by a timer (daily) so the programme figures the task reports show follow the programmes'
records, and after changing which parks count in city sums, or after a bulk correction:

    luoshi refresh-indicators            # every city
    luoshi refresh-indicators --dry-run  # say what would be rebuilt
"""

from django.core.management.base import BaseCommand

from luoshi.indicators import selectors, services


class Command(BaseCommand):
    help = (
        "Rebuild every city's figures computed from the registries and its computed indicator "
        "values from accepted values."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be rebuilt."
        )

    def handle(self, *args, dry_run=False, **options):
        cities = selectors.cities()
        if dry_run:
            self.stdout.write(
                f"would rebuild {len(cities)} cities: {', '.join(c.name for c in cities)}"
            )
            return
        figures = sum(services.computed_values_refresh(region=city) for city in cities)
        rows = sum(services.indicator_values_refresh(region=city) for city in cities)
        self.stdout.write(
            f"rebuilt {figures} registry figures and {rows} computed values "
            f"for {len(cities)} cities"
        )
