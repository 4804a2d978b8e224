"""Patent API, mounted at /api/patents/: read-only, the same selectors and permissions as the
pages (the office and leaders read their region's patents; a county or park its own)."""

from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.patents import permissions, selectors
from luoshi.patents.schemas import PatentDetailOut, PatentOut

router = Router(tags=["patents"])
Pagination = bounded_pagination()


def _patent(p, today) -> dict:
    return {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "holder_name": p.holder_name,
        "holder_id": p.holder_id,
        "county": p.county.name if p.county else None,
        "park": p.park.name if p.park else None,
        "applied_on": p.applied_on,
        "granted_on": p.granted_on,
        "ipc": p.ipc,
        "status_today": selectors.status_now(p, today),
        "is_demo": p.is_demo,
    }


class _Mapped:
    """A queryset whose sliced page is turned into dicts (pagination slices first)."""

    def __init__(self, qs):
        self.qs = qs
        self.today = timezone.localdate()

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [_patent(p, self.today) for p in self.qs[key]]


@router.get("/patents", response=list[PatentOut])
@paginate(Pagination)
def list_patents(
    request,
    q: Annotated[str, Field(max_length=100)] = "",
    place: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None,
    standing: Literal["", "in_force", "high_value"] = "",
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
):
    """Patents the user reads, filtered by number, title or holder, place, and standing
    (in force or high-value on 31 December of `year`). Four queries a page: the viewer's
    places, the count, the patents with their places, their status changes."""
    if not permissions.can_view(request.user):
        raise DjangoPermissionDenied
    return _Mapped(
        selectors.patent_list(
            viewer=request.user, query=q, place_id=place, standing_filter=standing, year=year
        )
    )


@router.get("/patents/{patent_id}", response=PatentDetailOut)
def get_patent(request, patent_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    """One patent with its legal status changes and its standing at each year's end (404
    alike for missing and out of reach)."""
    patent = permissions.get_patent_for_user(request.user, patent_id)
    data = selectors.patent_detail(viewer=request.user, patent=patent)
    return {
        **_patent(patent, timezone.localdate()),
        "changes": [{"status": c.status, "changed_on": c.changed_on} for c in data["changes"]],
        "years": data["by_year"],
    }
