"""Projects API, mounted at /api/projects/: the same permissions and selectors as the pages.
The open calls and the published challenges are public (anyone, signed in or not, as a
published 申报指南 or 榜单 is); applications answer what the pages show the viewer; the
figures are for the office and the city's leaders."""

from ninja import Router
from ninja.pagination import paginate

from luoshi.core.errors import PermissionDenied
from luoshi.core.params import Mapped, bounded_pagination
from luoshi.projects import permissions, selectors
from luoshi.projects.schemas import ApplicationOut, CallFiguresOut, CallOut, ChallengeOut

router = Router(tags=["projects"])
Pagination = bounded_pagination()


def _call(call) -> dict:
    fields = (
        "id title year guide categories budget max_request org_kinds accepted_kinds "
        "attachment_kinds opens_on closes_on state is_demo"
    ).split()
    return {name: getattr(call, name) for name in fields}


def _challenge(challenge) -> dict:
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "publisher": challenge.publisher.name,
        "goal": challenge.goal,
        "indicators": {k: str(v) for k, v in challenge.indicators.items()},
        "budget": challenge.budget,
        "deadline": challenge.deadline,
        "org_kinds": challenge.org_kinds,
        "funding_rate": challenge.funding_rate,
        "funding_cap": challenge.funding_cap,
        "state": challenge.state,
        "is_demo": challenge.is_demo,
    }


def _application(app) -> dict:
    return {
        "id": app.pk,
        "call_id": app.call_id,
        "call": app.call.title,
        "organisation": app.organisation.name,
        "title": app.title,
        "category": app.category,
        "requested": app.requested,
        "matching": app.matching,
        "state": app.state,
        "score": app.score,
        "submitted_at": app.submitted_at,
        "attachments": [
            {"id": a.pk, "kind": a.kind, "name": a.name, "reused": a.reused}
            for a in app.attachments.all()
        ],
        "is_demo": app.is_demo,
    }


@router.get("/calls/open", response=list[CallOut], auth=None)
@paginate(Pagination)
def open_calls(request):
    """Calls taking applications now (public; 2 queries a page: count, calls)."""
    return Mapped(selectors.open_calls(), _call)


@router.get("/challenges/open", response=list[ChallengeOut], auth=None)
@paginate(Pagination)
def open_challenges(request):
    """Published 揭榜挂帅 challenges (public; 2 queries a page: count, challenges with their
    publishers)."""
    return Mapped(selectors.open_challenges(), _challenge)


@router.get("/applications", response=list[ApplicationOut])
@paginate(Pagination)
def list_applications(request):
    """The applications the viewer reads: the office and the city's leaders all, an
    organisation its own (3 queries a page: count, applications with call and organisation,
    attachments)."""
    rows = selectors.applications(viewer=request.user).prefetch_related("attachments")
    return Mapped(rows.order_by("-pk"), _application)


@router.get("/figures", response=list[CallFiguresOut])
def call_figures(request):
    """Per call: applications, what they asked, what was approved, contracts signed and
    paid (the office and the city's leaders; one query)."""
    if not permissions.can_read_all(request.user):
        raise PermissionDenied()
    return selectors.call_figures(viewer=request.user)
