"""Reads for projects and challenges: lists, the review sheet (applications × experts with
each aggregate, its outliers and the approval list), and a project's or challenge's page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from luoshi.projects import permissions, rules
from luoshi.projects.models import (
    Application,
    Attachment,
    Bid,
    Call,
    Challenge,
    Panel,
    Project,
    Score,
    Tranche,
)

# A call that asks for this kind of attachment is offered the organisation's registration
# proof (its business licence, handed in when it registered).
LICENCE_KIND = "营业执照"
PROOF = "proof"


@dataclass(frozen=True)
class Offer:
    """A file the organisation gave before, offered for a kind."""

    kind: str
    ref: str  # PROOF, or an earlier attachment's id
    name: str
    given: str  # where it was given: the registration, or the earlier application's title


def offers(organisation, kinds: list[str]) -> dict[str, Offer]:
    """Per kind, the latest file the organisation gave of it (one query)."""
    found: dict[str, Offer] = {}
    if LICENCE_KIND in kinds and organisation.proof:
        found[LICENCE_KIND] = Offer(
            LICENCE_KIND, PROOF, organisation.proof_name or PROOF, _("your registration")
        )
    rows = (
        Attachment.objects.filter(application__organisation=organisation, kind__in=kinds)
        .select_related("application")
        .order_by("-pk")
    )
    for row in rows:
        found.setdefault(row.kind, Offer(row.kind, str(row.pk), row.name, row.application.title))
    return found


def attachment_offers(*, organisation, call: Call) -> dict[str, Offer]:
    """Files the organisation gave before, per kind the call requires."""
    return offers(organisation, list(call.attachment_kinds)) if call.attachment_kinds else {}


def open_calls() -> QuerySet[Call]:
    """Calls taking applications: public, as a published guide is."""
    return Call.objects.filter(state=Call.State.OPEN).order_by("closes_on", "pk")


def open_challenges() -> QuerySet[Challenge]:
    """Published challenges taking applications: public, as a published 榜单 is."""
    return (
        Challenge.objects.filter(state=Challenge.State.PUBLISHED)
        .select_related("publisher")
        .order_by("deadline", "pk")
    )


def call_figures(*, viewer) -> list[dict]:
    """Per call the viewer reads in full: applications, asked, approved, contracts, city
    funding and tranches paid. One query (subqueries per figure)."""
    if not permissions.can_read_all(viewer):
        return []
    approved = Q(applications__state=Application.State.APPROVED)

    def per_call(rows, call_path: str, field: str):
        return Subquery(
            rows.filter(**{call_path: OuterRef("pk")})
            .order_by()
            .values(call_path)
            .annotate(total=Sum(field))
            .values("total")
        )

    rows = Call.objects.annotate(
        n_apps=Count("applications", distinct=True),
        asked=Sum("applications__requested"),
        n_approved=Count("applications", filter=approved, distinct=True),
        approved_asked=Sum("applications__requested", filter=approved),
        n_contracts=Count("applications__project", distinct=True),
        funding=per_call(Project.objects.all(), "application__call", "city_funding"),
        paid=per_call(
            Tranche.objects.filter(paid_on__isnull=False), "project__application__call", "amount"
        ),
    ).order_by("-year", "-pk")
    return [
        {
            "id": c.pk,
            "title": c.title,
            "year": c.year,
            "state": c.state,
            "budget": c.budget,
            "applications": c.n_apps,
            "requested": c.asked or Decimal(0),
            "approved": c.n_approved,
            "approved_requested": c.approved_asked or Decimal(0),
            "contracts": c.n_contracts,
            "city_funding": c.funding or Decimal(0),
            "paid": c.paid or Decimal(0),
        }
        for c in rows
    ]


def calls(*, viewer) -> QuerySet[Call]:
    return permissions.calls_visible_to(viewer).annotate(n_applications=Count("applications"))


def applications(*, viewer) -> QuerySet[Application]:
    return permissions.applications_visible_to(viewer).select_related("call", "organisation")


def projects(*, viewer) -> QuerySet[Project]:
    return (
        permissions.projects_visible_to(viewer)
        .select_related("application", "application__organisation", "application__call")
        .annotate(paid=Sum("tranches__amount", filter=Q(tranches__paid_on__isnull=False)))
    )


def challenges(*, viewer) -> QuerySet[Challenge]:
    return (
        permissions.challenges_visible_to(viewer)
        .select_related("publisher")
        .annotate(n_bids=Count("bids", distinct=True))
    )


@dataclass
class SheetRow:
    item: object  # Application or Bid
    scores: list  # one per expert (Decimal or None), in the panel's order
    aggregate: rules.Aggregate
    outlier_experts: set[int]  # expert ids whose score is an outlier
    experts: list  # the panel's experts, in order
    funded: bool | None = None
    reason: str = ""

    @property
    def cells(self):
        """(expert, score, is an outlier) in the panel's order: for the grid."""
        return [
            (expert, score, expert.pk in self.outlier_experts)
            for expert, score in zip(self.experts, self.scores, strict=True)
        ]


def review_sheet(
    *,
    panel: Panel | None,
    items: list,
    field: str,
    budget: Decimal | None,
    pass_score: Decimal,
    outlier_gap: Decimal,
) -> dict:
    """The grid of scores, each row's aggregate and outliers, and (for a call) the approval
    list within the budget. Two queries whatever the size: the experts and the scores (the
    items are given)."""
    if panel is None:
        return {"experts": [], "rows": [], "ranked": []}
    experts = list(panel.experts.all())
    position = {e.pk: i for i, e in enumerate(experts)}
    grid: dict[int, list] = {item.pk: [None] * len(experts) for item in items}
    for item_id, expert_id, total in Score.objects.filter(expert__panel=panel).values_list(
        field, "expert_id", "total"
    ):
        if item_id in grid:
            grid[item_id][position[expert_id]] = total
    rows = []
    for item in items:
        given = [(i, s) for i, s in enumerate(grid[item.pk]) if s is not None]
        agg = rules.aggregate([s for _i, s in given], outlier_gap=outlier_gap)
        outliers = {experts[given[k][0]].pk for k in agg.outliers}
        rows.append(
            SheetRow(
                item=item,
                scores=grid[item.pk],
                aggregate=agg,
                outlier_experts=outliers,
                experts=experts,
            )
        )
    ranked = []
    if budget is not None:
        by_pk = {row.item.pk: row for row in rows}
        for r in rules.approval_list(
            [
                (row.item.pk, row.aggregate.score, getattr(row.item, "requested", Decimal(0)))
                for row in rows
            ],
            budget=budget,
            pass_score=pass_score,
        ):
            row = by_pk[r.key]
            row.funded, row.reason = r.funded, r.reason
            ranked.append(row)
    else:
        ranked = sorted(
            (r for r in rows if r.aggregate.score is not None), key=lambda r: -r.aggregate.score
        )
    return {"experts": experts, "rows": rows, "ranked": ranked}


def call_page(*, viewer, call: Call) -> dict:
    office = permissions.is_office(viewer)
    read_all = permissions.can_read_all(viewer)
    panel = Panel.objects.filter(call=call).first()
    apps = (
        list(
            call.applications.select_related("organisation")
            .prefetch_related("attachments")
            .order_by("pk")
        )
        if read_all
        else []
    )
    scored = [
        a
        for a in apps
        if a.state
        in (Application.State.FORMAL_OK, Application.State.APPROVED, Application.State.NOT_APPROVED)
    ]
    sheet = review_sheet(
        panel=panel,
        items=scored,
        field="application_id",
        budget=call.budget,
        pass_score=call.pass_score,
        outlier_gap=call.outlier_gap,
    )
    approved = (
        [
            a
            for a in call.applications.select_related("organisation").filter(
                state=Application.State.APPROVED
            )
        ]
        if call.state in (Call.State.PUBLICITY, Call.State.DECIDED)
        else []
    )
    return {
        "call": call,
        "is_office": office,
        "read_all": read_all,
        "applications": apps,
        "panel": panel,
        "sheet": sheet,
        "approved": approved,
        "can_apply": permissions.can_apply(viewer, call),
        "sheet_editable": office and call.state == Call.State.REVIEW,
        "contracts": {p.application_id: p for p in Project.objects.filter(application__call=call)},
    }


def challenge_page(*, viewer, challenge: Challenge) -> dict:
    see_bids = permissions.can_see_bids(viewer, challenge)
    bids = list(challenge.bids.select_related("team")) if see_bids else []
    panel = Panel.objects.filter(challenge=challenge).first()
    sheet = (
        review_sheet(
            panel=panel,
            items=bids,
            field="bid_id",
            budget=None,
            pass_score=Decimal(0),
            outlier_gap=Decimal(15),
        )
        if see_bids
        else {}
    )
    return {
        "challenge": challenge,
        "bids": bids,
        "panel": panel,
        "sheet": sheet,
        "is_office": permissions.is_office(viewer),
        "sheet_editable": permissions.is_office(viewer)
        and challenge.state == Challenge.State.REVIEW,
        "see_bids": see_bids,
        "can_bid": permissions.can_bid(viewer, challenge),
        "milestones": list(challenge.milestones.all()),
        "met": rules.targets_met(
            {k: Decimal(v) for k, v in challenge.indicators.items()},
            {k: Decimal(v) for k, v in challenge.achieved.items()},
        )
        if challenge.achieved
        else {},
        "my_bid": next(
            (b for b in Bid.objects.filter(challenge=challenge, team=permissions.org_of(viewer))),
            None,
        )
        if permissions.org_of(viewer)
        else None,
    }
