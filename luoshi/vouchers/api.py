"""Vouchers API, mounted at /api/vouchers/: the vouchers the pages show — a firm its own (and
a provider those it holds contracts under), the office and leaders every voucher."""

from typing import Annotated

from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.organisations.api import Mapped
from luoshi.vouchers import permissions, selectors
from luoshi.vouchers.schemas import VoucherDetailOut, VoucherOut

router = Router(tags=["vouchers"])
Pagination = bounded_pagination()


def _voucher(v) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "batch": v.batch.name,
        "year": v.batch.year,
        "cross_city": v.batch.cross_city,
        "organisation_id": v.organisation_id,
        "organisation": v.organisation.name,
        "amount": v.amount,
        "committed": v.committed,
        "redeemed": v.redeemed,
        "available": v.available,
        "issued_on": v.issued_on,
        "expires_on": v.expires_on,
        "state": v.state,
        "is_demo": v.is_demo,
    }


@router.get("/", response=list[VoucherOut])
@paginate(Pagination)
def vouchers(request):
    """2 queries a page (count, vouchers with batch and holder)."""
    return Mapped(selectors.vouchers(viewer=request.user), _voucher)


@router.get("/{voucher_id}", response=VoucherDetailOut)
def voucher(request, voucher_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    """A voucher with its contracts and their redemptions (404 alike for missing and out of
    reach)."""
    item = permissions.get_voucher_for_user(request.user, voucher_id)
    page = selectors.voucher_page(viewer=request.user, voucher=item)
    return {
        **_voucher(item),
        "contracts": [
            {
                "id": c.pk,
                "provider_id": c.provider_id,
                "provider": c.provider.name,
                "service_type": c.service_type,
                "title": c.title,
                "amount": c.amount,
                "signed_on": c.signed_on,
                "redemptions": [
                    {"id": r.pk, "amount": str(r.amount), "state": r.state}
                    for r in c.redemptions.all()
                ],
            }
            for c in page["contracts"]
        ],
    }
