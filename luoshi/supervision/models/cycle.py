"""Reporting cycles, their periods, and the milestones (工作要点) units commit to."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.supervision import cycles


class ReportingCycle(models.Model):
    """How often a plan is reported on, when reports are due, and the light thresholds."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="reporting_cycle"
    )
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    first_period_start = models.DateField(
        _("first period starts"), help_text=_("The first day of a month.")
    )
    ends_on = models.DateField(
        _("reporting ends"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep generating periods."),
    )
    target_date = models.DateField(
        _("tasks due by"),
        null=True,
        blank=True,
        help_text=_(
            "For tasks without a deadline of their own: the date expected progress reaches 100%."
        ),
    )
    due_offset_days = models.PositiveSmallIntegerField(
        _("due days after period end"),
        default=5,
        help_text=_("5 means the report is due on the 5th day after the period ends."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace days"), default=3, help_text=_("A late report turns red only after these days.")
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("remind days before due"),
        default=5,
        help_text=_("The first reminder goes out this many days before the due date."),
    )
    yellow_window_days = models.PositiveSmallIntegerField(
        _("yellow window (days)"),
        default=5,
        help_text=_("Yellow when due (or a milestone falls due) within this many days."),
    )
    on_track_pct = models.PositiveSmallIntegerField(
        _("on track from (percent of expected progress)"), default=95
    )
    behind_pct = models.PositiveSmallIntegerField(
        _("behind from (percent of expected progress)"),
        default=85,
        help_text=_("Below this the task is off track (red)."),
    )
    returns_for_red = models.PositiveSmallIntegerField(
        _("returns that turn a report red"), default=2
    )
    periods_ahead = models.PositiveSmallIntegerField(_("periods generated ahead"), default=1)
    # The lead unit's consolidated report goes through its approver, as unit reports do.
    consolidation_sign_off = models.BooleanField(
        _("the lead unit's approver signs the consolidated report off"), default=True
    )
    # Kinds of unit (e.g. county governments, park committees) that file one combined report
    # per period covering every task they are implicitly involved in, instead of one per task.
    combined_kinds = models.JSONField(
        _("unit kinds that file one combined report per period"), default=list, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(behind_pct__lte=models.F("on_track_pct")),
                name="cycle_behind_below_on_track",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_frequency_display()}"

    @property
    def months(self) -> int:
        return cycles.MONTHS[self.frequency]


class Period(models.Model):
    """One reporting round: a regular period of the cycle, or an ad-hoc round (专项督查)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        ADHOC = "adhoc", _("Ad-hoc round")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("For an ad-hoc round.")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    grace_days = models.PositiveSmallIntegerField(_("grace days"), default=3)
    # An ad-hoc round covers only the tasks the office selected; a regular period covers all.
    tasks = models.ManyToManyField(
        "plans.Task", verbose_name=_("tasks"), blank=True, related_name="adhoc_periods"
    )
    note = models.TextField(_("what to report"), blank=True)
    # When the round was opened to the units: each responsible unit's accounts were told
    # (services.round_open). Empty for a period nobody was told about yet.
    opened_at = models.DateTimeField(_("units notified"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "due_date", "id"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "start"],
                condition=Q(kind="regular"),
                name="period_unique_regular_start",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["plan", "due_date"])]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.kind == self.Kind.ADHOC:
            return self.title
        return cycles.label(self.start, self.end)

    @property
    def red_after(self) -> dt.date:
        """The last day of grace: from the next day a missing report is red."""
        return self.due_date + dt.timedelta(days=self.grace_days)

    @property
    def is_adhoc(self) -> bool:
        return self.kind == self.Kind.ADHOC


class Milestone(models.Model):
    """A dated work item (工作要点) of a task in a year, owned by one unit."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("work item"), max_length=300)
    owner = models.ForeignKey(
        "org.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_report = models.ForeignKey(
        "UnitReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["task", "deadline", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            models.Index(fields=["owner", "deadline"]),
            models.Index(fields=["task", "deadline"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_on is not None
