"""Organisations API, mounted at /api/organisations/: the same permissions as the pages. The
office and leaders read every organisation's whole record, an organisation's people their
own; everyone signed in reads the public catalogue fields of verified organisations."""

from typing import Annotated

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.errors import NotFound
from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.organisations import permissions, selectors
from luoshi.organisations.schemas import OrganisationOut, OrganisationPublicOut

router = Router(tags=["organisations"])
Pagination = bounded_pagination()


def public(org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "place": org.region.name if org.region_id else None,
        "is_demo": org.is_demo,
    }


def full(org) -> dict:
    return {
        **public(org),
        "credit_code": org.credit_code,
        "state": org.state,
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "address": org.address,
        "registered": org.created_at,
        "decided_at": org.decided_at,
    }


class Mapped:
    """A queryset whose sliced page is turned into dicts (pagination slices first)."""

    def __init__(self, qs, to_dict):
        self.qs, self.to_dict = qs, to_dict

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [self.to_dict(row) for row in self.qs[key]]


@router.get("/", response=list[OrganisationPublicOut])
@paginate(Pagination)
def list_organisations(
    request,
    q: Annotated[str, Field(max_length=100)] = "",
    kind: Annotated[str, Field(max_length=20)] = "",
):
    """Verified organisations' public fields (name, kind, county or park), by name and kind
    (2 queries a page: count, organisations with places)."""
    if not permissions.can_view_public(request.user):
        raise DjangoPermissionDenied
    return Mapped(selectors.public_catalogue(viewer=request.user, q=q, kind=kind), public)


@router.get("/all", response=list[OrganisationOut])
@paginate(Pagination)
def list_records(
    request,
    q: Annotated[str, Field(max_length=100)] = "",
    state: Annotated[str, Field(max_length=20)] = "",
    kind: Annotated[str, Field(max_length=20)] = "",
):
    """Every organisation's whole record, as the office's list shows it (office, leaders)."""
    if not permissions.can_view_all(request.user):
        raise DjangoPermissionDenied
    return Mapped(selectors.queue(viewer=request.user, state=state, kind=kind, q=q), full)


@router.get("/mine", response=OrganisationOut)
def mine(request):
    """The signed-in person's own organisation, verified or not (404 for anyone else)."""
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise NotFound()
    return full(organisation)


@router.get("/{organisation_id}", response=OrganisationOut | OrganisationPublicOut)
def get_organisation(request, organisation_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    """The whole record where the pages show it (office, leaders, its own people), else the
    public fields of a verified organisation; 404 alike for missing and out of reach."""
    try:
        return full(permissions.get_organisation_for_user(request.user, organisation_id))
    except NotFound:
        pass
    organisation = (
        permissions.public_organisations(request.user)
        .select_related("region")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise NotFound()
    return public(organisation)
