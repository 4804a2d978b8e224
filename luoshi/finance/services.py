"""Technology finance writes: products and caps, pools and their money, loan applications
through the bank's decision, disbursement, repayment and default, and compensation claims.
Each service checks permission and state, writes, and records the audit event."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.finance import permissions, registry, rules
from luoshi.finance.models import (
    Claim,
    Loan,
    PoolEntry,
    Product,
    ProductCap,
    Recovery,
    RiskPool,
)
from luoshi.organisations.models import Organisation

MAX_AMOUNT = Decimal("100000000000")  # 1000亿: anything above is a typing error


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _office(actor) -> None:
    # actor None: a command or the demo loader acting as the system.
    if actor is not None:
        _require(permissions.is_office(actor), _("Only the technology finance office may do this."))


def money(value, field: str, *, allow_zero: bool = False) -> Decimal:
    """A yuan amount from user input: a finite number, positive, rounded once to the yuan."""
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationFailed(
            _("Enter an amount in yuan."), errors={field: [_("Enter a number.")]}
        )
    if abs(number) > MAX_AMOUNT:
        raise ValidationFailed(_("Enter an amount in yuan."), errors={field: [_("Out of range.")]})
    number = rules.to_yuan(number)
    if number < 0 or (number == 0 and not allow_zero) or number > MAX_AMOUNT:
        raise ValidationFailed(_("Enter an amount in yuan."), errors={field: [_("Out of range.")]})
    return number


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _move(actor, loan: Loan, state: str, verb: str, **fields) -> Loan:
    if not loan.can_become(state):
        raise ValidationFailed(
            _("The loan is %(state)s: this cannot be done now.")
            % {"state": loan.get_state_display()}
        )
    before = snapshot(loan)
    loan.state = state
    for key, value in fields.items():
        setattr(loan, key, value)
    loan.save()
    audit(actor=actor, action="update", obj=loan, before=before, after=snapshot(loan), verb=verb)
    return loan


# -- configuration -------------------------------------------------------------------------


def _share(value, field: str, errors: dict) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else 0).strip())
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if not number.is_finite():
        errors[field] = [_("Enter a percentage.")]
        return Decimal(0)
    return number


@transaction.atomic
def pool_save(
    *,
    actor,
    name: str,
    pool_share,
    bank_share,
    guarantor_share=0,
    pool: RiskPool | None = None,
    is_demo: bool = False,
) -> RiskPool:
    """Create a pool or change its name and shares (claims already filed keep their parts)."""
    _office(actor)
    errors: dict[str, list[str]] = {}
    shares = rules.Shares(
        _share(pool_share, "pool_share", errors),
        _share(bank_share, "bank_share", errors),
        _share(guarantor_share, "guarantor_share", errors),
    )
    if not errors and shares.check():
        errors["total"] = [_("The shares must each be between 0 and 100 and add up to 100.")]
    if not (name or "").strip():
        errors["name"] = [_("Required.")]
    elif RiskPool.objects.filter(name=name.strip()).exclude(pk=getattr(pool, "pk", None)).exists():
        errors["name"] = [_("Another pool has this name.")]
    if errors:
        message = errors.get("total", [_("Please correct the pool.")])[0]
        raise ValidationFailed(message, errors=errors)
    before = snapshot(pool) if pool is not None else None
    if pool is None:
        pool = RiskPool(is_demo=is_demo)
    pool.name = name.strip()
    pool.pool_share, pool.bank_share, pool.guarantor_share = (
        shares.pool,
        shares.bank,
        shares.guarantor,
    )
    pool.save()
    audit(
        actor=actor,
        action="create" if before is None else "update",
        obj=pool,
        before=before,
        after=snapshot(pool),
    )
    return pool


def pool_create(**kwargs) -> RiskPool:
    return pool_save(**kwargs)


@transaction.atomic
def pool_contribute(*, actor, pool: RiskPool, amount, on: dt.date, note: str = "") -> PoolEntry:
    """Money paid into the pool (the government's budget, a bank's or guarantor's deposit)."""
    _office(actor)
    entry = PoolEntry.objects.create(
        pool=pool,
        kind=PoolEntry.Kind.CONTRIBUTION,
        amount=money(amount, "amount"),
        on=on,
        note=(note or "")[:200],
        created_by=actor_or_none(actor),
        is_demo=pool.is_demo,
    )
    audit(actor=actor, action="create", obj=entry, verb="pool_contribute")
    return entry


@transaction.atomic
def product_save(
    *,
    actor,
    name: str,
    kind: str,
    accepted_kinds: list[str],
    caps: list[tuple[int, object, int]],
    pool: RiskPool | None = None,
    tech_sme_lookback: int = 3,
    active: bool = True,
    product: Product | None = None,
    is_demo: bool = False,
) -> Product:
    """Create or change a product; `caps` (year from, yuan per firm per year, longest term in
    months) replace the product's caps."""
    _office(actor)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Required.")]
    if kind not in Product.Kind.values:
        errors["kind"] = [_("Choose a kind.")]
    if any(k not in registry.KINDS for k in accepted_kinds):
        errors["accepted_kinds"] = [_("Choose qualifications from the list.")]
    if not 1 <= int(tech_sme_lookback) <= 10:
        errors["tech_sme_lookback"] = [_("Between 1 and 10 years.")]
    clean_caps = []
    for year, amount, term in caps:
        if not 2000 <= int(year) <= 2100 or not 1 <= int(term) <= 120:
            errors["caps"] = [
                _("Each cap needs a year between 2000 and 2100 and a term of 1 to 120 months.")
            ]
            break
        try:
            clean_caps.append((int(year), money(amount, "caps"), int(term)))
        except ValidationFailed:
            errors["caps"] = [_("Each cap is a positive amount in yuan.")]
            break
    if not caps:
        errors["caps"] = [_("Give at least one cap: without one the product never lends.")]
    if len({c[0] for c in clean_caps}) != len(clean_caps):
        errors["caps"] = [_("One cap per year.")]
    if errors:
        raise ValidationFailed(_("Please correct the product."), errors=errors)
    fields = {
        "name": name.strip(),
        "kind": kind,
        "accepted_kinds": sorted(set(accepted_kinds)),
        "tech_sme_lookback": int(tech_sme_lookback),
        "pool": pool,
        "active": active,
    }
    if product is None:
        product = Product.objects.create(is_demo=is_demo, **fields)
        before = None
    else:
        before = snapshot(product)
        for key, value in fields.items():
            setattr(product, key, value)
        product.save()
    product.caps.all().delete()
    ProductCap.objects.bulk_create(
        [
            ProductCap(product=product, year_from=y, amount=a, max_term_months=t)
            for y, a, t in clean_caps
        ]
    )
    audit(
        actor=actor,
        action="create" if before is None else "update",
        obj=product,
        before=before,
        after=snapshot(product),
        extra={"caps": [[y, a, t] for y, a, t in clean_caps]},
    )
    return product


# -- loans ---------------------------------------------------------------------------------


def borrowed_in_year(
    *, borrower: Organisation, product: Product, year: int, exclude=None
) -> Decimal:
    rows = Loan.objects.filter(
        borrower=borrower, product=product, year=year, state__in=Loan.COUNTS_AGAINST_CAP
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    total = Decimal(0)
    for approved, asked in rows.values_list("approved_amount", "amount"):
        total += approved if approved is not None else asked
    return total


def _cap(product: Product, year: int) -> rules.Cap | None:
    return rules.cap_for(
        [rules.Cap(c.year_from, c.amount, c.max_term_months) for c in product.caps.all()], year
    )


@transaction.atomic
def loan_apply(
    *,
    actor,
    product: Product,
    bank: Organisation,
    amount,
    term_months: int,
    purpose: str,
    guarantor: Organisation | None = None,
    declared_kinds: list[str] = (),
    tech_sme_years: list[int] = (),
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Loan:
    """An enterprise applies: eligible under the product, within the year's cap and term."""
    borrower = permissions.verified_org(actor, (Organisation.Kind.ENTERPRISE,))
    _require(
        borrower is not None and permissions.can_apply(actor),
        _("Only the people of a verified enterprise may apply for a loan."),
    )
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    amount = money(amount, "amount")
    if not product.active:
        errors["product"] = [_("This product is not open for applications.")]
    if bank.kind != Organisation.Kind.BANK or not bank.is_verified:
        errors["bank"] = [_("Choose a verified bank.")]
    if guarantor is not None and (
        guarantor.kind not in permissions.BACKERS or not guarantor.is_verified
    ):
        errors["guarantor"] = [_("Choose a verified guarantor or insurer.")]
    if not (purpose or "").strip():
        errors["purpose"] = [_("Required.")]
    try:
        term_months = int(term_months)
        years = sorted({int(y) for y in tech_sme_years})
    except (TypeError, ValueError):
        raise ValidationFailed(_("Enter whole numbers for the term and the years.")) from None
    cap = _cap(product, today.year)
    if cap is None:
        errors["product"] = [
            _("The product has no cap for %(year)s: it does not lend this year.")
            % {"year": today.year}
        ]
    elif not 1 <= term_months <= cap.max_term_months:
        errors["term_months"] = [
            _("The term is at most %(months)s months.") % {"months": cap.max_term_months}
        ]
    held, sme_years = registry.held_qualifications(
        credit_code=borrower.credit_code,
        on=today,
        declared=list(declared_kinds),
        tech_sme_years=years,
    )
    verdict = rules.eligibility(
        accepted_kinds=product.accepted_kinds,
        held_kinds=held,
        tech_sme_years=sme_years,
        year=today.year,
        tech_sme_lookback=product.tech_sme_lookback,
    )
    if not verdict.eligible:
        errors["declared_kinds"] = [
            _("This product is for: %(kinds)s.")
            % {"kinds": "、".join(str(registry.KINDS[k]) for k in product.accepted_kinds)}
        ]
    if cap is not None and not errors:
        room = rules.room_under_cap(
            cap=cap, already=borrowed_in_year(borrower=borrower, product=product, year=today.year)
        )
        if amount > room:
            errors["amount"] = [
                _("Above the yearly cap: %(room)s yuan left of %(cap)s this year.")
                % {"room": f"{room:,}", "cap": f"{cap.amount:,}"}
            ]
    if errors:
        raise ValidationFailed(_("The application cannot be submitted."), errors=errors)
    loan = Loan.objects.create(
        product=product,
        borrower=borrower,
        bank=bank,
        guarantor=guarantor,
        year=today.year,
        amount=amount,
        term_months=term_months,
        purpose=purpose.strip()[:300],
        declared_kinds=sorted(held),
        tech_sme_years=sorted(sme_years),
        eligible_by=list(verdict.reasons),
        created_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=loan, verb="loan_apply")
    return loan


def _lender(actor, loan: Loan) -> None:
    if actor is not None:
        _require(permissions.is_lender_of(actor, loan), _("Only the lending bank may do this."))


@transaction.atomic
def loan_decide(*, actor, loan: Loan, approve: bool, amount=None, note: str = "") -> Loan:
    _lender(actor, loan)
    if not approve:
        return _move(
            actor,
            loan,
            Loan.State.DECLINED,
            "loan_decline",
            decision_note=(note or "")[:300],
            decided_at=timezone.now(),
        )
    approved = money(amount if amount not in (None, "") else loan.amount, "amount")
    if approved > loan.amount:
        raise ValidationFailed(
            _("The bank may approve at most the amount asked for."),
            errors={"amount": [_("At most %(amount)s yuan.") % {"amount": f"{loan.amount:,}"}]},
        )
    return _move(
        actor,
        loan,
        Loan.State.APPROVED,
        "loan_approve",
        approved_amount=approved,
        decision_note=(note or "")[:300],
        decided_at=timezone.now(),
    )


@transaction.atomic
def loan_disburse(*, actor, loan: Loan, on: dt.date) -> Loan:
    _lender(actor, loan)
    return _move(
        actor,
        loan,
        Loan.State.DISBURSED,
        "loan_disburse",
        disbursed_on=on,
        due_on=add_months(on, loan.term_months),
    )


@transaction.atomic
def loan_repay(*, actor, loan: Loan, amount, on: dt.date) -> Loan:
    """Principal repaid; the loan is repaid when nothing is outstanding."""
    _lender(actor, loan)
    if loan.state != Loan.State.DISBURSED:
        raise ValidationFailed(_("Only a disbursed loan is repaid."))
    amount = money(amount, "amount")
    if amount > loan.outstanding:
        raise ValidationFailed(
            _("More than is outstanding (%(amount)s yuan).") % {"amount": f"{loan.outstanding:,}"},
            errors={"amount": [_("Too much.")]},
        )
    before = snapshot(loan)
    loan.repaid += amount
    if loan.outstanding == 0:
        loan.state = Loan.State.REPAID
    loan.save()
    audit(
        actor=actor,
        action="update",
        obj=loan,
        before=before,
        after=snapshot(loan),
        verb="loan_repay",
        extra={"on": on, "amount": amount},
    )
    return loan


@transaction.atomic
def loan_default(*, actor, loan: Loan, on: dt.date) -> Loan:
    """The borrower has not repaid: the outstanding principal becomes the loss."""
    _lender(actor, loan)
    return _move(
        actor, loan, Loan.State.DEFAULTED, "loan_default", defaulted_on=on, loss=loan.outstanding
    )


# -- compensation --------------------------------------------------------------------------


def pool_balance(pool: RiskPool) -> Decimal:
    return pool.entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def claim_file(*, actor, loan: Loan, note: str = "") -> Claim:
    """The bank claims the pool's part of the loss (rules.split_loss)."""
    _lender(actor, loan)
    if loan.state != Loan.State.DEFAULTED or hasattr(loan, "claim"):
        raise ValidationFailed(_("Only a defaulted loan without a claim can be claimed for."))
    pool = loan.product.pool
    if pool is None:
        raise ValidationFailed(_("This product has no risk-compensation pool."))
    split = rules.split_loss(
        loss=loan.loss,
        shares=rules.Shares(pool.pool_share, pool.bank_share, pool.guarantor_share),
        has_guarantor=loan.guarantor_id is not None,
    )
    claim = Claim.objects.create(
        loan=loan,
        pool=pool,
        loss=loan.loss,
        pool_part=split.pool,
        bank_part=split.bank,
        guarantor_part=split.guarantor,
        note=(note or "")[:300],
        filed_by=actor_or_none(actor),
        is_demo=loan.is_demo,
    )
    audit(actor=actor, action="create", obj=claim, verb="claim_file")
    return claim


@transaction.atomic
def claim_decide(*, actor, claim: Claim, pay: bool, on: dt.date, note: str = "") -> Claim:
    """The office pays the pool's part, up to the pool's balance (rules.pool_payout), or
    rejects the claim with a reason."""
    _office(actor)
    if claim.state != Claim.State.FILED:
        raise ValidationFailed(_("This claim is already decided."))
    # Lock the pool row so two payments cannot both see the same balance.
    pool = RiskPool.objects.select_for_update().get(pk=claim.pool_id)
    before = snapshot(claim)
    if not pay:
        if not (note or "").strip():
            raise ValidationFailed(
                _("Give the reason for rejecting the claim."), errors={"note": [_("Required.")]}
            )
        claim.state = Claim.State.REJECTED
    else:
        payout = rules.pool_payout(due=claim.pool_part, balance=pool_balance(pool))
        claim.state = Claim.State.PAID
        claim.paid, claim.shortfall = payout.paid, payout.shortfall
        if payout.paid:
            entry = PoolEntry.objects.create(
                pool=pool,
                kind=PoolEntry.Kind.COMPENSATION,
                amount=-payout.paid,
                on=on,
                note=str(claim.loan)[:200],
                loan=claim.loan,
                created_by=actor_or_none(actor),
                is_demo=claim.is_demo,
            )
            audit(actor=actor, action="create", obj=entry, verb="pool_compensate")
        _move(actor, claim.loan, Loan.State.COMPENSATED, "loan_compensated")
    claim.note = (note or claim.note)[:300]
    claim.decided_at = timezone.now()
    claim.save()
    audit(
        actor=actor,
        action="update",
        obj=claim,
        before=before,
        after=snapshot(claim),
        verb="claim_pay" if pay else "claim_reject",
    )
    return claim


def recovered(claim: Claim) -> tuple[Decimal, Decimal]:
    """(everything recovered so far, the pool's part of it) on a claim."""
    totals = claim.recoveries.aggregate(amount=Sum("amount"), pool=Sum("pool_part"))
    return totals["amount"] or Decimal(0), totals["pool"] or Decimal(0)


@transaction.atomic
def pool_recover(*, actor, loan: Loan, amount, on: dt.date, note: str = "") -> Recovery:
    """Money recovered from the borrower after compensation (追偿): at most the loss less
    earlier recoveries, split back by the pool's shares (rules.split_recovery); the pool's
    part is paid back into the pool."""
    _office(actor)
    amount = money(amount, "amount")
    # Lock the claim so two recoveries cannot both see the same room.
    claim = Claim.objects.select_for_update().select_related("pool").filter(loan=loan).first()
    if loan.state != Loan.State.COMPENSATED or claim is None or claim.state != Claim.State.PAID:
        raise ValidationFailed(_("Money is recovered only on a loan the pool compensated."))
    before, pool_before = recovered(claim)
    room = rules.recovery_room(loss=claim.loss, recovered_before=before)
    if amount > room:
        raise ValidationFailed(
            _("At most %(room)s yuan can still be recovered (the loss less earlier recoveries).")
            % {"room": f"{room:,}"},
            errors={"amount": [_("Too much.")]},
        )
    pool = claim.pool
    split = rules.split_recovery(
        amount=amount,
        shares=rules.Shares(pool.pool_share, pool.bank_share, pool.guarantor_share),
        has_guarantor=loan.guarantor_id is not None,
        pool_paid=claim.paid or Decimal(0),
        pool_recovered_before=pool_before,
    )
    entry = None
    if split.pool:
        entry = PoolEntry.objects.create(
            pool=pool,
            kind=PoolEntry.Kind.RECOVERY,
            amount=split.pool,
            on=on,
            note=(note or str(loan))[:200],
            loan=loan,
            created_by=actor_or_none(actor),
            is_demo=claim.is_demo,
        )
        audit(actor=actor, action="create", obj=entry, verb="pool_recover")
    recovery = Recovery.objects.create(
        claim=claim,
        amount=amount,
        pool_part=split.pool,
        bank_part=split.bank,
        guarantor_part=split.guarantor,
        on=on,
        note=(note or "")[:200],
        entry=entry,
        created_by=actor_or_none(actor),
        is_demo=claim.is_demo,
    )
    audit(actor=actor, action="create", obj=recovery, verb="loan_recover")
    return recovery
