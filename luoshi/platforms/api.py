"""Platform API, mounted at /api/platforms/: read-only, the same selectors and permissions as
the pages (the office and leaders read their region's platforms; a county or park its own)."""

from typing import Annotated

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.platforms import permissions, selectors
from luoshi.platforms.schemas import PlatformDetailOut, PlatformOut

router = Router(tags=["platforms"])
Pagination = bounded_pagination()


def _platform(p, today) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "kind": p.kind,
        "level": p.level,
        "host_name": p.host_name,
        "host_id": p.host_id,
        "county": p.county.name if p.county else None,
        "park": p.park.name if p.park else None,
        "recognised_on": p.recognised_on,
        "active_today": selectors.active_now(p, today),
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
        return [_platform(p, self.today) for p in self.qs[key]]


@router.get("/platforms", response=list[PlatformOut])
@paginate(Pagination)
def list_platforms(
    request,
    q: Annotated[str, Field(max_length=100)] = "",
    place: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None,
    kind: Annotated[str, Field(max_length=20)] = "",
    level: Annotated[str, Field(max_length=12)] = "",
    active_in: Annotated[int, Field(ge=2000, le=2100)] | None = None,
):
    """Platforms the user reads, filtered by name or host, place, category, level and
    whether active on 31 December of `active_in`. Four queries a page: the viewer's places,
    the count, the platforms with their places, their evaluations."""
    if not permissions.can_view(request.user):
        raise DjangoPermissionDenied
    return _Mapped(
        selectors.platform_list(
            viewer=request.user,
            query=q,
            place_id=place,
            kind=kind,
            level=level,
            active_in=active_in,
        )
    )


@router.get("/platforms/{platform_id}", response=PlatformDetailOut)
def get_platform(request, platform_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    """One platform with its evaluations (404 alike for missing and out of reach)."""
    platform = permissions.get_platform_for_user(request.user, platform_id)
    data = selectors.platform_detail(viewer=request.user, platform=platform)
    return {
        **_platform(platform, timezone.localdate()),
        "active_today": data["active"],
        "evaluations": [
            {"evaluated_on": e.evaluated_on, "result": e.result, "removes": e.removes}
            for e in data["evaluations"]
        ],
    }
