"""Writes on innovation vouchers: batch → application → approval and issue → contract →
redemption → check → settlement, and expiry. Each service checks permission and state,
writes, and records an audit event.

Limits hold under concurrent requests on every database because each is moved by one
conditional UPDATE ("add x where the total plus x stays within the limit"), which the
database applies atomically; the check constraints on the tables are the last guard.
Amounts are whole yuan; the share of a contract is rounded once, half up."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.retry import when_sqlite_busy_retry
from luoshi.org.selectors import default_region
from luoshi.organisations import files, places
from luoshi.organisations import permissions as org_permissions
from luoshi.organisations.models import Organisation
from luoshi.vouchers import permissions
from luoshi.vouchers.models import (
    Application,
    Batch,
    Contract,
    Qualification,
    Redemption,
    ServiceType,
    Voucher,
)

YUAN = Decimal("1")


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def _yuan(value) -> Decimal:
    return Decimal(value).quantize(YUAN, rounding=ROUND_HALF_UP)


@transaction.atomic
def batch_create(
    *,
    actor,
    year: int,
    name: str,
    budget: Decimal,
    share_percent: Decimal = Decimal(30),
    per_firm_cap: Decimal = Decimal(100000),
    valid_days: int = 365,
    qualifications: list[str] | None = None,
    service_types: list[str] | None = None,
    providers=(),
    cross_city: bool = False,
    is_demo: bool = False,
) -> Batch:
    _require(actor, permissions.can_manage(actor), _("You may not set up voucher batches."))
    qualifications = list(qualifications or [Qualification.HIGH_TECH, Qualification.TECH_SME])
    service_types = list(service_types or ServiceType.values)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Required.")]
    if budget is None or Decimal(budget) <= 0:
        errors["budget"] = [_("The budget must be positive.")]
    if not (0 < Decimal(share_percent) <= 100):
        errors["share_percent"] = [_("A share between 0 and 100%.")]
    if per_firm_cap is None or Decimal(per_firm_cap) <= 0:
        errors["per_firm_cap"] = [_("The cap must be positive.")]
    if not (1 <= valid_days <= 1100):
        errors["valid_days"] = [_("Between 1 and 1100 days.")]
    if set(qualifications) - set(Qualification.values):
        errors["qualifications"] = [_("Unknown qualification.")]
    if set(service_types) - set(ServiceType.values):
        errors["service_types"] = [_("Unknown service type.")]
    if errors:
        raise ValidationFailed(_("Check the batch's rules."), errors=errors)
    batch = Batch.objects.create(
        year=year,
        name=name.strip()[:120],
        budget=_yuan(budget),
        share_percent=Decimal(share_percent),
        per_firm_cap=_yuan(per_firm_cap),
        valid_days=valid_days,
        qualifications=qualifications,
        service_types=service_types,
        cross_city=cross_city,
        is_demo=is_demo,
    )
    providers = list(providers)
    if any(p.state != Organisation.State.VERIFIED for p in providers):
        raise ValidationFailed(_("Only verified organisations can be registered providers."))
    batch.providers.set(providers)
    audit(actor=actor, action="create", obj=batch, extra={"providers": [p.pk for p in providers]})
    return batch


@transaction.atomic
def batch_add_provider(*, actor, batch: Batch, provider: Organisation) -> None:
    _require(actor, permissions.can_manage(actor), _("You may not change voucher batches."))
    if provider.state != Organisation.State.VERIFIED:
        raise ValidationFailed(_("Only verified organisations can be registered providers."))
    batch.providers.add(provider)
    audit(
        actor=actor,
        action="update",
        obj=batch,
        verb="add_provider",
        extra={"provider": provider.pk},
    )


@transaction.atomic
def batch_close(*, actor, batch: Batch) -> Batch:
    _require(actor, permissions.can_manage(actor), _("You may not change voucher batches."))
    before = snapshot(batch)
    batch.state = Batch.State.CLOSED
    batch.save(update_fields=["state"])
    audit(
        actor=actor, action="update", obj=batch, before=before, after=snapshot(batch), verb="close"
    )
    return batch


@transaction.atomic
def application_submit(
    *,
    actor,
    batch: Batch,
    qualification: str,
    amount: Decimal,
    purpose: str,
    organisation=None,
    is_demo: bool = False,
) -> Application:
    """A verified firm applies to an open batch, naming the qualification that makes it
    eligible (checked against the enterprise registry by the office on approval)."""
    _require(
        actor, permissions.can_apply(actor), _("Your organisation may not apply (not verified).")
    )
    if actor is not None:
        organisation = org_permissions.membership_of(actor).organisation
    if batch.state != Batch.State.OPEN:
        raise ValidationFailed(_("This batch is closed."))
    errors: dict[str, list[str]] = {}
    if qualification not in batch.qualifications:
        errors["qualification"] = [_("This batch is not open to that qualification.")]
    amount = _yuan(amount or 0)
    if amount <= 0:
        errors["amount"] = [_("Ask for a positive amount.")]
    elif amount > batch.per_firm_cap:
        errors["amount"] = [
            _("At most %(cap)s yuan per firm per year.") % {"cap": f"{batch.per_firm_cap:,.0f}"}
        ]
    if not (purpose or "").strip():
        errors["purpose"] = [_("Say which services the voucher is for.")]
    if not errors:
        registry = _registry_says(organisation.credit_code, qualification, timezone.localdate())
        if registry is False:
            errors["qualification"] = [
                _("The enterprise registry does not show this qualification for your firm today.")
            ]
    if errors:
        raise ValidationFailed(_("Check the application."), errors=errors)
    if Application.objects.filter(
        batch=batch, organisation=organisation, state=Application.State.SUBMITTED
    ).exists():
        raise ValidationFailed(
            _("Your organisation already has an application awaiting a decision.")
        )
    application = Application.objects.create(
        batch=batch,
        organisation=organisation,
        applicant=actor_or_none(actor) or organisation.memberships.first().user,
        qualification=qualification,
        amount=amount,
        purpose=purpose.strip()[:500],
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=application, verb="apply")
    return application


def _registry_says(credit_code: str, qualification: str, on: dt.date) -> bool | None:
    """True/False when the enterprise registry knows the firm and can say whether it holds
    the qualification on that date; None when it cannot (a firm it does not know, or a
    qualification it does not keep, such as incubator tenancy): the declaration stands and
    the office checks it."""
    from luoshi.enterprises import selectors as registry

    if qualification == Qualification.INCUBATOR_TENANT:
        return None
    held = registry.qualifications_on(credit_codes=[credit_code], on=on)[credit_code]
    known = bool(held) or bool(registry.tech_sme_years(credit_codes=[credit_code])[credit_code])
    if not known:
        return None
    return qualification in held


def _next_number(batch: Batch) -> str:
    count = Voucher.objects.filter(batch__year=batch.year).count()
    while True:
        count += 1
        number = f"CXQ{batch.year}{count:06d}"
        if not Voucher.objects.filter(number=number).exists():
            return number


def application_approve(**kwargs) -> Voucher:
    """The office approves; the voucher is issued at once (see _application_approve); on
    SQLite a concurrent writer's lock is waited out."""
    return when_sqlite_busy_retry(lambda: _application_approve(**kwargs))


@transaction.atomic
def _application_approve(
    *, actor, application: Application, amount: Decimal | None = None, today: dt.date | None = None
) -> Voucher:
    """The office approves; the voucher is issued at once (number, amount, expiry). Refused
    when the batch's budget or the firm's yearly cap would be exceeded.

    The firm's organisation row is locked first, before any read: approvals for one firm in
    the same year (even in two batches) are so decided one after another, each reading the
    vouchers the one before issued (on MariaDB too, whose snapshot starts at the first plain
    read). SQLite takes its write lock when the transaction begins (IMMEDIATE)."""
    _require(actor, permissions.can_manage(actor), _("You may not approve applications."))
    list(Organisation.objects.select_for_update().filter(pk=application.organisation_id))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != Application.State.SUBMITTED:
        raise ValidationFailed(_("This application has been decided already."))
    batch = application.batch
    amount = _yuan(amount if amount is not None else application.amount)
    if amount <= 0:
        raise ValidationFailed(_("Issue a positive amount."), errors={"amount": [_("Positive.")]})
    # The batch row is the budget's lock: the conditional update admits the amount only
    # while the budget holds it, and serialises concurrent approvals of one batch.
    admitted = Batch.objects.filter(pk=batch.pk, issued_total__lte=F("budget") - amount).update(
        issued_total=F("issued_total") + amount
    )
    if not admitted:
        raise Conflict(_("The batch's budget is exhausted: not enough left for this amount."))
    # Every voucher of the firm that year, whichever batch: read after the firm's lock.
    this_year = (
        Voucher.objects.filter(
            organisation_id=application.organisation_id, batch__year=batch.year
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    if this_year + amount > batch.per_firm_cap:
        raise ValidationFailed(
            _(
                "The firm would exceed the cap of %(cap)s yuan in %(year)s: %(issued)s yuan "
                "issued already, in this batch or another."
            )
            % {
                "cap": f"{batch.per_firm_cap:,.0f}",
                "year": batch.year,
                "issued": f"{this_year:,.0f}",
            }
        )
    today = today or timezone.localdate()
    before = snapshot(application)
    application.state = Application.State.APPROVED
    application.decided_by = actor_or_none(actor)
    application.decided_at = timezone.now()
    application.save()
    audit(
        actor=actor,
        action="update",
        obj=application,
        before=before,
        after=snapshot(application),
        verb="approve",
    )
    voucher = Voucher.objects.create(
        number=_next_number(batch),
        application=application,
        batch=batch,
        organisation_id=application.organisation_id,
        amount=amount,
        issued_on=today,
        expires_on=today + dt.timedelta(days=batch.valid_days),
        is_demo=application.is_demo,
    )
    audit(actor=actor, action="create", obj=voucher, verb="issue")
    return voucher


@transaction.atomic
def application_reject(*, actor, application: Application, note: str) -> Application:
    _require(actor, permissions.can_manage(actor), _("You may not decide applications."))
    if not (note or "").strip():
        raise ValidationFailed(_("Say why."), errors={"note": [_("Required.")]})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != Application.State.SUBMITTED:
        raise ValidationFailed(_("This application has been decided already."))
    before = snapshot(application)
    application.state = Application.State.REJECTED
    application.note = note.strip()[:500]
    application.decided_by = actor_or_none(actor)
    application.decided_at = timezone.now()
    application.save()
    audit(
        actor=actor,
        action="update",
        obj=application,
        before=before,
        after=snapshot(application),
        verb="reject",
    )
    return application


def _usable(voucher: Voucher, today: dt.date) -> None:
    if voucher.state == Voucher.State.EXPIRED or today > voucher.expires_on:
        raise ValidationFailed(_("The voucher expired on %(date)s.") % {"date": voucher.expires_on})


@transaction.atomic
def contract_register(
    *,
    actor,
    voucher: Voucher,
    provider: Organisation,
    service_type: str,
    title: str,
    amount: Decimal,
    signed_on: dt.date,
    booking=None,
    today: dt.date | None = None,
) -> Contract:
    """The firm records a service contract with a registered provider of the voucher's batch
    (an instrument booking with that provider counts)."""
    _require(
        actor, permissions.can_use_voucher(actor, voucher), _("This voucher is not yours to use.")
    )
    _usable(voucher, today or timezone.localdate())
    batch = voucher.batch
    errors: dict[str, list[str]] = {}
    if not batch.providers.filter(pk=provider.pk).exists():
        errors["provider"] = [_("Not a registered provider of this batch.")]
    if provider.pk == voucher.organisation_id:
        errors["provider"] = [_("A firm cannot contract with itself.")]
    elif not batch.cross_city and "provider" not in errors:
        city = default_region()
        if not places.organisation_in(provider, city):
            errors["provider"] = [
                _(
                    "This batch's vouchers are used only with providers in %(city)s; "
                    "%(provider)s is outside it."
                )
                % {"city": city.name if city else "—", "provider": provider.name}
            ]
    if service_type not in batch.service_types:
        errors["service_type"] = [_("This batch does not cover that service.")]
    amount = _yuan(amount or 0)
    if amount <= 0:
        errors["amount"] = [_("Positive.")]
    if not (title or "").strip():
        errors["title"] = [_("Required.")]
    if booking is not None and (
        booking.organisation_id != voucher.organisation_id
        or booking.instrument.owner_id != provider.pk
    ):
        errors["booking"] = [_("The booking must be the firm's, of the provider's instrument.")]
    if errors:
        raise ValidationFailed(_("Check the contract."), errors=errors)
    contract = Contract.objects.create(
        voucher=voucher,
        provider=provider,
        service_type=service_type,
        title=title.strip()[:200],
        amount=amount,
        signed_on=signed_on,
        booking=booking,
        is_demo=voucher.is_demo,
    )
    audit(actor=actor, action="create", obj=contract)
    return contract


def redeemable(contract: Contract) -> Decimal:
    """The share of the contract the batch covers, rounded once to the yuan (half up)."""
    return _yuan(contract.amount * contract.voucher.batch.share_percent / Decimal(100))


def redemption_request(**kwargs) -> Redemption:
    """Ask for redemption of a contract (see _redemption_request); on SQLite a concurrent
    writer's lock is waited out."""
    return when_sqlite_busy_retry(lambda: _redemption_request(**kwargs))


@transaction.atomic
def _redemption_request(
    *,
    actor,
    contract: Contract,
    amount: Decimal | None = None,
    invoice=None,
    proof=None,
    today: dt.date | None = None,
) -> Redemption:
    """Ask for redemption of a contract. A contract is redeemed once; the voucher never beyond
    its amount, even with requests at the same moment."""
    voucher = contract.voucher
    _require(
        actor, permissions.can_use_voucher(actor, voucher), _("This voucher is not yours to use.")
    )
    _usable(voucher, today or timezone.localdate())
    cap = redeemable(contract)
    amount = cap if amount in (None, "") else _yuan(amount)
    if amount <= 0:
        raise ValidationFailed(_("Ask for a positive amount."), errors={"amount": [_("Positive.")]})
    if amount > cap:
        raise ValidationFailed(
            _("At most %(cap)s yuan for this contract (%(share)s%% of it).")
            % {"cap": f"{cap:,.0f}", "share": f"{voucher.batch.share_percent:g}"},
            errors={"amount": [_("Too much.")]},
        )
    stored = {}
    for field, upload in (("invoice", invoice), ("proof", proof)):
        if upload is None:
            if actor is not None:
                raise ValidationFailed(
                    _("Attach the invoice and the proof of service."),
                    errors={field: [_("Required.")]},
                )
            continue
        stored[field] = (upload, *files.check_document(upload, field=field))
    # The contract's voucher row is the lock: a second request for the same contract waits
    # here, then finds the first.
    admitted = Voucher.objects.filter(pk=voucher.pk, committed__lte=F("amount") - amount).update(
        committed=F("committed") + amount
    )
    if not admitted:
        raise Conflict(_("Not enough left on the voucher for this amount."))
    if contract.redemptions.filter(state__in=Redemption.HOLDING).exists():
        # Undo the admission by failing the transaction.
        raise Conflict(_("This contract has been put forward for redemption already."))
    redemption = Redemption(
        voucher=voucher,
        contract=contract,
        amount=amount,
        requested_by=actor_or_none(actor) or voucher.organisation.memberships.first().user,
        is_demo=voucher.is_demo,
    )
    for field, (upload, ext, _type) in stored.items():
        setattr(redemption, f"{field}_name", (upload.name or field)[:255])
        getattr(redemption, field).save(files.stored_name(ext), upload, save=False)
    redemption.save()
    audit(actor=actor, action="create", obj=redemption, verb="request_redemption")
    return redemption


def _redemption_move(*, actor, redemption: Redemption, to: str, verb: str, **changes) -> Redemption:
    _require(actor, permissions.can_manage(actor), _("You may not check redemptions."))
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    allowed = {
        Redemption.State.CHECKED: {Redemption.State.REQUESTED},
        Redemption.State.REJECTED: {Redemption.State.REQUESTED, Redemption.State.CHECKED},
        Redemption.State.SETTLED: {Redemption.State.CHECKED},
    }[to]
    if redemption.state not in allowed:
        raise ValidationFailed(
            _("The redemption is %(state)s; that step is not possible now.")
            % {"state": redemption.get_state_display()}
        )
    before = snapshot(redemption)
    redemption.state = to
    for name, value in changes.items():
        setattr(redemption, name, value)
    redemption.save()
    audit(
        actor=actor,
        action="update",
        obj=redemption,
        before=before,
        after=snapshot(redemption),
        verb=verb,
    )
    return redemption


@transaction.atomic
def redemption_check(*, actor, redemption: Redemption, note: str = "") -> Redemption:
    return _redemption_move(
        actor=actor,
        redemption=redemption,
        to=Redemption.State.CHECKED,
        verb="check",
        checked_by=actor_or_none(actor),
        checked_at=timezone.now(),
        note=(note or "")[:500],
    )


@transaction.atomic
def redemption_reject(*, actor, redemption: Redemption, note: str) -> Redemption:
    if not (note or "").strip():
        raise ValidationFailed(_("Say why."), errors={"note": [_("Required.")]})
    redemption = _redemption_move(
        actor=actor,
        redemption=redemption,
        to=Redemption.State.REJECTED,
        verb="reject",
        checked_by=actor_or_none(actor),
        checked_at=timezone.now(),
        note=note.strip()[:500],
    )
    Voucher.objects.filter(pk=redemption.voucher_id).update(
        committed=F("committed") - redemption.amount
    )
    return redemption


@transaction.atomic
def redemption_settle(*, actor, redemption: Redemption, payee: str) -> Redemption:
    if payee not in Redemption.Payee.values:
        raise ValidationFailed(_("Choose who is paid."), errors={"payee": [_("Required.")]})
    redemption = _redemption_move(
        actor=actor,
        redemption=redemption,
        to=Redemption.State.SETTLED,
        verb="settle",
        payee=payee,
        settled_at=timezone.now(),
    )
    Voucher.objects.filter(pk=redemption.voucher_id).update(
        redeemed=F("redeemed") + redemption.amount
    )
    voucher = Voucher.objects.get(pk=redemption.voucher_id)
    if voucher.redeemed >= voucher.amount and voucher.state == Voucher.State.ISSUED:
        before = snapshot(voucher)
        voucher.state = Voucher.State.USED_UP
        voucher.save(update_fields=["state"])
        audit(
            actor=actor,
            action="update",
            obj=voucher,
            before=before,
            after=snapshot(voucher),
            verb="used_up",
        )
    return redemption


@transaction.atomic
def vouchers_expire(*, actor, today: dt.date, dry_run: bool = False) -> int:
    """Mark vouchers past their expiry date expired (idempotent). Redemptions already asked
    for stay and may still be checked and settled."""
    rows = list(
        Voucher.objects.select_for_update().filter(state=Voucher.State.ISSUED, expires_on__lt=today)
    )
    if dry_run:
        return len(rows)
    for voucher in rows:
        before = snapshot(voucher)
        voucher.state = Voucher.State.EXPIRED
        voucher.save(update_fields=["state"])
        audit(
            actor=actor,
            action="update",
            obj=voucher,
            before=before,
            after=snapshot(voucher),
            verb="expire",
        )
    return len(rows)
