"""API shapes of indicators, values and monitored targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    formula: str
    unit: str
    decimals: int
    direction: str
    elements: list[str]


class ValueOut(Schema):
    id: int
    element: str
    region_id: int
    region: str
    year: int
    quarter: int
    value: Decimal
    status: str
    state: str
    source: str
    note: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_element(obj) -> str:
        return obj.element.code

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.name


class ComputedOut(Schema):
    indicator: str
    region_id: int
    region: str
    year: int
    value: float | None = None
    reason: str
    missing: list[str]
    rolled_up: bool
    complete: bool
    provisional: bool
    is_demo: bool
    as_of: dt.datetime | None = None

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.name

    @staticmethod
    def resolve_missing(obj) -> list[str]:
        return [m for m in obj.missing.split(",") if m]


class ProjectionOut(Schema):
    method: str
    reason: str
    value: float | None = None
    linear: float | None = None
    compound: float | None = None
    disagree: bool


class StepOut(Schema):
    title: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None


class TargetStatusOut(Schema):
    id: int
    name: str
    kind: str
    indicator: str | None = None
    comparator: str
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    pct_achieved: float | None = None
    gap: float | None = None
    growth_needed_pct: float | None = None
    expected_straight: float | None = None
    expected_growth: float | None = None
    projection: ProjectionOut | None = None
    status: str
    status_label: str
    reason: str
    steps: list[StepOut]


class DrilldownOut(Schema):
    """The rows behind a computed figure, as the drill-down page shows them."""

    element: str
    region_id: int
    region: str
    year: int
    figure: float
    is_demo: bool
    columns: list[str]
    rows: list[list[str | float | int | None]]
    total: int
    hidden: int
