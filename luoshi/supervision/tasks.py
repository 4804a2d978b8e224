"""Background tasks (Django's task framework, see luoshi.core.background) for supervision
work too large for a request: the ledger export and large milestone imports."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from luoshi.core import background
from luoshi.core.errors import ValidationFailed
from luoshi.supervision import exports, services
from luoshi.supervision.selectors import assessment
from luoshi.supervision.selectors.plans import get_plan_for_office, pick_plan
from luoshi.supervision.services.milestones import ImportRow


@background.task()
def ledger_export(*, token: str, plan_id: int, year: int | None) -> None:
    with background.running(token) as run:
        viewer = run.actor
        plan = pick_plan(viewer=viewer, plan_id=plan_id)
        scorecard = assessment.scorecard(viewer=viewer, plan=plan, year=year)
        total = scorecard["totals"].counts.expected
        rows = run.track(assessment.ledger_rows(viewer=viewer, plan=plan, year=year), total)
        run.save_file(exports.ledger_xlsx(rows, scorecard), XLSX, exports.ledger_filename(year))


@background.task()
def milestone_import(*, token: str, plan_id: int) -> None:
    """Rows read by the page (`services.milestone_rows`) and stored as rows.json."""
    with background.running(token) as run:
        actor = run.actor
        plan = get_plan_for_office(viewer=actor, plan_id=plan_id)
        rows = [ImportRow(**row) for row in json.loads(run.input(MILESTONE_ROWS))]
        try:
            created = services.milestone_import(
                actor=actor, plan=plan, rows=run.track(rows, len(rows))
            )
        except ValidationFailed as exc:
            run.finish(str(exc), exc.errors.get("rows", []), ok=False)
        else:
            run.finish(_("%(n)s milestones imported.") % {"n": len(created)})


MILESTONE_ROWS = "rows.json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def milestone_rows_json(rows: list[ImportRow]) -> bytes:
    """The rows a page read, for the task: dates as ISO text, which the import parses."""
    return json.dumps([row.as_json() for row in rows], ensure_ascii=False).encode()
