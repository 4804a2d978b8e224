"""Talent card API, mounted at /api/talent/: the same permissions and selectors as the
pages — an employer reads its own applications and cards, the talent office and the city's
leaders all of them and the statistics."""

from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from luoshi.core.errors import PermissionDenied
from luoshi.core.params import Mapped, bounded_pagination
from luoshi.talent import permissions, selectors
from luoshi.talent.schemas import CardOut, StatisticsOut, TalentApplicationOut

router = Router(tags=["talent"])
Pagination = bounded_pagination()


def _card(card) -> dict:
    return {
        "id": card.pk,
        "number": card.number,
        "holder_name": card.holder_name,
        "category": card.category.name,
        "employer": card.employer.name,
        "issued_on": card.issued_on,
        "valid_until": card.valid_until,
        "state": card.state,
        "is_demo": card.is_demo,
    }


def _application(app) -> dict:
    return {
        "id": app.pk,
        "person_name": app.person_name,
        "category": app.category.name,
        "employer": app.employer.name,
        "state": app.state,
        "submitted_at": app.submitted_at,
        "is_demo": app.is_demo,
    }


@router.get("/cards", response=list[CardOut])
@paginate(Pagination)
def list_cards(request):
    """Cards the viewer reads (2 queries a page: count, cards with category and employer)."""
    return Mapped(selectors.cards(viewer=request.user), _card)


@router.get("/applications", response=list[TalentApplicationOut])
@paginate(Pagination)
def list_applications(request):
    """Card applications the viewer reads (2 queries a page)."""
    return Mapped(selectors.applications(viewer=request.user), _application)


@router.get("/statistics", response=StatisticsOut)
def statistics(request):
    """Cards valid today by category, county and employer; service requests by unit, in
    time, late, open and overdue (the office and the city's leaders; four queries)."""
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied()
    today = timezone.localdate()
    return {"on": today, **selectors.statistics(viewer=request.user, today=today)}
