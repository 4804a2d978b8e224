"""Run one reader on one file in this process and print what it cost, as JSON:
`python -m tests.security.measure READER PATH`. The corpus tests start it as a child process
(with a memory cap), so one reader's peak memory is measured alone.

Readers: `milestones` (the milestone import's reader), `template` (the indicator template's
reader), `xlsx` (luoshi.core.spreadsheets.read_xlsx_rows), `plan` (the plan import's reader:
luoshi.plans.documents.read, i.e. the planparse readers and parser)."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(reader: str, path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.config.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.core.errors import LuoshiError
    from luoshi.indicators import excel
    from luoshi.plans import documents
    from luoshi.supervision.services.milestones import milestone_rows

    data = Path(path).read_bytes()
    name = Path(path).name

    def run():
        if reader == "milestones":
            return len(milestone_rows(SimpleUploadedFile(name, data)))
        if reader == "template":
            entries, problems = excel.read_template(
                SimpleUploadedFile(name, data), elements=[], places=[], year=2025
            )
            if problems and problems[0].row is None:
                raise LuoshiError(problems[0].message)
            return len(entries)
        if reader == "xlsx":
            from luoshi.core import spreadsheets

            return sum(1 for _ in spreadsheets.read_xlsx_rows(data))
        if reader == "plan":
            return len(documents.read(data, name).get("tasks") or [])
        raise SystemExit(f"unknown reader {reader}")

    baseline = _rss_mb()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    try:
        outcome = f"read {run()} rows/tasks"
        refused = False
    except LuoshiError as exc:
        outcome, refused = f"refused: {exc}", True
    except MemoryError:
        outcome, refused = "MemoryError", False
    except ValueError as exc:  # luoshi.core.spreadsheets.SpreadsheetTooLarge among others
        outcome, refused = f"refused: {exc}", True
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    return {
        "reader": reader,
        "file": name,
        "bytes": len(data),
        "outcome": outcome,
        "refused": refused,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_mb": round(_rss_mb(), 1),
        "extra_mb": round(_rss_mb() - baseline, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False))
