import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from luoshi.core.errors import LuoshiError
from luoshi.org import services


class Command(BaseCommand):
    help = "Load or update the unit directory from a YAML or JSON fixture (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(Path(__file__).resolve().parents[2] / "fixtures" / "suining.yaml"),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text("utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            counts = services.directory_load(actor=None, data=data)
        except (OSError, ValueError, yaml.YAMLError, KeyError, LuoshiError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(
            f"{counts['units']} units, {counts['aliases']} aliases, {counts['regions']} places added from {path.name}"
        )
