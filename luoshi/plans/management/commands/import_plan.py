"""luoshi import-plan FILE: preview a plan document and import it into a unit directory.

Exit 0 when imported (or unchanged, or a clean --dry-run); exit 2 with one line on
stderr for an unreadable file, an unknown region or unit, or unit names the directory
does not know (map them with --map NAME=UNIT, which saves NAME as an alias of UNIT).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from luoshi.core.errors import LuoshiError
from luoshi.org.models import Region
from luoshi.org.resolver import Directory
from luoshi.org.selectors import default_region
from luoshi.plans import selectors, services


class Command(BaseCommand):
    help = "Preview and import a plan document (.txt, .docx, .pdf) into a unit directory."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The plan document.")
        parser.add_argument(
            "--region",
            default="",
            help="Directory to resolve unit names in (default: the first city).",
        )
        parser.add_argument(
            "--coordinating-unit",
            default="",
            help="Name of the coordinating office (default 市科技局).",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=UNIT",
            help="Map an unknown unit name to a unit of the directory (saved as an alias). Repeatable.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the preview, change nothing."
        )

    def fail(self, message: str):
        self.stderr.write(message.replace("\n", " "))
        sys.exit(2)

    def handle(self, *args, file, region, coordinating_unit, map, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            self.fail(f"import-plan: no such file: {file}")
        place = self._region(region)
        directory = Directory(place)
        mappings = {}
        for item in map:
            name, sep, target = item.partition("=")
            hit = directory.get(target.strip()) if sep else None
            if hit is None:
                self.fail(
                    f"import-plan: --map {item}: “{target.strip() or '?'}” is not a unit of {place.name}"
                )
            mappings[name.strip()] = hit.unit
        office = None
        if coordinating_unit:
            hit = directory.get(coordinating_unit)
            if hit is None or hit.is_group:
                self.fail(
                    f"import-plan: coordinating unit “{coordinating_unit}” is not a unit of {place.name}"
                )
            office = hit.unit
        data = path.read_bytes()
        try:
            preview = services.plan_import_preview(
                actor=None, data=data, filename=path.name, region=place
            )
        except LuoshiError as exc:
            self.fail(f"import-plan: {path.name}: {exc}")
        if office is not None:
            preview.coordinating_unit = office
        for line in preview.summary_lines():
            self.stdout.write(line)
        unknown = [name for name in preview.unknown if name not in mappings]
        if unknown:
            self.fail(
                f"import-plan: unknown unit names: {'、'.join(unknown)} (map each with --map NAME=UNIT)"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing imported.")
            return
        try:
            result = services.plan_import(
                actor=None,
                data=data,
                filename=path.name,
                region=place,
                mappings=mappings,
                plan=preview.plan,
                coordinating_unit=office,
                parsed=preview.parsed,
            )
        except LuoshiError as exc:
            self.fail(f"import-plan: {exc}")
        if result.changed:
            self.stdout.write(
                f"Imported plan #{result.plan.pk} “{result.plan.title}”, revision {result.revision.number}."
            )
        else:
            self.stdout.write(f"Plan #{result.plan.pk} already has this document: nothing changed.")

    def _region(self, name: str) -> Region:
        if not name:
            region = default_region()
            if region is None:
                self.fail(
                    "import-plan: no unit directory has been loaded (run `luoshi load-demo` or load one)"
                )
            return region
        regions = selectors.regions_named(name)
        if len(regions) != 1:
            self.fail(f"import-plan: no single place is named “{name}”")
        return regions[0]
