"""The registry's figures for indicators, registered in luoshi.indicators.computations."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.org.models import Region

HIGH_TECH = "high_tech_valid"
TECH_SME = "tech_sme_registered"


def _figures(counts, demo_places) -> dict[tuple[int, int], Figure]:
    return {
        key: Figure(value=Decimal(n), is_demo=key[0] in demo_places) for key, n in counts.items()
    }


def high_tech_values(region_ids, years):
    from luoshi.enterprises.selectors import high_tech_counts

    return _figures(*high_tech_counts(region_ids, years))


def tech_sme_values(region_ids, years):
    from luoshi.enterprises.selectors import tech_sme_counts

    return _figures(*tech_sme_counts(region_ids, years))


def _columns(number_heading: str) -> list[str]:
    return [
        _("Unified social credit code"),
        pgettext("firm", "Name"),
        _("County/district"),
        _("Park"),
        number_heading,
        pgettext("certificate", "Issued"),
        _("Valid until"),
    ]


def _drill(qs, total, number_heading, offset=None, limit=None) -> Drilldown:
    """The firms' rows: all of them, or the window offset..offset+limit with the count of
    every visible one (a page of a long list reads only its own firms)."""
    visible = None
    if limit is not None:
        visible = qs.count()
        qs = qs[offset or 0 : (offset or 0) + limit]
    rows, links = [], []
    for firm in qs:
        held = firm.holding[0] if firm.holding else None
        rows.append(
            (
                firm.credit_code,
                firm.name,
                firm.county.name if firm.county else "",
                firm.park.name if firm.park else "",
                held.number if held else "",
                held.issued_on if held else None,
                held.valid_until if held and held.valid_until else None,
            )
        )
        links.append(reverse("enterprises:detail", args=[firm.pk]))
    return Drilldown(
        columns=_columns(number_heading), rows=rows, total=total, links=links, visible=visible
    )


def high_tech_rows(*, viewer, region_id: int, year: int, offset=None, limit=None) -> Drilldown:
    from luoshi.enterprises.selectors import high_tech_holders

    region = Region.objects.get(pk=region_id)
    qs, total = high_tech_holders(viewer=viewer, region=region, year=year)
    return _drill(qs, total, _("Certificate number"), offset, limit)


def tech_sme_rows(*, viewer, region_id: int, year: int, offset=None, limit=None) -> Drilldown:
    from luoshi.enterprises.selectors import tech_sme_holders

    region = Region.objects.get(pk=region_id)
    qs, total = tech_sme_holders(viewer=viewer, region=region, year=year)
    return _drill(qs, total, _("Registration number"), offset, limit)


def register_all() -> None:
    register(
        Computation(
            key=HIGH_TECH,
            label=gettext_lazy("High-tech enterprises with a certificate valid on 31 December"),
            unit="家",
            values=high_tech_values,
            rows=high_tech_rows,
            paged=True,
            definition=gettext_lazy(
                "Firms whose certificate was issued on or before 31 December and had not "
                "expired (issue date + 3 years) or been revoked by then; each firm once."
            ),
        )
    )
    register(
        Computation(
            key=TECH_SME,
            label=gettext_lazy("Tech-SMEs registered in the year"),
            unit="家",
            values=tech_sme_values,
            rows=tech_sme_rows,
            paged=True,
            definition=gettext_lazy(
                "Firms holding a registration number for the year; registrations do not "
                "carry over; withdrawn registrations are left out."
            ),
        )
    )
