"""Writes to indicators: definitions, values and their approval, the computed table, goals.

Every service checks permission, then state, writes, audits, in one transaction.
`actor=None` is the system itself (demo loader, commands).
"""

from luoshi.indicators.inputs import RowError, ValueInput, YearlyTargetInput, decimal_or_none
from luoshi.indicators.services.approval import value_unlock, values_accept, values_approve
from luoshi.indicators.services.breakdown import (
    yearly_targets_import,
    yearly_targets_save,
)
from luoshi.indicators.services.computed import (
    computed_values_refresh,
    element_source_choose,
    indicator_values_refresh,
    refresh_for,
)
from luoshi.indicators.services.definitions import element_save, indicator_save, parse_formula
from luoshi.indicators.services.goals import (
    evidence_add,
    goal_update,
    goals_link_plan,
    milestone_step_save,
)
from luoshi.indicators.services.taskfigures import task_figures_set
from luoshi.indicators.services.values import (
    RowsInvalid,
    SaveResult,
    entry_places,
    values_import,
    values_save,
    values_upload,
)

__all__ = [
    "RowError",
    "RowsInvalid",
    "SaveResult",
    "ValueInput",
    "computed_values_refresh",
    "decimal_or_none",
    "element_source_choose",
    "element_save",
    "entry_places",
    "evidence_add",
    "goal_update",
    "goals_link_plan",
    "indicator_save",
    "indicator_values_refresh",
    "milestone_step_save",
    "parse_formula",
    "refresh_for",
    "task_figures_set",
    "value_unlock",
    "values_accept",
    "values_approve",
    "values_import",
    "values_save",
    "values_upload",
    "YearlyTargetInput",
    "yearly_targets_import",
    "yearly_targets_save",
]
