"""Reads for the talent card pages: a person's applications, cards and requests, and the
statistics by category, county and employer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, F, Q, QuerySet

from luoshi.org import programme_offices
from luoshi.org.models import Unit
from luoshi.talent import permissions
from luoshi.talent.models import Application, Card, Category, ServiceKind, ServiceRequest


def applications(*, viewer, state: str = "") -> QuerySet[Application]:
    rows = permissions.applications_visible_to(viewer).select_related("category", "employer")
    if state in Application.State.values:
        rows = rows.filter(state=state)
    return rows


def cards(*, viewer) -> QuerySet[Card]:
    return permissions.cards_visible_to(viewer).select_related("category", "employer")


def requests(*, viewer, open_only: bool = False) -> QuerySet[ServiceRequest]:
    rows = permissions.requests_visible_to(viewer).select_related(
        "card", "card__employer", "kind", "unit"
    )
    return rows.filter(state=ServiceRequest.State.OPEN) if open_only else rows


def categories(*, active_only: bool = True) -> QuerySet[Category]:
    rows = Category.objects.all()
    return rows.filter(active=True) if active_only else rows


def responsible_units() -> QuerySet[Unit]:
    """The units a service can be routed to: the active units of the cities where the talent
    office sits."""
    offices = Unit.objects.filter(code__in=programme_offices.codes("talent"))
    return Unit.objects.filter(active=True, region_id__in=offices.values("region_id")).order_by(
        "name"
    )


def service_kinds() -> QuerySet[ServiceKind]:
    return ServiceKind.objects.select_related("unit")


def statistics(*, viewer, today: dt.date) -> dict:
    """Cards valid today by category, county (the employer's) and employer, and the service
    requests: answered in time, late, open and overdue, the average rating. Four queries."""
    if not permissions.can_view_statistics(viewer):
        return {}
    valid = Card.objects.filter(state=Card.State.ACTIVE, valid_until__gte=today)
    by = {
        "category": list(
            valid.values(key=F("category__name")).annotate(n=Count("pk")).order_by("key")
        ),
        "county": list(
            valid.values(key=F("employer__region__name")).annotate(n=Count("pk")).order_by("key")
        ),
        "employer": list(
            valid.values(key=F("employer__name")).annotate(n=Count("pk")).order_by("-n", "key")
        ),
    }
    answered = Q(state=ServiceRequest.State.ANSWERED)
    service = (
        ServiceRequest.objects.values(key=F("unit__short_name"))
        .annotate(
            total=Count("pk"),
            in_time=Count("pk", filter=answered & Q(answered_on__lte=F("due_on"))),
            late=Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
            open=Count("pk", filter=Q(state=ServiceRequest.State.OPEN)),
            overdue=Count("pk", filter=Q(state=ServiceRequest.State.OPEN, due_on__lt=today)),
            rating=Avg("rating"),
        )
        .order_by("key")
    )
    return {**by, "service": list(service)}
