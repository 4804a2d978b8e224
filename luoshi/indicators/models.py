"""Indicators: raw data elements, formulas over them, values by place × year, and goals.

The model follows DHIS2: a data element is a figure a unit supplies (GDP, R&D
expenditure, number of high-tech enterprises); an indicator is a formula over
elements (R&D intensity = rd_expenditure / gdp * 100). Values are entered per
element × place × year, approved by the supplying unit and accepted by the
coordinating office. IndicatorValue keeps the computed yearly figure of every
indicator for every place, refreshed whenever accepted values change, so dashboards
read finished numbers in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DataElement(models.Model):
    """A raw figure one unit supplies for each place and year."""

    class Aggregation(models.TextChoices):
        # How quarters make a year and whether places add up.
        SUM = "sum", _("Sum (flows: places and quarters add up)")
        LAST = "last", _("Last value (stocks: places add up, the year takes the last quarter)")
        NONE = "none", _("None (not added up: each place is entered)")

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Whole number")
        NUMBER = "number", _("Number")

    class Coverage(models.TextChoices):
        ALL = "all", _("City, counties/districts and parks")
        CITY = "city", _("City only")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Used in formulas: lower-case letters, digits and _."),
    )
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    value_type = models.CharField(
        _("value type"), max_length=8, choices=ValueType.choices, default=ValueType.NUMBER
    )
    min_value = models.DecimalField(
        _("lowest allowed value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest allowed value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    yoy_threshold = models.DecimalField(
        _("year-on-year change needing a comment (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    supplying_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("supplying unit"),
        on_delete=models.PROTECT,
        related_name="supplied_elements",
    )
    coverage = models.CharField(
        _("places"), max_length=8, choices=Coverage.choices, default=Coverage.ALL
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    computation = models.CharField(
        _("computed from a registry"),
        max_length=60,
        blank=True,
        help_text=_("A registry computation that gives this figure (see computations.py)."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self) -> str:
        return self.name

    @property
    def additive(self) -> bool:
        return self.aggregation != self.Aggregation.NONE


class Indicator(models.Model):
    """A formula over data elements, e.g. rd_expenditure / gdp * 100."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("Names plans use for it, one per line.")
    )
    definition = models.TextField(_("definition"), blank=True)
    formula = models.CharField(_("formula"), max_length=400)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=2)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    elements = models.ManyToManyField(
        DataElement, verbose_name=_("data elements"), blank=True, related_name="indicators"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class DataValue(models.Model):
    """One figure: element × place × year (× quarter), with its approval state."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional")
        FINAL = "final", _("Final")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the unit")
        ACCEPTED = "accepted", _("Accepted by the office")

    TRANSITIONS = {
        State.DRAFT: {State.APPROVED},
        State.APPROVED: {State.ACCEPTED, State.DRAFT},
        State.ACCEPTED: {State.DRAFT},
    }
    LOCKED = frozenset({State.APPROVED, State.ACCEPTED})

    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="values"
    )
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, help_text=_("0 for the whole year.")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROVISIONAL
    )
    state = models.CharField(
        _("approval"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["element__order", "region__order", "year", "quarter"]
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["element", "region", "year", "quarter"], name="datavalue_unique_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4), name="datavalue_quarter_0_to_4"
            ),
        ]
        indexes = [models.Index(fields=["state", "year"]), models.Index(fields=["region", "year"])]

    def __str__(self) -> str:
        period = f"{self.year}" + (f"Q{self.quarter}" if self.quarter else "")
        return f"{self.element_id}@{self.region_id} {period}: {self.value}"

    @property
    def locked(self) -> bool:
        return self.state in self.LOCKED


class IndicatorValue(models.Model):
    """The computed yearly figure of an indicator for a place (a materialised view of
    accepted values; rebuilt by services.indicator_values_refresh)."""

    class Reason(models.TextChoices):
        NONE = "", _("Computed")
        MISSING = "missing", _("A part is missing")
        DIVISION_BY_ZERO = "division_by_zero", _("Division by zero")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="computed")
    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), null=True, blank=True)
    reason = models.CharField(_("why no value"), max_length=20, choices=Reason.choices, blank=True)
    missing = models.CharField(_("missing parts"), max_length=200, blank=True)
    rolled_up = models.BooleanField(_("rolled up from places below"), default=False)
    complete = models.BooleanField(_("every place below reported"), default=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    as_of = models.DateTimeField(_("data as of"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="indicatorvalue_unique"
            )
        ]
        indexes = [models.Index(fields=["region", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.region_id} {self.year}: {self.value}"


class Goal(models.Model):
    """A plan target monitored here: a numeric target on an indicator, or a milestone."""

    class Kind(models.TextChoices):
        NUMERIC = "numeric", _("Numeric target")
        MILESTONE = "milestone", pgettext_lazy("goal kind", "Milestone")

    class Comparator(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "=", "="

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    target = models.OneToOneField(
        "plans.Target",
        verbose_name=_("plan target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goal",
    )
    region = models.ForeignKey(
        "org.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NUMERIC)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    comparator = models.CharField(
        _("comparator"), max_length=2, choices=Comparator.choices, default=Comparator.GE
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("monitored target")
        verbose_name_plural = _("monitored targets")

    def __str__(self) -> str:
        return self.name


class MilestoneStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("milestone step")
        verbose_name_plural = _("milestone steps")

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A file proving a milestone step (approval letter, review minutes…)."""

    step = models.ForeignKey(MilestoneStep, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="indicators/evidence/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["step", "uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class ComputedValue(models.Model):
    """A figure a registry computation gave for element × place × year (rebuilt by
    services.computed_values_refresh); shown beside the reported value."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="computed")
    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    is_demo = models.BooleanField(_("demo data"), default=False)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["element", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "region", "year"], name="computedvalue_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.element_id}@{self.region_id} {self.year}: {self.value}"


class ElementSource(models.Model):
    """Which figure is official for an element and year: the registry's computed one (the
    default wherever one exists) or the reported one."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the registry")
        REPORTED = "reported", _("Reported")

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="sources")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("official figure"), max_length=10, choices=Source.choices)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "year"], name="elementsource_unique")
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.year}: {self.source}"


class TaskFigure(models.Model):
    """A programme figure shown with a plan task's reports: a data element computed from a
    registry (instruments open, vouchers issued…), in the order the office chose."""

    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="programme_figures",
    )
    element = models.ForeignKey(
        DataElement,
        verbose_name=_("data element"),
        on_delete=models.CASCADE,
        related_name="task_figures",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["task", "order", "id"]
        verbose_name = _("task figure")
        verbose_name_plural = _("task figures")
        constraints = [
            models.UniqueConstraint(fields=["task", "element"], name="taskfigure_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.element_id}"


# Yearly targets and their breakdown to counties and parks live in their own module.
from luoshi.indicators.yearly import YearlyTarget  # noqa: E402, F401
