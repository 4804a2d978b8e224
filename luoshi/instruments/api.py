"""Instruments API, mounted at /api/instruments/: the catalogue search everyone signed in
reads (as the catalogue page), one instrument, and the bookings the bookings page shows (an
organisation's own as booker or as owner; the office and leaders every booking)."""

from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.instruments import permissions, selectors
from luoshi.instruments.schemas import BookingOut, InstrumentOut
from luoshi.organisations.api import Mapped

router = Router(tags=["instruments"])
Pagination = bounded_pagination()
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _instrument(i) -> dict:
    return {
        "id": i.pk,
        "name": i.name,
        "model_number": i.model_number,
        "category": i.category,
        "original_value": i.original_value,
        "owner_id": i.owner_id,
        "owner": i.owner.name,
        "place": i.region.name if i.region_id else None,
        "location": i.location,
        "capabilities": i.capabilities,
        "open_hours": i.open_hours,
        "contact_name": i.contact_name,
        "contact_phone": i.contact_phone,
        "is_open": i.is_open,
        "is_demo": i.is_demo,
        "fees": [{"kind": f.kind, "price": f.price, "note": f.note} for f in i.fees.all()],
    }


def _booking(b) -> dict:
    return {
        "id": b.pk,
        "instrument_id": b.instrument_id,
        "instrument": b.instrument.name,
        "organisation_id": b.organisation_id,
        "organisation": b.organisation.name,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "state": b.state,
        "purpose": b.purpose,
        "samples": b.samples,
        "hours_used": b.hours_used,
        "samples_used": b.samples_used,
        "fee_charged": b.fee_charged,
        "note": b.note,
        "is_demo": b.is_demo,
    }


@router.get("/", response=list[InstrumentOut])
@paginate(Pagination)
def catalogue(
    request,
    q: Annotated[str, Field(max_length=50)] = "",
    category: Annotated[str, Field(max_length=20)] = "",
    place: Id | None = None,
    fee_kind: Annotated[str, Field(max_length=20)] = "",
    max_price: Annotated[Decimal, Field(ge=0, le=10**10, decimal_places=2)] | None = None,
):
    """Search the catalogue (Chinese keywords by word segmentation, category, county or park,
    fee type and price): 3 queries a page (count, instruments with owner and place, fees)."""
    if not permissions.can_view_catalogue(request.user):
        raise DjangoPermissionDenied
    rows = selectors.catalogue(
        viewer=request.user,
        q=q,
        category=category,
        region_id=place,
        fee_kind=fee_kind,
        max_price=max_price,
    )
    return Mapped(rows, _instrument)


@router.get("/bookings", response=list[BookingOut])
@paginate(Pagination)
def bookings(request, side: Literal["booker", "owner"] = "booker"):
    """The organisation's bookings as booker (side=booker) or of its instruments (side=owner);
    the office and leaders read every booking. 2 queries a page."""
    rows = selectors.bookings_for(viewer=request.user, as_owner=side == "owner")
    return Mapped(rows, _booking)


@router.get("/{instrument_id}", response=InstrumentOut)
def instrument(request, instrument_id: Id):
    return _instrument(permissions.get_instrument_for_user(request.user, instrument_id))
