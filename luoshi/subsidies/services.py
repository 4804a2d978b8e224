"""Writes to post-subsidy rounds. Each service checks permission, then state, writes and
audits in one transaction; every change to rules, expenses or reviews recomputes the whole
round's amounts (rules.compute), since pro-rata scaling ties each firm's amount to all the
others. `actor=None` is the system itself (demo loader, commands)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.bulk import gc_paused
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises import selectors as registry
from luoshi.enterprises.models import Enterprise, Qualification
from luoshi.subsidies import imports, permissions, rules
from luoshi.subsidies.models import ExpenseImport, Line, Objection, Round

A = AuditEvent.Action


def _require_manage(actor) -> None:
    if actor is not None and not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office runs post-subsidy rounds."))


def _require_open(round_: Round) -> None:
    """Expenses and reviews change while preparing; during the notice only through an
    upheld objection."""
    _require_editable(round_)
    if round_.state != Round.State.OPEN:
        raise ValidationFailed(
            _("The list is under public notice; correct a line by upholding an objection.")
        )


def _require_editable(round_: Round) -> None:
    if round_.locked:
        raise ValidationFailed(_("The round is paid and locked; nothing in it can change."))
    if not round_.editable:
        raise ValidationFailed(_("The round is final; its amounts no longer change."))


def _check_rules(*, base, tiers, cap, budget, eligible_kinds) -> list[dict]:
    try:
        tiers = [
            rules.Tier(Decimal(str(t["above"])), Decimal(str(t["rate"])))
            for t in sorted(tiers, key=lambda t: Decimal(str(t["above"])))
        ]
        rules.Rule(base=base, tiers=tiers, cap=cap, budget=budget)
    except (ValueError, KeyError, ArithmeticError):
        raise ValidationFailed(
            _(
                "The tiers must start at 0, rise, and have rates between 0% and 100%; the base must be spending or increase."
            )
        ) from None
    if not tiers:
        raise ValidationFailed(_("Give at least one tier."))
    for value in (cap, budget):
        if value is not None and (value < 0 or value != value.quantize(rules.YUAN)):
            raise ValidationFailed(_("The cap and the budget are whole yuan, not below zero."))
    unknown = set(eligible_kinds) - set(Qualification.Kind.values)
    if unknown:
        raise ValidationFailed(_("Unknown qualification: %(k)s") % {"k": ", ".join(unknown)})
    return [{"above": str(t.above), "rate": str(t.rate)} for t in tiers]


@transaction.atomic
def round_create(
    *,
    actor,
    year: int,
    title: str,
    base: str,
    tiers: list[dict],
    cap: Decimal | None = None,
    budget: Decimal | None = None,
    eligible_kinds: list[str] | None = None,
    expense_year: int | None = None,
    is_demo: bool = False,
) -> Round:
    _require_manage(actor)
    eligible_kinds = list(eligible_kinds or [])
    checked = _check_rules(
        base=base, tiers=tiers, cap=cap, budget=budget, eligible_kinds=eligible_kinds
    )
    if Round.objects.filter(year=year).exists():
        raise ValidationFailed(_("There is already a round for %(year)s.") % {"year": year})
    round_ = Round.objects.create(
        year=year,
        expense_year=expense_year or year - 1,
        title=(title or "").strip()[:200] or _("%(year)s R&D post-subsidy") % {"year": year},
        base=base,
        tiers=checked,
        cap=cap,
        budget=budget,
        eligible_kinds=eligible_kinds,
        is_demo=is_demo,
    )
    audit(actor=actor, action=A.CREATE, obj=round_)
    return round_


@transaction.atomic
def round_set_rules(
    *,
    actor,
    round: Round,
    base: str,
    tiers: list[dict],
    cap: Decimal | None,
    budget: Decimal | None,
    eligible_kinds: list[str],
) -> Round:
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    _require_editable(round_)
    if round_.state != Round.State.OPEN:
        raise ValidationFailed(_("The rules change only while the round is being prepared."))
    checked = _check_rules(
        base=base, tiers=tiers, cap=cap, budget=budget, eligible_kinds=eligible_kinds
    )
    before = snapshot(round_)
    round_.base, round_.tiers, round_.cap, round_.budget = base, checked, cap, budget
    round_.eligible_kinds = list(eligible_kinds)
    round_.save()
    audit(
        actor=actor,
        action=A.UPDATE,
        obj=round_,
        before=before,
        after=snapshot(round_),
        verb="rules",
    )
    recompute(round_)
    return round_


def recompute(round_: Round) -> rules.Outcome:
    """Apply the round's rule to every line and keep the result on each (two queries and a
    bulk update)."""
    lines = list(Line.objects.filter(round=round_).select_related("enterprise"))
    held = registry.qualifications_on(
        credit_codes=[line.enterprise.credit_code for line in lines],
        on=dt.date(round_.expense_year, 12, 31),
    )
    wanted = set(round_.eligible_kinds)
    claims = {}
    for line in lines:
        kinds = held.get(line.enterprise.credit_code, set())
        line.qualifications = sorted(kinds)
        line.eligible = not wanted or bool(kinds & wanted)
        claims[line.pk] = rules.Claim(
            spending=line.spending,
            previous=line.previous,
            eligible=line.eligible and line.review != Line.Review.REJECTED,
        )
    outcome = rules.compute(round_.rule, claims)
    for line in lines:
        r = outcome.results[line.pk]
        if line.review == Line.Review.REJECTED:
            r.reason = "rejected"
        line.base_amount = r.base.quantize(Decimal("0.01"))
        line.capped = r.capped.quantize(Decimal("0.0001"))
        line.amount = r.amount
        line.working = {
            "base": str(r.base),
            "bands": [[str(p), str(rate), str(pay)] for p, rate, pay in r.bands],
            "tiered": str(r.tiered),
            "capped": str(r.capped),
            "was_capped": r.was_capped,
            "scaled": str(r.scaled.quantize(Decimal("0.0001"))),
            "adjusted": r.adjusted,
            "reason": r.reason,
        }
    Line.objects.bulk_update(
        lines,
        ["qualifications", "eligible", "base_amount", "capped", "amount", "working"],
        batch_size=500,
    )
    factor = outcome.factor.quantize(Decimal("0.0000000001"))
    if round_.factor != factor:
        round_.factor = factor
        round_.save(update_fields=["factor", "updated_at"])
    return outcome


@transaction.atomic
def line_set(
    *,
    actor,
    round: Round,
    enterprise: Enterprise,
    spending: Decimal,
    previous: Decimal | None = None,
    source: str = Line.Source.MANUAL,
    is_demo: bool = False,
    recompute_now: bool = True,
) -> Line:
    """Enter (or correct) a firm's R&D expenses in a round."""
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    _require_open(round_)
    if spending is None or spending < 0 or (previous is not None and previous < 0):
        raise ValidationFailed(_("R&D expenses are amounts of money, not below zero."))
    line = Line.objects.filter(round=round_, enterprise=enterprise).first()
    if line is None:
        line = Line.objects.create(
            round=round_,
            enterprise=enterprise,
            spending=spending,
            previous=previous,
            source=source,
            is_demo=is_demo,
        )
        audit(actor=actor, action=A.CREATE, obj=line)
    else:
        before = snapshot(line)
        line.spending, line.previous, line.source = spending, previous, source
        line.review = Line.Review.PENDING
        line.save()
        after = snapshot(line)
        if before != after:
            audit(actor=actor, action=A.UPDATE, obj=line, before=before, after=after)
    if recompute_now:
        recompute(round_)
        line.refresh_from_db()
    return line


@transaction.atomic
def line_review(*, actor, line: Line, decision: str, note: str = "") -> Line:
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=line.round_id)
    _require_open(round_)
    if decision not in Line.Review.values:
        raise ValidationFailed(_("Choose approve or reject."))
    if decision == Line.Review.REJECTED and not note.strip():
        raise ValidationFailed(_("Say why the line is rejected; the firm will read it."))
    line = Line.objects.get(pk=line.pk)
    before = snapshot(line)
    line.review, line.review_note = decision, note.strip()[:300]
    line.save(update_fields=["review", "review_note"])
    audit(
        actor=actor, action=A.UPDATE, obj=line, before=before, after=snapshot(line), verb="review"
    )
    recompute(round_)
    line.refresh_from_db()
    return line


@transaction.atomic
def lines_approve_all(*, actor, round: Round) -> int:
    """Approve every line still to review (the office's 'approve the rest')."""
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    _require_open(round_)
    pending = list(Line.objects.filter(round=round_, review=Line.Review.PENDING))
    for line in pending:
        line.review = Line.Review.APPROVED
    Line.objects.bulk_update(pending, ["review"])
    audit(
        actor=actor,
        action=A.ACTION,
        obj=round_,
        verb="lines approved",
        extra={"lines": len(pending)},
    )
    recompute(round_)
    return len(pending)


def _move(actor, round_: Round, to: str, verb: str, **fields) -> Round:
    if to not in Round.TRANSITIONS.get(round_.state, set()):
        raise ValidationFailed(
            _("A round cannot go from “%(old)s” to “%(new)s”.")
            % {"old": round_.get_state_display(), "new": Round.State(to).label}
        )
    before = snapshot(round_)
    round_.state = to
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.save()
    audit(
        actor=actor, action=A.UPDATE, obj=round_, before=before, after=snapshot(round_), verb=verb
    )
    return round_


@transaction.atomic
def round_publicise(*, actor, round: Round, notice_from: dt.date, notice_until: dt.date) -> Round:
    """Publish the list for public notice (公示); objections are taken until the end date."""
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if not Line.objects.filter(round=round_).exists():
        raise ValidationFailed(_("The round has no firms yet."))
    pending = Line.objects.filter(round=round_, review=Line.Review.PENDING).count()
    if pending:
        raise ValidationFailed(
            _("%(n)s lines are still to review; review every line before the notice.")
            % {"n": pending}
        )
    if notice_until < notice_from:
        raise ValidationFailed(_("The notice ends before it begins."))
    recompute(round_)
    return _move(
        actor,
        round_,
        Round.State.PUBLICISED,
        "publicised",
        notice_from=notice_from,
        notice_until=notice_until,
    )


@transaction.atomic
def objection_raise(*, actor, line: Line, text: str) -> Objection:
    line = Line.objects.select_related("round").get(pk=line.pk)
    if line.round.state != Round.State.PUBLICISED or (
        actor is not None and not permissions.can_object(actor, line)
    ):
        raise PermissionDenied(
            _("Objections are taken during the public notice, on firms you can see.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            _("Write the objection first."), {"text": [_("This field is required.")]}
        )
    objection = Objection.objects.create(
        line=line,
        text=text[:2000],
        raised_by=actor_or_none(actor),
    )
    audit(actor=actor, action=A.CREATE, obj=objection)
    return objection


@transaction.atomic
def objection_answer(
    *,
    actor,
    objection: Objection,
    uphold: bool,
    answer: str,
    spending: Decimal | None = None,
    previous: Decimal | None = None,
    review: str | None = None,
) -> Objection:
    """Dismiss an objection, or uphold it and correct the line (its expenses or its
    review); the whole round is recomputed, since scaling ties the amounts together."""
    _require_manage(actor)
    objection = Objection.objects.select_for_update().select_related("line").get(pk=objection.pk)
    if objection.state != Objection.State.OPEN:
        raise ValidationFailed(_("This objection has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(_("Write the answer; the firm will read it."))
    line = objection.line
    round_ = Round.objects.select_for_update().get(pk=line.round_id)
    _require_editable(round_)
    before = snapshot(objection)
    objection.state = Objection.State.UPHELD if uphold else Objection.State.DISMISSED
    objection.answer = answer[:2000]
    objection.answered_by = actor_or_none(actor)
    objection.answered_at = timezone.now()
    objection.save()
    audit(
        actor=actor,
        action=A.UPDATE,
        obj=objection,
        before=before,
        after=snapshot(objection),
        verb="answered",
    )
    if uphold and (spending is not None or previous is not None or review):
        line_before = snapshot(line)
        if spending is not None:
            if spending < 0:
                raise ValidationFailed(_("R&D expenses are amounts of money, not below zero."))
            line.spending = spending
        if previous is not None:
            line.previous = previous
        if review in (Line.Review.APPROVED, Line.Review.REJECTED):
            line.review = review
            line.review_note = answer[:300]
        line.save()
        audit(
            actor=actor,
            action=A.UPDATE,
            obj=line,
            before=line_before,
            after=snapshot(line),
            verb="corrected on objection",
        )
        recompute(round_)
    return objection


@transaction.atomic
def round_finalise(*, actor, round: Round) -> Round:
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    open_ = Objection.objects.filter(line__round=round_, state=Objection.State.OPEN).count()
    if open_:
        raise ValidationFailed(
            _("%(n)s objections are still open; answer them first.") % {"n": open_}
        )
    recompute(round_)
    return _move(actor, round_, Round.State.FINAL, "finalised")


@transaction.atomic
def round_mark_paid(*, actor, round: Round, paid_on: dt.date) -> Round:
    """Record the payment; the round is locked from then on."""
    _require_manage(actor)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    return _move(actor, round_, Round.State.PAID, "paid", paid_on=paid_on)


# -- importing expenses ------------------------------------------------------------------


@gc_paused()
@transaction.atomic
def expenses_import_preview(
    *, actor, round: Round, source: str, file_name: str, data: bytes
) -> ExpenseImport:
    """Read an expense list and match its firms (nothing in the round changes)."""
    _require_manage(actor)
    _require_open(round)
    if source not in (Line.Source.DECLARATION, Line.Source.TAX):
        raise ValidationFailed(_("Choose where the list comes from."))
    rows = imports.parse(registry_imports.read_table(data, file_name))
    matcher = registry.FirmMatcher(rows)
    current = {
        line["enterprise_id"]: line
        for line in Line.objects.filter(round=round).values("enterprise_id", "spending", "previous")
    }
    out, seen = [], set()
    for row in rows:
        item = {**vars(row), "status": "", "enterprise_id": None, "suggestions": []}
        firm, how = matcher.match(row.credit_code, row.name)
        if firm:
            item["enterprise_id"] = firm["pk"]
        if row.errors:
            item["status"] = "error"
        elif firm is None and not row.credit_code:
            item["suggestions"] = matcher.suggest(row.name)
            item["status"] = "ask" if item["suggestions"] else "error"
            if not item["suggestions"]:
                item["errors"].append(
                    _(
                        "No firm in the registry is called “%(name)s” and the row has no credit code: add the code."
                    )
                    % {"name": row.name}
                )
        elif firm is None:
            item["status"] = "new"  # a firm the registry does not hold yet: created on commit
        elif firm["pk"] in seen:
            item["status"] = "error"
            item["errors"].append(_("The same firm appears twice in the list."))
        else:
            old = current.get(firm["pk"])
            prev = Decimal(row.previous) if row.previous else None
            if old is None:
                item["status"] = "new"
            elif old["spending"] == Decimal(row.spending) and old["previous"] == prev:
                item["status"] = "matched"
            else:
                item["status"] = "changed"
            seen.add(firm["pk"])
        out.append(item)
    counts = Counter(item["status"] for item in out)
    return ExpenseImport.objects.create(
        round=round,
        source=source,
        file_name=file_name[:200],
        plan={"rows": out},
        summary={
            "rows": len(out),
            "new": counts["new"],
            "matched": counts["matched"],
            "changed": counts["changed"],
            "ask": counts["ask"],
            "errors": counts["error"],
        },
        created_by=actor_or_none(actor),
    )


@gc_paused()
@transaction.atomic
def expenses_import_commit(
    *,
    actor,
    batch: ExpenseImport,
    choices: dict[int, int | None] | None = None,
    is_demo: bool = False,
) -> dict:
    """Apply a previewed expense list at once; refused, with nothing changed, while a row
    has an error or an unconfirmed suggestion. Re-importing the same list changes nothing."""
    from luoshi.enterprises import services as registry_services

    _require_manage(actor)
    batch = ExpenseImport.objects.select_for_update().get(pk=batch.pk)
    round_ = Round.objects.select_for_update().get(pk=batch.round_id)
    _require_open(round_)
    if batch.state != ExpenseImport.State.PREVIEW:
        raise ValidationFailed(_("This list has already been imported."))
    rows = batch.plan["rows"]
    choices = choices or {}
    errors = sum(1 for r in rows if r["status"] == "error")
    if errors:
        raise ValidationFailed(
            _("%(n)s rows have errors; correct the file and upload it again. Nothing was imported.")
            % {"n": errors}
        )
    unanswered = [r["line"] for r in rows if r["status"] == "ask" and r["line"] not in choices]
    if unanswered:
        raise ValidationFailed(
            _("Confirm the firm for rows %(lines)s, or leave them out.")
            % {"lines": ", ".join(map(str, unanswered[:20]))}
        )
    written = 0
    for r in rows:
        firm_id = r["enterprise_id"]
        if r["status"] == "ask":
            firm_id = choices.get(r["line"])
            if firm_id is None:
                continue
        if r["status"] == "matched":
            continue
        if firm_id is None:
            firm = registry_services.enterprise_save(
                actor=actor, credit_code=r["credit_code"], name=r["name"]
            )
        else:
            firm = Enterprise.objects.get(pk=firm_id)
        line_set(
            actor=actor,
            round=round_,
            enterprise=firm,
            spending=Decimal(r["spending"]),
            previous=Decimal(r["previous"]) if r["previous"] else None,
            source=batch.source,
            is_demo=is_demo,
            recompute_now=False,
        )
        written += 1
    recompute(round_)
    summary = {**batch.summary, "written": written}
    batch.state = ExpenseImport.State.COMMITTED
    batch.summary = summary
    batch.save(update_fields=["state", "summary"])
    audit(actor=actor, action=A.ACTION, obj=round_, verb="expenses imported", extra=summary)
    return summary
