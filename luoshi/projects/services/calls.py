"""Project calls: the call, applications filled in once, formal and expert review, the approval
list and 公示, the task contract with its tranches, acceptance and closing (免责清单 included)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, audit_many, snapshot
from luoshi.core.errors import ValidationFailed
from luoshi.finance import registry
from luoshi.finance.services import money
from luoshi.organisations.models import Organisation
from luoshi.projects import experts, permissions, profile, rules
from luoshi.projects.models import (
    Application,
    Call,
    Challenge,
    Panel,
    PanelExpert,
    Project,
    Score,
    ToleranceReason,
    Tranche,
)
from luoshi.projects.services import attachments as attaching
from luoshi.projects.services.common import (
    TOLERANCE_CONDITIONS,
    move,
    require,
    require_office,
    targets_field,
    text_field,
)

# -- calls and applications -----------------------------------------------------------------


@transaction.atomic
def call_create(
    *,
    actor,
    title: str,
    year: int,
    guide: str,
    categories: list[str],
    budget,
    max_request,
    opens_on: dt.date,
    closes_on: dt.date,
    org_kinds: list[str] = (),
    accepted_kinds: list[str] = (),
    expert_count: int = 7,
    pass_score=60,
    publicity_days: int = 7,
    field_codes: list[str] = (),
    attachment_kinds: list[str] = (),
    is_demo: bool = False,
) -> Call:
    require_office(actor)
    errors: dict[str, list[str]] = {}
    title = text_field(title, "title", errors, limit=200)
    attachment_kinds = attaching.kinds_field(attachment_kinds, errors)
    categories = [c.strip()[:60] for c in categories if c and c.strip()]
    if not categories:
        errors["categories"] = [_("Give at least one category.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("The call closes after it opens.")]
    if any(k not in Organisation.Kind.values for k in org_kinds):
        errors["org_kinds"] = [_("Choose kinds from the list.")]
    if any(k not in registry.KINDS for k in accepted_kinds):
        errors["accepted_kinds"] = [_("Choose qualifications from the list.")]
    if not 0 <= int(publicity_days) <= 60:
        errors["publicity_days"] = [_("Between 0 and 60 days.")]
    if not 3 <= int(expert_count) <= 25:
        errors["expert_count"] = [_("Between 3 and 25 experts.")]
    if errors:
        raise ValidationFailed(_("Please correct the call."), errors=errors)
    call = Call.objects.create(
        title=title,
        year=int(year),
        guide=(guide or "")[:20000],
        categories=categories,
        budget=money(budget, "budget"),
        max_request=money(max_request, "max_request"),
        opens_on=opens_on,
        closes_on=closes_on,
        org_kinds=sorted(set(org_kinds)),
        accepted_kinds=sorted(set(accepted_kinds)),
        expert_count=int(expert_count),
        pass_score=Decimal(str(pass_score)),
        publicity_days=int(publicity_days),
        field_codes=[c.strip()[:16] for c in field_codes if c and c.strip()][:20],
        attachment_kinds=attachment_kinds,
        created_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=call)
    return call


def call_open(*, actor, call: Call) -> Call:
    require_office(actor)
    with transaction.atomic():
        return move(actor, call, Call.State.OPEN, "call_open")


def call_close(*, actor, call: Call) -> Call:
    """Applications end; formal and expert review begin."""
    require_office(actor)
    with transaction.atomic():
        return move(actor, call, Call.State.REVIEW, "call_close")


@transaction.atomic
def application_submit(
    *,
    actor,
    call: Call,
    category: str,
    title: str,
    summary: str,
    requested,
    matching,
    leader_name: str,
    leader_phone: str,
    team: str = "",
    declared_kinds: list[str] = (),
    attachments: dict | None = None,
    reuse: dict | None = None,
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Application:
    """An organisation applies. What luoshi knows (its profile) is taken, not asked; the
    application is checked for completeness (the call's attachments, new uploads keyed by
    kind or files given before: `reuse` {kind: offer ref}) and eligibility before it is
    accepted."""
    org = permissions.org_of(actor)
    require(
        org is not None and permissions.can_apply(actor, call),
        _("Only a verified organisation of a kind this call admits may apply while it is open."),
    )
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not call.opens_on <= today <= call.closes_on:
        errors["call"] = [
            _("The call takes applications from %(start)s to %(end)s.")
            % {"start": call.opens_on.isoformat(), "end": call.closes_on.isoformat()}
        ]
    if category not in call.categories:
        errors["category"] = [_("Choose one of the call's categories.")]
    title = text_field(title, "title", errors, limit=200)
    summary = text_field(summary, "summary", errors, limit=4000)
    leader_name = text_field(leader_name, "leader_name", errors, limit=60)
    leader_phone = text_field(leader_phone, "leader_phone", errors, limit=30)
    planned = attaching.check(
        call=call, organisation=org, uploads=attachments or {}, reuse=reuse or {}, errors=errors
    )
    if errors:
        raise ValidationFailed(_("The application is not complete."), errors=errors)
    requested = money(requested, "requested")
    matching = money(matching, "matching", allow_zero=True)
    if requested > call.max_request:
        errors["requested"] = [_("At most %(amount)s yuan.") % {"amount": f"{call.max_request:,}"}]
    facts = profile.profile_of(org, on=today, declared=list(declared_kinds))
    if call.accepted_kinds and not set(call.accepted_kinds) & set(facts["qualifications"]):
        errors["declared_kinds"] = [
            _("This call is for: %(kinds)s.")
            % {"kinds": "、".join(str(registry.KINDS[k]) for k in call.accepted_kinds)}
        ]
    if Application.objects.filter(call=call, organisation=org, title=title).exists():
        errors["title"] = [_("Your organisation already applied with this title.")]
    if errors:
        raise ValidationFailed(_("The application cannot be submitted."), errors=errors)
    application = Application.objects.create(
        call=call,
        organisation=org,
        profile=facts,
        category=category,
        title=title,
        summary=summary,
        requested=requested,
        matching=matching,
        leader_name=leader_name,
        leader_phone=leader_phone,
        team=(team or "").strip()[:2000],
        submitted_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=application, verb="project_apply")
    attaching.store(actor=actor, application=application, planned=planned)
    return application


@transaction.atomic
def formal_review(*, actor, application: Application, ok: bool, note: str = "") -> Application:
    require_office(actor)
    if application.call.state != Call.State.REVIEW:
        raise ValidationFailed(_("Formal review starts when the call closes."))
    if application.state not in (
        Application.State.SUBMITTED,
        Application.State.FORMAL_OK,
        Application.State.RETURNED,
    ):
        raise ValidationFailed(_("This application is already decided."))
    if not ok and not (note or "").strip():
        raise ValidationFailed(_("Say what is wrong."), errors={"note": [_("Required.")]})
    before = snapshot(application)
    application.state = Application.State.FORMAL_OK if ok else Application.State.RETURNED
    application.formal_note = (note or "").strip()[:300]
    application.save()
    audit(
        actor=actor,
        action="update",
        obj=application,
        before=before,
        after=snapshot(application),
        verb="formal_review",
    )
    return application


@transaction.atomic
def panel_draw(
    *,
    actor,
    call: Call | None = None,
    challenge: Challenge | None = None,
    field_codes: list[str] | None = None,
    seed: str | None = None,
) -> Panel:
    """Draw the call's (or challenge's) experts from the expert database; experts of an
    applicant (or the publishing enterprise) and those related to one are left out."""
    require_office(actor)
    target = call or challenge
    if (call is None) == (challenge is None):
        raise ValidationFailed(_("Draw a panel for one call or one challenge."))
    if target.state != target.State.REVIEW:
        raise ValidationFailed(_("The panel is drawn once applications have closed."))
    if Panel.objects.filter(call=call, challenge=challenge).exists():
        raise ValidationFailed(_("The panel is already drawn."))
    codes = list(field_codes) if field_codes else list(target.field_codes)
    if call is not None:
        orgs = set(call.applications.values_list("organisation_id", flat=True))
        count = call.expert_count
    else:
        orgs = {*challenge.bids.values_list("team_id", flat=True), challenge.publisher_id}
        count = 5
    drawn, record = experts.draw(
        actor=actor,
        review_label=str(target),
        field_codes=codes,
        count=count,
        exclude_organisation_ids=orgs,
        seed=seed,
        is_demo=target.is_demo,
    )
    if codes != target.field_codes:
        target.field_codes = codes
        target.save(update_fields=["field_codes"])
    panel = Panel.objects.create(
        call=call, challenge=challenge, draw_record=record, drawn_by=actor_or_none(actor)
    )
    PanelExpert.objects.bulk_create(
        [
            PanelExpert(panel=panel, name=e.name, affiliation=e.affiliation, ref=e.ref, order=i)
            for i, e in enumerate(drawn)
        ]
    )
    audit(actor=actor, action="create", obj=panel, verb="panel_draw", extra=record)
    return panel


def _score(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return Decimal(-1)
    if not number.is_finite() or abs(number) > 1000:
        return Decimal(-1)
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def scores_save(*, actor, panel: Panel, sheet: dict[tuple[int, int], object]) -> int:
    """The scoring sheets' totals, {(application or bid id, expert id): 0–100}; an empty
    value removes a score. Replaces what was there for those pairs. Returns how many are kept."""
    require_office(actor)
    target = panel.call or panel.challenge
    if target.state != target.State.REVIEW:
        raise ValidationFailed(_("Scores are entered while the review is open."))
    experts_ids = set(panel.experts.values_list("pk", flat=True))
    if panel.call_id:
        items = set(
            panel.call.applications.filter(state=Application.State.FORMAL_OK).values_list(
                "pk", flat=True
            )
        )
        field = "application_id"
    else:
        items = set(panel.challenge.bids.values_list("pk", flat=True))
        field = "bid_id"
    rows, bad = [], []
    for (item, expert), value in sheet.items():
        if item not in items or expert not in experts_ids:
            raise ValidationFailed(_("A score names an application or expert not on this panel."))
        number = _score(value)
        if number is not None and not Decimal(0) <= number <= Decimal(100):
            bad.append(f"{item}-{expert}")
            continue
        rows.append((item, expert, number))
    if bad:
        raise ValidationFailed(
            _("Scores are numbers from 0 to 100."),
            errors={key: [_("From 0 to 100.")] for key in bad},
        )
    pairs = [(i, e) for i, e, _n in rows]
    existing = Score.objects.filter(expert__panel=panel, **{f"{field}__in": {i for i, _e in pairs}})
    existing.filter(expert_id__in={e for _i, e in pairs}).delete()
    made = Score.objects.bulk_create(
        [Score(expert_id=e, total=n, **{field: i}) for i, e, n in rows if n is not None]
    )
    audit(actor=actor, action="update", obj=panel, verb="scores_save", extra={"scores": len(made)})
    return len(made)


def aggregates(
    *, panel: Panel, keys: list[int], field: str, outlier_gap: Decimal
) -> dict[int, rules.Aggregate]:
    """Each application's (or bid's) aggregate from its scores: one query."""
    by_item: dict[int, list[Decimal]] = {k: [] for k in keys}
    for item, total in (
        Score.objects.filter(expert__panel=panel, **{f"{field}__in": keys})
        .order_by("expert__order")
        .values_list(field, "total")
    ):
        by_item[item].append(total)
    return {k: rules.aggregate(v, outlier_gap=outlier_gap) for k, v in by_item.items()}


@transaction.atomic
def call_publish_list(*, actor, call: Call, today: dt.date | None = None) -> Call:
    """Rank the applications that passed formal review by their aggregate score, approve down
    the list within the budget (rules.approval_list), and put the list into publicity."""
    require_office(actor)
    panel = getattr(call, "panel", None)
    if panel is None:
        raise ValidationFailed(_("Draw the panel and enter the scores first."))
    today = today or timezone.localdate()
    apps = list(call.applications.filter(state=Application.State.FORMAL_OK))
    aggs = aggregates(
        panel=panel, keys=[a.pk for a in apps], field="application_id", outlier_gap=call.outlier_gap
    )
    unscored = [a.title for a in apps if aggs[a.pk].score is None]
    if unscored:
        raise ValidationFailed(
            _("Not every application is scored: %(titles)s") % {"titles": "、".join(unscored[:5])}
        )
    ranked = rules.approval_list(
        [(a.pk, aggs[a.pk].score, a.requested) for a in apps],
        budget=call.budget,
        pass_score=call.pass_score,
    )
    by_pk = {a.pk: a for a in apps}
    for row in ranked:
        app = by_pk[row.key]
        app.score = row.score
        app.state = Application.State.APPROVED if row.funded else Application.State.NOT_APPROVED
    Application.objects.bulk_update(apps, ["score", "state"])
    audit_many(actor=actor, action="update", objs=apps, verb="approval_list")
    return move(
        actor,
        call,
        Call.State.PUBLICITY,
        "call_publicity",
        publicity_until=today + dt.timedelta(days=call.publicity_days),
    )


def call_decide(*, actor, call: Call, today: dt.date | None = None) -> Call:
    """The publicity is over: the list is final and contracts may be signed."""
    require_office(actor)
    today = today or timezone.localdate()
    if call.publicity_until and today < call.publicity_until:
        raise ValidationFailed(
            _("The publicity runs until %(day)s.") % {"day": call.publicity_until.isoformat()}
        )
    with transaction.atomic():
        return move(actor, call, Call.State.DECIDED, "call_decide")


def tranches_of(
    total: Decimal, plan: list[tuple[str, object]], field: str
) -> list[tuple[str, Decimal, Decimal]]:
    if not plan:
        raise ValidationFailed(_("Give at least one tranche."), errors={field: [_("Required.")]})
    titles, percents = [], []
    for title, percent in plan:
        try:
            p = Decimal(str(percent))
        except (InvalidOperation, ValueError):
            p = Decimal(-1)
        if not (title or "").strip() or not p.is_finite() or p <= 0:
            raise ValidationFailed(
                _("Each tranche needs a name and a positive share."),
                errors={field: [_("Check the tranches.")]},
            )
        titles.append(title.strip()[:120])
        percents.append(p)
    if sum(percents) != 100:
        raise ValidationFailed(
            _("The tranches' shares add up to 100."), errors={field: [_("Shares add up to 100.")]}
        )
    amounts = rules.tranches(total=total, percents=percents)
    return list(zip(titles, percents, amounts, strict=True))


@transaction.atomic
def contract_sign(
    *,
    actor,
    application: Application,
    starts_on: dt.date,
    ends_on: dt.date,
    targets: dict,
    tranches: list[tuple[str, object]],
    city_funding=None,
) -> Project:
    require_office(actor)
    if (
        application.call.state != Call.State.DECIDED
        or application.state != Application.State.APPROVED
    ):
        raise ValidationFailed(
            _("A contract is signed for an approved application once the list is final.")
        )
    if hasattr(application, "project"):
        raise ValidationFailed(_("The contract is already signed."))
    if ends_on <= starts_on:
        raise ValidationFailed(
            _("The project ends after it starts."), errors={"ends_on": [_("After the start.")]}
        )
    funding = money(
        city_funding if city_funding not in (None, "") else application.requested, "city_funding"
    )
    if funding > application.requested:
        raise ValidationFailed(
            _("The city funds at most what was asked."), errors={"city_funding": [_("Too much.")]}
        )
    plan = tranches_of(funding, tranches, "tranches")
    serial = Project.objects.filter(application__call__year=application.call.year).count() + 1
    project = Project.objects.create(
        application=application,
        contract_no=f"SNKJ{application.call.year}-{serial:04d}",
        city_funding=funding,
        matching=application.matching,
        starts_on=starts_on,
        ends_on=ends_on,
        targets=targets_field(targets, "targets"),
        is_demo=application.is_demo,
    )
    Tranche.objects.bulk_create(
        [
            Tranche(project=project, order=i, title=t, percent=p, amount=a)
            for i, (t, p, a) in enumerate(plan)
        ]
    )
    audit(actor=actor, action="create", obj=project, verb="contract_sign")
    return project


@transaction.atomic
def tranche_pay(*, actor, tranche: Tranche, on: dt.date) -> Tranche:
    require_office(actor)
    if tranche.paid_on is not None:
        raise ValidationFailed(_("This tranche is already paid."))
    owner = tranche.project or tranche.challenge
    if tranche.project_id and owner.state not in (
        Project.State.RUNNING,
        Project.State.MID_PASSED,
        Project.State.ACCEPTED,
    ):
        raise ValidationFailed(_("The project is closed without acceptance: nothing more is paid."))
    if tranche.challenge_id and owner.state not in (
        Challenge.State.SIGNED,
        Challenge.State.ACCEPTED,
    ):
        raise ValidationFailed(_("Milestones are paid once the challenge is signed."))
    before = snapshot(tranche)
    tranche.paid_on = on
    tranche.save()
    audit(
        actor=actor,
        action="update",
        obj=tranche,
        before=before,
        after=snapshot(tranche),
        verb="tranche_pay",
    )
    return tranche


@transaction.atomic
def acceptance(
    *,
    actor,
    project: Project,
    stage: str,
    achieved: dict,
    note: str = "",
    tolerate: bool = False,
    tolerance_reason: str = "",
    conditions: list[str] = (),
) -> Project:
    """Mid-term: the progress is recorded and the check passed. Final: the targets
    met close it as accepted; otherwise it fails, or — when the office confirms every
    condition of the 免责清单 and names the reason — it closes as a tolerated failure."""
    require_office(actor)
    open_states = (Project.State.RUNNING, Project.State.MID_PASSED)
    if project.state not in open_states or (
        stage == "mid" and project.state != Project.State.RUNNING
    ):
        raise ValidationFailed(_("This project is not waiting for that check."))
    if stage not in ("mid", "final"):
        raise ValidationFailed(_("Choose mid-term or final acceptance."))
    values = targets_field(achieved, "achieved")
    met = rules.targets_met(
        {k: Decimal(v) for k, v in project.targets.items()},
        {k: Decimal(v) for k, v in values.items()},
    )
    before = snapshot(project)
    project.achieved = values
    project.closing_note = (note or "").strip()[:4000]
    if stage == "mid":
        # The mid-term check records the progress against the targets; a project found
        # failing stops only at the final acceptance, where the 免责清单 can apply.
        project.state = Project.State.MID_PASSED
        verb = "acceptance_mid"
    elif all(met.values()):
        project.state = Project.State.ACCEPTED
        verb = "acceptance_final"
    elif tolerate:
        missing = set(TOLERANCE_CONDITIONS) - set(conditions)
        if missing or tolerance_reason not in ToleranceReason.values or not project.closing_note:
            raise ValidationFailed(
                _("A tolerated failure needs every condition confirmed, a reason and a note."),
                errors={"conditions": [_("Confirm every condition.")]}
                if missing
                else {"tolerance_reason": [_("Required.")]},
            )
        project.state = Project.State.TOLERATED
        project.tolerance_reason = tolerance_reason
        project.tolerance_conditions = sorted(conditions)
        verb = "acceptance_tolerated"
    else:
        project.state = Project.State.FAILED
        verb = "acceptance_failed"
    project.save()
    audit(
        actor=actor,
        action="update",
        obj=project,
        before=before,
        after=snapshot(project),
        verb=verb,
        extra={"targets_met": met},
    )
    return project
