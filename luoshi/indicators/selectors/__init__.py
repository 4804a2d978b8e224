"""Reads for indicator pages and the API. Each takes the viewer and loads what the page
needs in a fixed number of queries, whatever the number of places, years or indicators."""

from luoshi.indicators.selectors.common import (
    LIGHTS,
    default_plan,
    default_region,
    places_of,
    plan_picker,
    status_label,
)
from luoshi.indicators.selectors.dashboard import (
    GoalView,
    dashboard,
    goal_detail,
    goal_views,
    indicator_table,
    supervision_summary,
    targets_with_status,
)
from luoshi.indicators.selectors.entry import (
    EntryCell,
    EntryRow,
    approval_queue,
    entry_grid,
    entry_home,
    value_history,
    values_by_ids,
)
from luoshi.indicators.selectors.reference import (
    cities,
    computed_list,
    definition,
    definitions,
    indicators_list,
    plan_to_link,
    step_of,
    units_for,
    values_list,
)

__all__ = [
    "LIGHTS",
    "EntryCell",
    "EntryRow",
    "GoalView",
    "approval_queue",
    "cities",
    "computed_list",
    "dashboard",
    "default_plan",
    "plan_picker",
    "default_region",
    "definition",
    "definitions",
    "entry_grid",
    "entry_home",
    "goal_detail",
    "goal_views",
    "indicator_table",
    "indicators_list",
    "places_of",
    "plan_to_link",
    "status_label",
    "step_of",
    "supervision_summary",
    "targets_with_status",
    "units_for",
    "value_history",
    "values_by_ids",
    "values_list",
]
