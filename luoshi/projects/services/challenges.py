"""揭榜挂帅: a challenge published, taken, reviewed, signed, paid by milestones and accepted by
its indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit
from luoshi.core.errors import ValidationFailed
from luoshi.finance.services import money
from luoshi.organisations.models import Organisation
from luoshi.projects import permissions, rules
from luoshi.projects.models import (
    Bid,
    Challenge,
    Tranche,
)
from luoshi.projects.services.calls import tranches_of
from luoshi.projects.services.common import (
    move,
    require,
    require_office,
    targets_field,
    text_field,
)

# -- challenges (揭榜挂帅) -------------------------------------------------------------------


@transaction.atomic
def challenge_create(
    *,
    actor,
    title: str,
    goal: str,
    indicators: dict,
    budget,
    deadline: dt.date,
    publisher: Organisation | None = None,
    org_kinds: list[str] = (),
    funding_rate=None,
    funding_cap=None,
    field_codes: list[str] = (),
    is_demo: bool = False,
) -> Challenge:
    """An enterprise drafts its challenge, or the office drafts one on an enterprise's behalf.
    The funding rule defaults to 40 % of the contract, at most 200万元 (configurable)."""
    if permissions.is_office(actor) or actor is None:
        if publisher is None:
            raise ValidationFailed(
                _("Name the enterprise the challenge is for."),
                errors={"publisher": [_("Required.")]},
            )
    else:
        publisher = permissions.org_of(actor)
        require(
            permissions.can_draft_challenge(actor),
            _("Only an enterprise or the office drafts a challenge."),
        )
    errors: dict[str, list[str]] = {}
    title = text_field(title, "title", errors, limit=200)
    goal = text_field(goal, "goal", errors, limit=4000)
    if any(k not in Organisation.Kind.values for k in org_kinds):
        errors["org_kinds"] = [_("Choose kinds from the list.")]
    if errors:
        raise ValidationFailed(_("Please correct the challenge."), errors=errors)
    rate = Decimal(str(funding_rate)) if funding_rate not in (None, "") else Decimal(40)
    if not rate.is_finite() or not 0 <= rate <= 100:
        raise ValidationFailed(
            _("The funding rate is between 0 and 100 %."), errors={"funding_rate": [_("0 to 100.")]}
        )
    challenge = Challenge.objects.create(
        title=title,
        publisher=publisher,
        goal=goal,
        indicators=targets_field(indicators, "indicators"),
        budget=money(budget, "budget"),
        deadline=deadline,
        org_kinds=sorted(set(org_kinds)),
        funding_rate=rate,
        field_codes=[c.strip()[:16] for c in field_codes if c and c.strip()][:20],
        funding_cap=money(funding_cap, "funding_cap")
        if funding_cap not in (None, "")
        else Decimal(2_000_000),
        created_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=challenge, verb="challenge_create")
    return challenge


def challenge_publish(*, actor, challenge: Challenge) -> Challenge:
    require_office(actor)
    with transaction.atomic():
        return move(actor, challenge, Challenge.State.PUBLISHED, "challenge_publish")


def challenge_close(*, actor, challenge: Challenge) -> Challenge:
    require_office(actor)
    if not challenge.bids.exists():
        raise ValidationFailed(_("No team has applied yet."))
    with transaction.atomic():
        return move(actor, challenge, Challenge.State.REVIEW, "challenge_close")


@transaction.atomic
def bid_submit(
    *,
    actor,
    challenge: Challenge,
    plan: str,
    price,
    leader_name: str,
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Bid:
    """A team takes the challenge (揭榜)."""
    require(
        permissions.can_bid(actor, challenge),
        _("Only a verified organisation the challenge admits may apply, while it is published."),
    )
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if today > challenge.deadline:
        errors["deadline"] = [
            _("Applications closed on %(day)s.") % {"day": challenge.deadline.isoformat()}
        ]
    plan = text_field(plan, "plan", errors, limit=4000)
    leader_name = text_field(leader_name, "leader_name", errors, limit=60)
    team = permissions.org_of(actor)
    if challenge.bids.filter(team=team).exists():
        errors["team"] = [_("Your organisation has already applied.")]
    if errors:
        raise ValidationFailed(_("The application cannot be submitted."), errors=errors)
    bid = Bid.objects.create(
        challenge=challenge,
        team=team,
        plan=plan,
        price=money(price, "price"),
        leader_name=leader_name,
        submitted_by=actor_or_none(actor),
        is_demo=is_demo or challenge.is_demo,
    )
    audit(actor=actor, action="create", obj=bid, verb="challenge_bid")
    return bid


@transaction.atomic
def challenge_sign(
    *,
    actor,
    challenge: Challenge,
    bid: Bid,
    contract_amount,
    milestones: list[tuple[str, object]],
    on: dt.date,
    defence_note: str = "",
) -> Challenge:
    """The enterprise and the winning team sign; the city's funding follows the challenge's
    rule (rules.challenge_funding) and is paid by milestones."""
    require_office(actor)
    if bid.challenge_id != challenge.pk:
        raise ValidationFailed(_("This team did not apply for this challenge."))
    amount = money(contract_amount, "contract_amount")
    funding = rules.challenge_funding(
        contract_amount=amount, rate_percent=challenge.funding_rate, cap=challenge.funding_cap
    )
    plan = tranches_of(funding, milestones, "milestones")
    if defence_note:
        bid.defence_note = defence_note.strip()[:500]
        bid.save(update_fields=["defence_note"])
    move(
        actor,
        challenge,
        Challenge.State.SIGNED,
        "challenge_sign",
        winner=bid,
        contract_amount=amount,
        city_funding=funding,
        signed_on=on,
    )
    Tranche.objects.bulk_create(
        [
            Tranche(challenge=challenge, order=i, title=t, percent=p, amount=a)
            for i, (t, p, a) in enumerate(plan)
        ]
    )
    return challenge


@transaction.atomic
def challenge_accept(*, actor, challenge: Challenge, achieved: dict) -> Challenge:
    """Acceptance by the indicators: every indicator reached, or not accepted."""
    require_office(actor)
    values = targets_field(achieved, "achieved")
    met = rules.targets_met(
        {k: Decimal(v) for k, v in challenge.indicators.items()},
        {k: Decimal(v) for k, v in values.items()},
    )
    state = Challenge.State.ACCEPTED if all(met.values()) else Challenge.State.FAILED
    return move(actor, challenge, state, "challenge_accept", achieved=values)
