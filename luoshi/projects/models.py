"""City S&T projects, filled in once: calls, applications prefilled from the organisation's
profile, formal review, expert panels and scoring sheets, the approval list and its 公示, task
contracts with tranches, mid-term and final acceptance, closing (with the 免责清单's tolerated
failure); and 揭榜挂帅 challenges with their bids, signing, milestones and acceptance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 14, "decimal_places": 0}
USER = settings.AUTH_USER_MODEL


class Call(models.Model):
    """A call for project applications (项目申报指南)."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("call", "Draft")
        OPEN = "open", pgettext_lazy("call", "Open")
        REVIEW = "review", pgettext_lazy("call", "Under review")
        PUBLICITY = "publicity", pgettext_lazy("call", "Approval list in publicity")
        DECIDED = "decided", pgettext_lazy("call", "Decided")

    TRANSITIONS = {
        State.DRAFT: {State.OPEN},
        State.OPEN: {State.REVIEW},
        State.REVIEW: {State.PUBLICITY},
        State.PUBLICITY: {State.DECIDED},
        State.DECIDED: set(),
    }

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    guide = models.TextField(_("guide"), blank=True)
    categories = models.JSONField(_("categories"), default=list)
    budget = models.DecimalField(_("budget (yuan)"), **MONEY)
    max_request = models.DecimalField(_("most one project may ask (yuan)"), **MONEY)
    # Qualification kinds (registry) any of which admits; empty: no requirement.
    accepted_kinds = models.JSONField(_("qualifications accepted"), default=list, blank=True)
    org_kinds = models.JSONField(_("kinds of organisation that may apply"), default=list)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # The attachments an application must carry, by kind (e.g. 申报书, 财务报表, 承诺书).
    attachment_kinds = models.JSONField(_("attachments required"), default=list, blank=True)
    expert_count = models.PositiveSmallIntegerField(_("experts per panel"), default=7)
    # Discipline codes (GB/T 13745) the panel's experts are drawn from.
    field_codes = models.JSONField(_("disciplines of the experts"), default=list, blank=True)
    pass_score = models.DecimalField(_("pass score"), max_digits=5, decimal_places=2, default=60)
    outlier_gap = models.DecimalField(
        _("outlier: points from the median"), max_digits=5, decimal_places=2, default=15
    )
    publicity_days = models.PositiveSmallIntegerField(_("publicity (days)"), default=7)
    publicity_until = models.DateField(_("publicity until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("project call")
        verbose_name_plural = _("project calls")
        ordering = ["-year", "-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.state, set())


class Application(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("project application", "Submitted")
        FORMAL_OK = "formal_ok", pgettext_lazy("project application", "Passed formal review")
        RETURNED = "returned", pgettext_lazy("project application", "Failed formal review")
        APPROVED = "approved", pgettext_lazy("project application", "Approved")
        NOT_APPROVED = "not_approved", pgettext_lazy("project application", "Not approved")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="project_applications"
    )
    # What luoshi already knew when the application was made (the organisation's account and
    # the registry): shown, never typed, kept as it was.
    profile = models.JSONField(_("applicant's profile"), default=dict)
    category = models.CharField(_("category"), max_length=60)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000)
    requested = models.DecimalField(_("city funding asked (yuan)"), **MONEY)
    matching = models.DecimalField(_("matching funds (yuan)"), **MONEY)
    leader_name = models.CharField(_("project leader"), max_length=60)
    leader_phone = models.CharField(_("leader's phone"), max_length=30)
    team = models.TextField(_("team"), max_length=2000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    formal_note = models.CharField(_("formal review note"), max_length=300, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("project application")
        verbose_name_plural = _("project applications")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation", "title"], name="projects_app_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file an application carries, of one of the call's attachment kinds. A file the
    organisation gave before (an earlier application's, or its registration proof for the
    business licence) is reused: the row points at the same stored file."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("attachment kind"), max_length=60)
    file = models.FileField(_("file"), upload_to="projects/attachments/%Y/", max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    reused = models.BooleanField(_("given before"), default=False)
    uploaded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="projects_attachment_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.name}"


class Panel(models.Model):
    """The experts drawn to review a call's applications or a challenge's bids."""

    call = models.OneToOneField(
        Call, null=True, blank=True, on_delete=models.CASCADE, related_name="panel"
    )
    challenge = models.OneToOneField(
        "projects.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="panel"
    )
    # What lets anyone re-run the draw and get the same experts (experts.py).
    draw_record = models.JSONField(_("draw record"), default=dict)
    drawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")

    def __str__(self) -> str:
        return str(self.call or self.challenge)


class PanelExpert(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("expert"), max_length=60)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    ref = models.CharField(max_length=64, blank=True)  # the expert database's id
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["panel", "order"]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One expert's scoring sheet total for one application (or bid)."""

    expert = models.ForeignKey(PanelExpert, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    bid = models.ForeignKey(
        "projects.Bid", null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "application"], name="projects_score_app"),
            models.UniqueConstraint(fields=["expert", "bid"], name="projects_score_bid"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.total}"


class ToleranceReason(models.TextChoices):
    """Why a failed project whose team followed the rules is closed as tolerated (免责清单)."""

    TECH_ROUTE = "tech_route", _("The technical route proved unworkable despite due diligence")
    FRONTIER = "frontier", _("Frontier exploration with high uncertainty")
    MARKET = "market", _("Market or policy changed beyond the team's control")
    FORCE_MAJEURE = "force_majeure", _("Force majeure")


class Project(models.Model):
    """The task contract (任务合同书) of an approved application: targets, budget, tranches."""

    class State(models.TextChoices):
        RUNNING = "running", pgettext_lazy("project", "Running")
        MID_PASSED = "mid_passed", pgettext_lazy("project", "Passed mid-term check")
        ACCEPTED = "accepted", pgettext_lazy("project", "Closed: accepted")
        FAILED = "failed", pgettext_lazy("project", "Closed: failed")
        TOLERATED = "tolerated", pgettext_lazy("project", "Closed: tolerated failure")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="project"
    )
    contract_no = models.CharField(_("contract number"), max_length=30, unique=True)
    city_funding = models.DecimalField(_("city funding (yuan)"), **MONEY)
    matching = models.DecimalField(_("matching funds (yuan)"), **MONEY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    targets = models.JSONField(_("targets"), default=dict)  # {name: number}
    achieved = models.JSONField(_("achieved"), default=dict)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RUNNING
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    tolerance_reason = models.CharField(
        _("reason for tolerance"), max_length=16, choices=ToleranceReason.choices, blank=True
    )
    # The 免责清单's conditions, each confirmed by the office at closing.
    tolerance_conditions = models.JSONField(_("conditions confirmed"), default=list, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract_no} · {self.application.title}"


class Tranche(models.Model):
    """A payment of the city's funding (a project's tranche or a challenge's milestone)."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="tranches"
    )
    challenge = models.ForeignKey(
        "projects.Challenge",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(pgettext_lazy("project", "milestone"), max_length=120)
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.title} · {self.amount}"


class Challenge(models.Model):
    """A 揭榜挂帅 challenge: a technical goal with indicators, a budget and a deadline."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("challenge", "Draft")
        PUBLISHED = "published", pgettext_lazy("challenge", "Published")
        REVIEW = "review", pgettext_lazy("challenge", "Under review")
        SIGNED = "signed", pgettext_lazy("challenge", "Signed")
        ACCEPTED = "accepted", pgettext_lazy("challenge", "Accepted")
        FAILED = "failed", pgettext_lazy("challenge", "Not accepted")

    TRANSITIONS = {
        State.DRAFT: {State.PUBLISHED},
        State.PUBLISHED: {State.REVIEW},
        State.REVIEW: {State.SIGNED},
        State.SIGNED: {State.ACCEPTED, State.FAILED},
        State.ACCEPTED: set(),
        State.FAILED: set(),
    }

    title = models.CharField(_("title"), max_length=200)
    publisher = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("publishing enterprise"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    goal = models.TextField(_("technical goal"), max_length=4000)
    indicators = models.JSONField(_("indicators"), default=dict)  # {name: target}
    budget = models.DecimalField(_("contract budget (yuan)"), **MONEY)
    deadline = models.DateField(_("applications until"))
    org_kinds = models.JSONField(_("who may apply"), default=list)
    field_codes = models.JSONField(_("disciplines of the experts"), default=list, blank=True)
    funding_rate = models.DecimalField(
        _("city funding rate (%)"), max_digits=5, decimal_places=2, default=40
    )
    funding_cap = models.DecimalField(_("city funding cap (yuan)"), default=2_000_000, **MONEY)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    winner = models.ForeignKey(
        "projects.Bid", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract_amount = models.DecimalField(
        _("contract amount (yuan)"), null=True, blank=True, **MONEY
    )
    city_funding = models.DecimalField(_("city funding (yuan)"), null=True, blank=True, **MONEY)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    achieved = models.JSONField(_("achieved"), default=dict)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.state, set())


class Bid(models.Model):
    """A team's application for a challenge (揭榜)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="bids")
    team = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="bids"
    )
    plan = models.TextField(_("technical plan"), max_length=4000)
    price = models.DecimalField(_("contract amount asked (yuan)"), **MONEY)
    leader_name = models.CharField(_("team leader"), max_length=60)
    defence_note = models.CharField(_("defence note"), max_length=500, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "team"], name="projects_bid_once")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.challenge}"
