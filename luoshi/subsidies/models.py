"""The yearly R&D post-subsidy round (研发费用后补助, plan task 8): its rule set, the firms'
R&D expenses with the amount the rule gives each, review, the public notice (公示) with
objections, and the payment list. The computation itself is in `rules.py`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.subsidies import rules


class Round(models.Model):
    class Base(models.TextChoices):
        SPENDING = rules.BASE_SPENDING, _("R&D spending of the year")
        INCREASE = rules.BASE_INCREASE, _("Increase over the previous year")

    class State(models.TextChoices):
        OPEN = "open", _("Preparing")
        PUBLICISED = "publicised", _("Publicly notified (公示)")
        FINAL = "final", _("Final list")
        PAID = "paid", _("Paid (locked)")

    TRANSITIONS = {
        State.OPEN: {State.PUBLICISED},
        State.PUBLICISED: {State.FINAL},
        State.FINAL: {State.PAID},
        State.PAID: set(),
    }

    year = models.PositiveSmallIntegerField(_("year of the round"), unique=True)
    expense_year = models.PositiveSmallIntegerField(_("year of the R&D expenses"))
    title = models.CharField(_("title"), max_length=200)
    base = models.CharField(_("base"), max_length=10, choices=Base.choices, default=Base.SPENDING)
    # [{"above": "0", "rate": "0.05"}, ...] in yuan and fractions (see rules.Tier)
    tiers = models.JSONField(_("tiers"), default=list)
    cap = models.DecimalField(
        _("cap per firm (yuan)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    budget = models.DecimalField(
        _("budget (yuan)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    eligible_kinds = models.JSONField(_("eligible qualifications"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    factor = models.DecimalField(
        _("scaling factor"), max_digits=12, decimal_places=10, default=Decimal(1)
    )
    notice_from = models.DateField(_("notice from"), null=True, blank=True)
    notice_until = models.DateField(_("objections until"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("post-subsidy round")
        verbose_name_plural = _("post-subsidy rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def rule(self) -> rules.Rule:
        return rules.Rule(
            base=self.base,
            tiers=[rules.Tier(Decimal(t["above"]), Decimal(t["rate"])) for t in self.tiers],
            cap=self.cap,
            budget=self.budget,
        )

    @property
    def eligible_labels(self) -> list[str]:
        from luoshi.enterprises.models import Qualification

        return [str(Qualification.Kind(k).label) for k in self.eligible_kinds]

    @property
    def locked(self) -> bool:
        return self.state == self.State.PAID

    @property
    def editable(self) -> bool:
        """Expenses, reviews and rules change while preparing, and during the notice when an
        objection is upheld."""
        return self.state in (self.State.OPEN, self.State.PUBLICISED)


class Line(models.Model):
    """One firm's claim in a round, with the rule applied."""

    class Source(models.TextChoices):
        DECLARATION = "declaration", _("Firm's declaration")
        TAX = "tax", _("Tax super-deduction list")
        MANUAL = "manual", _("Entered by the office")

    class Review(models.TextChoices):
        PENDING = "pending", _("To review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="lines")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="subsidy_lines"
    )
    spending = models.DecimalField(_("R&D expenses (yuan)"), max_digits=16, decimal_places=2)
    previous = models.DecimalField(
        _("previous year's R&D expenses (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    eligible = models.BooleanField(_("eligible"), default=False)
    qualifications = models.JSONField(default=list)  # kinds held on 31 December
    base_amount = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    capped = models.DecimalField(max_digits=18, decimal_places=4, default=Decimal(0))
    amount = models.DecimalField(
        _("subsidy (yuan)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    working = models.JSONField(default=dict)  # the rule applied, for the page (see services)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["round", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "enterprise"], name="subsidy_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.enterprise_id}"


class Objection(models.Model):
    """An objection received during the public notice, and the office's answer."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"), max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class ExpenseImport(models.Model):
    """An uploaded expense list for a round: previewed, then committed at once."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        COMMITTED = "committed", _("Committed")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(max_length=12, choices=Line.Source.choices)
    file_name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    plan = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
