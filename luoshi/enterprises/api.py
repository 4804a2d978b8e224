"""Registry API, mounted at /api/enterprises/: the same selectors and permissions as the
pages (the office and leaders read their region's firms; a county or park its own)."""

from typing import Annotated

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.enterprises import permissions, selectors
from luoshi.enterprises.schemas import FirmDetailOut, FirmOut

router = Router(tags=["enterprises"])
Pagination = bounded_pagination()
PlaceId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _firm(firm) -> dict:
    return {
        "id": firm.pk,
        "credit_code": firm.credit_code,
        "name": firm.name,
        "county": firm.county.name if firm.county else None,
        "park": firm.park.name if firm.park else None,
        "industry_code": firm.industry_code,
        "is_demo": firm.is_demo,
        "holds": sorted({q.kind for q in getattr(firm, "holding", [])}),
    }


@router.get("/firms", response=list[FirmOut])
@paginate(Pagination)
def list_firms(
    request,
    q: Annotated[str, Field(max_length=100)] = "",
    place: PlaceId | None = None,
    kind: Annotated[str, Field(max_length=20)] = "",
):
    """Firms the user reads, filtered by name or code, place and a qualification held today
    (3 queries a page: count, firms with places, qualifications)."""
    if not permissions.can_view_registry(request.user):
        raise DjangoPermissionDenied
    qs = selectors.enterprise_list(
        viewer=request.user, query=q, place_id=place, kind=kind, on=timezone.localdate()
    )
    return _Mapped(qs)


class _Mapped:
    """A queryset whose sliced page is turned into dicts (pagination slices first)."""

    def __init__(self, qs):
        self.qs = qs

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [_firm(f) for f in self.qs[key]]


@router.get("/firms/{firm_id}", response=FirmDetailOut)
def get_firm(request, firm_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    """One firm with its former names and every qualification (404 alike for missing and
    out of reach)."""
    firm = permissions.get_enterprise_for_user(request.user, firm_id)
    data = selectors.enterprise_detail(viewer=request.user, enterprise=firm)
    today = timezone.localdate()
    quals = data["qualifications"]
    return {
        **_firm(firm),
        "holds": sorted({q.kind for q in quals if q.holds_on(today)}),
        "address": firm.address,
        "former_names": [n.name for n in data["names"]],
        "qualifications": [
            {
                "kind": q.kind,
                "number": q.number,
                "year": q.year,
                "issued_on": q.issued_on,
                "valid_until": q.valid_until,
                "batch": q.batch,
                "revoked_on": q.revoked_on,
            }
            for q in quals
        ],
    }
