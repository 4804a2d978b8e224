"""One year's assessment rules (Scheme, Criterion), its bonus and deduction items, the frozen
results and the units' objections."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Categories assessed in their own systems, or only on their share, are left out by default
# (shared/DOMAIN.md §6), and so are bodies that are not departments (the people's government
# itself, leading groups: category "other"). The office changes this per year.
DEFAULT_EXCLUDED = ["court", "procuratorate", "party", "vertical", "other"]


def default_excluded() -> list[str]:
    return list(DEFAULT_EXCLUDED)


class Group(models.TextChoices):
    """The separate lists units are ranked in."""

    DEPARTMENTS = "departments", _("City departments")
    COUNTIES = "counties", _("County/district governments")
    PARKS = "parks", _("Park committees")


class Measure(models.TextChoices):
    """What a criterion measures. Process measures come from supervision's process figures;
    TARGETS from the yearly targets broken down to counties and parks."""

    ON_TIME = "on_time", _("On-time rate")
    COMPLETENESS = "completeness", _("Completeness")
    FIRST_PASS = "first_pass", _("First-pass rate")
    MILESTONES = "milestones", _("Milestone completion")
    TARGETS = "targets", _("Yearly targets met")


class Scheme(models.Model):
    """The rules of one year's assessment of the units of one plan (考核方案)."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("assessment state", "Draft")
        REVIEW = "review", pgettext_lazy("assessment state", "Under review")
        FINAL = "final", pgettext_lazy("assessment state", "Final")

    TRANSITIONS = {
        State.DRAFT: {State.REVIEW},
        State.REVIEW: {State.DRAFT, State.FINAL},
        State.FINAL: set(),
    }

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="schemes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    excluded_categories = models.JSONField(
        _("categories not assessed"), default=default_excluded, blank=True
    )
    notice_deduction = models.DecimalField(
        _("points deducted per supervision notice"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    bonus_cap = models.DecimalField(
        _("most bonus points"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    deduction_cap = models.DecimalField(
        _("most deduction points"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published for review"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="scheme_unique_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.year}"

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.State(self.state)]

    @property
    def locked(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def frozen(self) -> bool:
        """Results are read from the frozen rows (review and final), not computed live."""
        return self.state != self.State.DRAFT


class Criterion(models.Model):
    """One measure with its weight in one list. A TARGETS criterion names one monitored target,
    or none for every target broken down to the place that year, counted alike."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("list"), max_length=12, choices=Group.choices)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    goal = models.ForeignKey(
        "indicators.Goal",
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "group", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.get_group_display()} · {self.get_measure_display()} {self.weight}"


def _evidence_path(instance, filename: str) -> str:
    return f"assessment/evidence/{instance.scheme_id}/{filename}"


class Adjustment(models.Model):
    """A bonus (加分) or deduction (减分) item for one unit, with its evidence."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        DEDUCTION = "deduction", _("Deduction")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    reason = models.CharField(_("reason"), max_length=300)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=_evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["scheme", "unit", "created_at", "id"]
        verbose_name = _("bonus or deduction item")
        verbose_name_plural = _("bonus and deduction items")

    def __str__(self) -> str:
        sign = "+" if self.kind == self.Kind.BONUS else "−"
        return f"{self.unit} {sign}{self.points} {self.reason}"

    @property
    def signed_points(self) -> Decimal:
        return self.points if self.kind == self.Kind.BONUS else -self.points


class Result(models.Model):
    """A unit's result as published for review, then locked: the calculation with every input,
    frozen so that later changes to reports or figures do not change a published result."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("list"), max_length=12, choices=Group.choices)
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    calculation = models.JSONField(_("calculation"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["scheme", "group", "rank", "unit_id"]
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit"], name="result_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.unit} · {self.total}"


class Objection(models.Model):
    """A unit's objection (异议) to its published result, and the office's answer."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("objection state", "Open")
        UPHELD = "upheld", pgettext_lazy("objection state", "Upheld")
        REJECTED = "rejected", pgettext_lazy("objection state", "Rejected")

    TRANSITIONS = {
        State.OPEN: {State.UPHELD, State.REJECTED},
        State.UPHELD: set(),
        State.REJECTED: set(),
    }

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="objections")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("objection"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["scheme", "filed_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_state_display()}"

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.State(self.state)]
