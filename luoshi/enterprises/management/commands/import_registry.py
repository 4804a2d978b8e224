"""luoshi import-registry KIND FILE [--dry-run]: import a published list from the command line,
as the import page does (preview, then an all-or-nothing commit), printing one line. Besides
the registry's own lists, the kinds other apps register (luoshi.enterprises.importers:
patents, platforms)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from luoshi.core.errors import LuoshiError
from luoshi.enterprises import importers, services
from luoshi.enterprises.models import RegistryImport


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a high-tech recognition list, a tech-SME list, an enterprise list or another "
        "registered list such as patents or platforms (.xlsx/.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*RegistryImport.Kind.values, *importers.kinds()])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="preview only; change nothing")
        parser.add_argument(
            "--issued-on", default="", help="issue date for lists without one (YYYY-MM-DD)"
        )
        parser.add_argument("--batch", default="", help="recognition batch, e.g. 2023-1")
        parser.add_argument(
            "--year", type=int, default=None, help="year for tech-SME lists without one"
        )
        parser.add_argument(
            "--complete",
            action="store_true",
            help="the file is the whole list: withdraw the missing",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        other = importers.get(opts["kind"])
        if other is not None:
            return self._other(other, path, dry_run=opts["dry_run"])
        options = {
            "issued_on": opts["issued_on"],
            "batch": opts["batch"],
            "year": opts["year"],
            "complete": opts["complete"],
        }
        try:
            with transaction.atomic():
                batch = services.registry_import_preview(
                    actor=None,
                    kind=opts["kind"],
                    file_name=path.name,
                    data=path.read_bytes(),
                    options=options,
                )
                s = batch.summary
                line = (
                    f"{s['rows']} rows: {s['new']} new, {s['matched']} matched, {s['changed']} changed, "
                    f"{s['withdrawn']} withdrawn, {s['ask']} to confirm, {s['errors']} errors"
                )
                if opts["dry_run"] or s["errors"] or s["ask"]:
                    for row in batch.plan["rows"]:
                        for message in row["errors"]:
                            self.stderr.write(f"row {row['line']}: {message}")
                        if row["status"] == "ask":
                            names = ", ".join(x["name"] for x in row["suggestions"])
                            self.stderr.write(
                                f"row {row['line']}: {row['name']} — confirm on the import page ({names})"
                            )
                    raise _DryRun(line)
                result = services.registry_import_commit(actor=None, batch=batch)
        except _DryRun as stop:
            self.stdout.write(
                f"{stop}; nothing imported" if not opts["dry_run"] else f"dry run: {stop}"
            )
            if not opts["dry_run"]:
                raise CommandError("the list was not imported") from None
            return
        except LuoshiError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{line}; imported: {result['firms_created']} firms created, "
            f"{result['qualifications_added']} qualifications added, "
            f"{result['qualifications_changed']} changed, {result['qualifications_withdrawn']} withdrawn"
        )

    def _other(self, importer, path: Path, *, dry_run: bool) -> None:
        """A list another app registered: the same preview, line and all-or-nothing commit."""
        try:
            with transaction.atomic():
                batch = importer.preview(actor=None, file_name=path.name, data=path.read_bytes())
                s = batch.summary
                line = (
                    f"{s['rows']} rows: {s['new']} new, {s['matched']} matched, "
                    f"{s['changed']} changed, {s['withdrawn']} withdrawn, {s['errors']} errors"
                )
                if dry_run or s["errors"]:
                    for row in batch.plan["rows"]:
                        for message in row["errors"]:
                            self.stderr.write(f"row {row['line']}: {message}")
                    raise _DryRun(line)
                result = importer.commit(actor=None, batch=batch)
        except _DryRun as stop:
            self.stdout.write(f"dry run: {stop}" if dry_run else f"{stop}; nothing imported")
            if not dry_run:
                raise CommandError("the list was not imported") from None
            return
        except LuoshiError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{line}; imported: {importer.describe(result)}")
