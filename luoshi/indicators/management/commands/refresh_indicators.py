"""Rebuild the computed indicator table from accepted values (idempotent).

Run after changing which parks count in city sums, or after a bulk correction:

    luoshi refresh-indicators            # every city
    luoshi refresh-indicators --dry-run  # say what would be rebuilt
"""

from django.core.management.base import BaseCommand

from luoshi.indicators import selectors, services


class Command(BaseCommand):
    help = "Rebuild the computed indicator values of every city from accepted values."

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
        rows = sum(services.indicator_values_refresh(region=city) for city in cities)
        self.stdout.write(f"rebuilt {rows} computed values for {len(cities)} cities")
