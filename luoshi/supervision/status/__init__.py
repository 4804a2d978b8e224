"""The status read model: the one place where supervision lights are computed.

A light (red / yellow / green / grey, with its reason) belongs to one unit's report on one
task in one period; a task's light is derived from its units' (the lead unit answers for
it). Every page that shows a light — the unit's to-do, the report editor and view, the
consolidation page, the period overview, the task timeline and panel, the ledger, the
scorecard's inputs, the leaders' dashboard, the API — gets it from here:

    data = status.load(plan, periods)                  # a fixed number of queries
    status.light_for(data, period, task, unit_id, today)
    status.cells(data, period, today)                  # the whole period at once
    status.task_light([(role, light), ...])

and the views of many lights at once: `period_overview`, `lights_summary`,
`escalation_candidates`. Modules: `lights` (pure rules and reasons), `data` (loading),
`compute` (a light from loaded data), `overview` (matrices and summaries).
"""

from luoshi.supervision.status.compute import (
    Pace,
    cells,
    expected_progress,
    light_for,
    pace,
    task_deadline,
    task_light,
)
from luoshi.supervision.status.data import (
    PeriodData,
    cycle_of,
    default_period,
    load,
    periods_of,
)
from luoshi.supervision.status.lights import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    Light,
    Reason,
    Thresholds,
    count,
    progress_reason,
    worst,
)
from luoshi.supervision.status.overview import (
    RED_PERIODS_FOR_NOTICE,
    Cell,
    Overview,
    Row,
    assignment_sort,
    escalation_candidates,
    lights_summary,
    period_overview,
    reads_whole_plan,
    unit_sort,
)

__all__ = [
    "GREEN",
    "GREY",
    "RED",
    "RED_PERIODS_FOR_NOTICE",
    "YELLOW",
    "Cell",
    "Light",
    "Overview",
    "Pace",
    "PeriodData",
    "Reason",
    "Row",
    "Thresholds",
    "assignment_sort",
    "cells",
    "count",
    "cycle_of",
    "default_period",
    "escalation_candidates",
    "expected_progress",
    "light_for",
    "lights_summary",
    "load",
    "pace",
    "period_overview",
    "reads_whole_plan",
    "periods_of",
    "progress_reason",
    "task_deadline",
    "task_light",
    "unit_sort",
    "worst",
]
