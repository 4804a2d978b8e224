"""Technology finance API, mounted at /api/finance/: the same permissions and selectors as
the pages — a borrower, bank or guarantor reads its own loans, the office and the city's
leaders every loan, the pools and the figures."""

from typing import Annotated

from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.errors import PermissionDenied
from luoshi.core.params import Mapped, bounded_pagination
from luoshi.finance import permissions, selectors
from luoshi.finance.models import Loan
from luoshi.finance.schemas import FiguresOut, LoanOut, PoolOut

router = Router(tags=["finance"])
Pagination = bounded_pagination()
STATES = "^(|" + "|".join(Loan.State.values) + ")$"


def _loan(loan) -> dict:
    return {
        "id": loan.pk,
        "product": loan.product.name,
        "product_kind": loan.product.kind,
        "borrower": loan.borrower.name,
        "county": loan.borrower.region.name if loan.borrower.region_id else None,
        "bank": loan.bank.name,
        "guarantor": loan.guarantor.name if loan.guarantor_id else None,
        "year": loan.year,
        "amount": loan.amount,
        "approved_amount": loan.approved_amount,
        "term_months": loan.term_months,
        "state": loan.state,
        "disbursed_on": loan.disbursed_on,
        "due_on": loan.due_on,
        "repaid": loan.repaid,
        "outstanding": loan.outstanding,
        "loss": loan.loss,
        "is_demo": loan.is_demo,
    }


@router.get("/loans", response=list[LoanOut])
@paginate(Pagination)
def list_loans(request, state: Annotated[str, Field(pattern=STATES)] = ""):
    """Loans the viewer reads, optionally in one state (2 queries a page: count, loans with
    product, borrower and county, bank and guarantor)."""
    return Mapped(selectors.loans(viewer=request.user, state=state), _loan)


@router.get("/pools", response=list[PoolOut])
def list_pools(request):
    """Each pool with its balance and its money in and out (office and leaders; one query)."""
    if not permissions.can_read_all(request.user):
        raise PermissionDenied()
    return selectors.pool_figures(viewer=request.user)


@router.get("/figures", response=FiguresOut)
def figures(request, year: Annotated[int, Field(ge=2000, le=2100)] | None = None):
    """Loans lent, outstanding, defaults and compensation by bank, product, county and year
    (office and leaders; four queries)."""
    if not permissions.can_view_figures(request.user):
        raise PermissionDenied()
    data = selectors.figures(viewer=request.user, year=year)
    return {
        "year": year,
        "bank": data["bank"],
        "product": data["product"],
        "county": data["county"],
        "year_rows": data["year"],
    }
