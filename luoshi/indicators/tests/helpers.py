"""Helpers for indicator tests: build a cell, push values through the workflow."""

from __future__ import annotations

from decimal import Decimal

from luoshi.indicators import services
from luoshi.indicators.models import DataValue


def entry(element, region, year, value, **kw) -> services.ValueInput:
    return services.ValueInput(
        element=element,
        region=region,
        year=year,
        value=None if value is None else Decimal(str(value)),
        **kw,
    )


def publish(unit, entries, *, approver=None, office=None) -> list[DataValue]:
    """Enter, approve and accept values through the services (the system acts when no user is given)."""
    services.values_save(actor=None, unit=unit, entries=entries)
    values = list(
        DataValue.objects.filter(
            element__in={e.element for e in entries},
            region__in={e.region for e in entries},
            year__in={e.year for e in entries},
            state=DataValue.State.DRAFT,
        )
    )
    services.values_approve(actor=approver, values=values)
    values = [DataValue.objects.get(pk=v.pk) for v in values]
    services.values_accept(actor=office, values=values)
    return [DataValue.objects.get(pk=v.pk) for v in values]
