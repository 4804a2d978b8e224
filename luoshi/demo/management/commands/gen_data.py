import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from luoshi.core.errors import ValidationFailed
from luoshi.demo.gen import generate
from luoshi.demo.gen.scales import SCALES


class Command(BaseCommand):
    help = (
        "Generate a deterministic data set for benchmarks into an empty database: city "
        "(Suining), province (21 cities, ~2 million unit reports) or nation (~300 cities). "
        "Rows are marked as demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=20000, help="rows per database write")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the date the history runs up to (default: today), YYYY-MM-DD",
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--cities", type=int, default=None, help="only the first N cities of the scale (trials)"
        )

    def handle(self, *args, scale, seed, batch, today, no_progress, cities, **options):
        try:
            summary = generate(
                scale=scale,
                seed=seed,
                batch=batch,
                today=today,
                progress=not no_progress,
                cities=cities,
            )
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
