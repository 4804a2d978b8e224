"""Expert and laboratory databases API, mounted at /api/experts/: the same visibility as the
pages. The office and leaders read the expert database; an expert's phone and e-mail only
the office, which keeps it (its edit page shows them). Everyone signed in with a role reads
the laboratory database."""

from typing import Annotated

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import bounded_pagination
from luoshi.experts import permissions, selectors
from luoshi.experts.schemas import ExpertOut, LabOut
from luoshi.organisations.api import Mapped

router = Router(tags=["experts"])
Pagination = bounded_pagination()


def _expert(contacts: bool):
    def to_dict(e) -> dict:
        return {
            "id": e.pk,
            "name": e.name,
            "field_code": e.field_code,
            "field_name": e.field_name,
            "title": e.title,
            "employer": e.employer,
            "organisation_id": e.organisation_id,
            "place": e.region.name if e.region_id else e.region_name,
            "in_city": e.region_id is not None,
            "expertise": e.expertise,
            "is_active": e.is_active,
            "is_demo": e.is_demo,
            "phone": e.phone if contacts else None,
            "email": e.email if contacts else None,
        }

    return to_dict


def _lab(lab) -> dict:
    return {
        "id": lab.pk,
        "name": lab.name,
        "organisation_id": lab.organisation_id,
        "accreditations": list(lab.accreditations),
        "scope": lab.scope,
        "equipment": lab.equipment,
        "place": lab.region.name if lab.region_id else lab.region_name,
        "in_city": lab.region_id is not None,
        "contact": lab.contact,
        "is_demo": lab.is_demo,
        "created_at": lab.created_at,
    }


@router.get("/", response=list[ExpertOut])
@paginate(Pagination)
def experts(
    request,
    q: Annotated[str, Field(max_length=50)] = "",
    field_code: Annotated[str, Field(max_length=16)] = "",
):
    """Search the expert database (Chinese keywords, a discipline code and those under it):
    2 queries a page."""
    if not permissions.can_view_experts(request.user):
        raise DjangoPermissionDenied
    rows = selectors.experts(viewer=request.user, q=q, field_code=field_code)
    return Mapped(rows, _expert(permissions.can_see_contacts(request.user)))


@router.get("/labs", response=list[LabOut])
@paginate(Pagination)
def labs(
    request,
    q: Annotated[str, Field(max_length=50)] = "",
    accreditation: Annotated[str, Field(max_length=10)] = "",
    place: Annotated[str, Field(max_length=30)] = "",
):
    """Search the laboratory database of Suining and Tongnan: 2 queries a page."""
    if not permissions.can_view_labs(request.user):
        raise DjangoPermissionDenied
    rows = selectors.labs(viewer=request.user, q=q, accreditation=accreditation, place=place)
    return Mapped(rows, _lab)
