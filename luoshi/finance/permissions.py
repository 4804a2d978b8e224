"""Who may do what in technology finance.

- The finance office (the coordinators of the units named in
  settings.LUOSHI_PROGRAMME_OFFICES["finance"], 市科技局 by default) and administrators set up
  products, caps and pools (the configuration pages), pay money into a pool, decide
  compensation claims and record recoveries; they read every loan and the figures.
- City leaders read every loan and the figures.
- A verified enterprise's people apply for loans and read their own.
- A verified bank's people decide, disburse and service the loans made to them, declare a
  default and claim on the pool.
- A verified guarantor's or insurer's people read the loans they back.
- Unit reporters and approvers have no part in it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.finance.models import Claim, Loan, Product, RiskPool
from luoshi.org import programme_offices
from luoshi.organisations.models import Organisation
from luoshi.organisations.selectors import organisation_of

VIEW = "view_finance"
MANAGE = "manage_finance"
FIGURES = "finance_figures"
APPLY = "apply_loan"
LEND = "lend"

CAPABILITIES = {
    Role.ADMIN: {VIEW, MANAGE, FIGURES},
    Role.COORDINATOR: {VIEW, MANAGE, FIGURES},
    Role.LEADER: {VIEW, FIGURES},
    Role.ORG_ADMIN: {VIEW, APPLY, LEND},
    Role.ORG_MEMBER: {VIEW, APPLY, LEND},
}
LENDERS = (Organisation.Kind.BANK,)
BACKERS = (Organisation.Kind.GUARANTOR, Organisation.Kind.INSURER)


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def is_office(user) -> bool:
    return _has(user, MANAGE) and programme_offices.in_office(user, "finance")


def can_read_all(user) -> bool:
    """The office, and the leaders of the office's city (not another city's)."""
    return is_office(user) or programme_offices.serves_city_of(user, "finance", (Role.LEADER,))


def _city_office_or_leader(user) -> bool:
    """A coordinator or leader of the programme's city (another office of the city opens the
    programme's pages from the shared tab bar and sees only what its role allows)."""
    return programme_offices.serves_city_of(user, "finance", (Role.COORDINATOR, Role.LEADER))


def can_view_home(user) -> bool:
    return (
        can_read_all(user)
        or _city_office_or_leader(user)
        or role_of(user) in (Role.ORG_ADMIN, Role.ORG_MEMBER)
    )


def verified_org(user, kinds=None) -> Organisation | None:
    """The person's organisation when verified (and of one of `kinds`), else None."""
    if role_of(user) not in (Role.ORG_ADMIN, Role.ORG_MEMBER):
        return None
    organisation = organisation_of(user)
    if organisation is None or not organisation.is_verified:
        return None
    if kinds is not None and organisation.kind not in kinds:
        return None
    return organisation


def can_apply(user) -> bool:
    return _has(user, APPLY) and verified_org(user, (Organisation.Kind.ENTERPRISE,)) is not None


def is_lender_of(user, loan: Loan) -> bool:
    org = verified_org(user, LENDERS)
    return _has(user, LEND) and org is not None and loan.bank_id == org.pk


def can_configure(user) -> bool:
    """Loan products with their caps by year, and risk pools with their shares."""
    return is_office(user)


def can_decide_claim(user) -> bool:
    return is_office(user)


def can_view_figures(user) -> bool:
    return _has(user, FIGURES) and can_read_all(user)


def loans_visible_to(user) -> QuerySet[Loan]:
    if not _has(user, VIEW):
        return Loan.objects.none()
    if can_read_all(user):
        return Loan.objects.all()
    org = verified_org(user)
    if org is None:
        return Loan.objects.none()
    return Loan.objects.filter(Q(borrower=org) | Q(bank=org) | Q(guarantor=org))


def get_loan_for_user(user, pk) -> Loan:
    try:
        return (
            loans_visible_to(user)
            .select_related("product", "product__pool", "borrower", "bank", "guarantor")
            .get(pk=pk)
        )
    except (Loan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_pool_for_user(user, pk) -> RiskPool:
    if not can_read_all(user):
        raise NotFound()
    try:
        return RiskPool.objects.get(pk=pk)
    except (RiskPool.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_claim_for_user(user, pk) -> Claim:
    try:
        claim = Claim.objects.select_related("loan", "pool").get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not loans_visible_to(user).filter(pk=claim.loan_id).exists():
        raise NotFound()
    return claim


def get_product_to_configure(user, pk) -> Product:
    if not can_configure(user):
        raise NotFound()
    try:
        return Product.objects.prefetch_related("caps").get(pk=pk)
    except (Product.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_pool_to_configure(user, pk) -> RiskPool:
    if not can_configure(user):
        raise NotFound()
    return get_pool_for_user(user, pk)
