"""The expert and laboratory databases as figures for the plan (task 7), registered in
luoshi.indicators.computations: experts and testing laboratories in the databases at the
year's end, per county or park and the city. A row counts in its region (a city-level expert
only in the city); one outside the city (Tongnan) has no region and counts in no figure of
ours, though it stays in the shared database."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.experts import permissions
from luoshi.experts.models import Expert, Lab
from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.organisations import places

EXPERTS = "experts_in_database"
LABS = "testing_labs_in_database"


def _in_database(model, region_ids, years) -> dict[tuple[int, int], Figure]:
    """One query: each row counts in every year from the year it was entered (taken in the
    local time zone here, as the other sharing figures do)."""
    rows = list(
        model.objects.filter(region__isnull=False).values_list("region_id", "created_at", "is_demo")
    )
    years = places.years_or_since(years, (created for _p, created, _d in rows))
    expanded = (
        (place, year, Decimal(1), demo)
        for place, created, demo in rows
        for year in years
        if year >= timezone.localtime(created).year
    )
    totals = places.tally(expanded, region_ids, years)
    return {key: Figure(value=value, is_demo=demo) for key, (value, demo) in totals.items()}


def experts_values(region_ids, years):
    return _in_database(Expert, region_ids, years)


def labs_values(region_ids, years):
    return _in_database(Lab, region_ids, years)


def _entered_by(model, region_id: int, year: int):
    return model.objects.filter(
        region_id__in=places.under(region_id), created_at__year__lte=year
    ).select_related("region")


def experts_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    qs = _entered_by(Expert, region_id, year).order_by("field_code", "name", "pk")
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.experts_visible_to(viewer).values("pk"))[:500])
    editable = permissions.can_manage(viewer)
    return Drilldown(
        columns=[_("Expert"), _("Discipline"), _("Employer"), _("County or park")],
        rows=[
            (e.name, f"{e.field_code} {e.field_name}", e.employer, e.region.name) for e in visible
        ],
        total=total,
        links=[reverse("experts:expert_edit", args=[e.pk]) if editable else None for e in visible],
    )


def labs_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    qs = _entered_by(Lab, region_id, year).order_by("name", "pk")
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.labs_visible_to(viewer).values("pk"))[:500])
    editable = permissions.can_manage(viewer)
    return Drilldown(
        columns=[_("Testing laboratory"), _("Accreditation"), _("County or park")],
        rows=[(lab.name, " ".join(lab.accreditations), lab.region.name) for lab in visible],
        total=total,
        links=[reverse("experts:lab_edit", args=[lab.pk]) if editable else None for lab in visible],
    )


def register_all() -> None:
    register(
        Computation(
            key=EXPERTS,
            label=gettext_lazy("Experts in the expert database"),
            unit="人",
            values=experts_values,
            rows=experts_rows,
            definition=gettext_lazy(
                "Experts entered in the expert database on or before 31 December, by the "
                "expert's county, park or city; experts outside the city are not counted."
            ),
        )
    )
    register(
        Computation(
            key=LABS,
            label=gettext_lazy("Testing laboratories in the shared database"),
            unit="家",
            values=labs_values,
            rows=labs_rows,
            definition=gettext_lazy(
                "Testing laboratories entered in the shared database on or before 31 December, "
                "by the laboratory's county, park or city; Tongnan's are in the database but "
                "not in Suining's figures."
            ),
        )
    )
