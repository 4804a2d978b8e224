"""Reads of post-subsidy rounds; each page's lines in a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from luoshi.core.errors import NotFound
from luoshi.subsidies import permissions
from luoshi.subsidies.models import ExpenseImport, Line, Objection, Round


def round_list(*, viewer) -> list[Round]:
    """Rounds with the viewer's lines counted and summed (one query)."""
    visible = permissions.lines_visible_to(viewer).values("pk")
    return list(
        permissions.rounds_visible_to(viewer).annotate(
            n_lines=Count("lines", filter=Q(lines__in=visible), distinct=True),
            n_paid=Sum("lines__amount", filter=Q(lines__in=visible)),
        )
    )


def round_lines(*, viewer, round: Round, only_paid: bool = False):
    """The lines the viewer sees, with firm, place and objections (two queries)."""
    qs = (
        permissions.lines_visible_to(viewer)
        .filter(round=round)
        .select_related("enterprise", "enterprise__county", "enterprise__park")
        .prefetch_related(
            Prefetch("objections", queryset=Objection.objects.select_related("raised_by"))
        )
        .order_by("-amount", "enterprise__name", "pk")
    )
    if only_paid:
        qs = qs.filter(review=Line.Review.APPROVED, amount__gt=0)
    return qs


def round_totals(*, viewer, round: Round) -> dict:
    agg = (
        permissions.lines_visible_to(viewer)
        .filter(round=round)
        .aggregate(
            lines=Count("pk"),
            sum_spending=Sum("spending"),
            sum_capped=Sum("capped"),
            sum_amount=Sum("amount"),
            pending=Count("pk", filter=Q(review=Line.Review.PENDING)),
            paid_lines=Count("pk", filter=Q(review=Line.Review.APPROVED, amount__gt=0)),
        )
    )
    agg["open_objections"] = Objection.objects.filter(
        line__in=permissions.lines_visible_to(viewer).filter(round=round),
        state=Objection.State.OPEN,
    ).count()
    for key in ("sum_spending", "sum_capped", "sum_amount"):
        agg[key] = agg[key] or Decimal(0)
    return agg


def get_import_for_user(viewer, pk: int) -> ExpenseImport:
    if not permissions.can_manage(viewer):
        raise NotFound()
    found = ExpenseImport.objects.select_related("round").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def get_objection_for_user(viewer, pk: int) -> Objection:
    found = (
        Objection.objects.filter(line__in=permissions.lines_visible_to(viewer))
        .select_related("line", "line__round", "line__enterprise")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found
