"""Supervision of a plan's implementation (督查督办).

A plan has one reporting cycle; the cycle generates periods. In each period every
responsible unit of a task writes one UnitReport; the unit's approver signs it off
(submitted). The lead unit writes one Consolidation (汇总) per task and period from the
submissions; the coordinating office approves or returns both. Leaders add Instructions
(批示); the office escalates tasks that stay red with SupervisionNotices (督办单).

State machines are data (`TRANSITIONS`); the services in services/ are the only
writers and check them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class SelfStatus(models.TextChoices):
    """How the unit itself judges its progress."""

    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Completed")


class UnitReport(models.Model):
    """What one unit did on one task in one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Awaiting sign-off")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", pgettext_lazy("report status", "Returned")
        APPROVED = "approved", _("Approved")

    TRANSITIONS = {
        Status.DRAFT: {Status.PENDING, Status.SUBMITTED},
        Status.PENDING: {Status.DRAFT, Status.SUBMITTED},
        Status.RETURNED: {Status.PENDING, Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.APPROVED},
        Status.APPROVED: set(),
    }
    EDITABLE = frozenset({Status.DRAFT, Status.PENDING, Status.RETURNED})
    # States the unit has sent out: others (lead unit, office, leaders) may read them.
    SENT = frozenset({Status.SUBMITTED, Status.RETURNED, Status.APPROVED})
    CONTENT_FIELDS = (
        "work_done",
        "problems",
        "next_steps",
        "self_status",
        "progress_pct",
        "nothing_new",
    )

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="unit_reports")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="unit_reports")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    work_done = models.TextField(_("work done this period"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    self_status = models.CharField(
        _("self-assessed status"), max_length=10, choices=SelfStatus.choices, blank=True
    )
    progress_pct = models.PositiveSmallIntegerField(
        _("progress of the task (%)"), null=True, blank=True
    )
    nothing_new = models.BooleanField(_("nothing new this period"), default=False)
    milestones_done = models.JSONField(_("milestones reported done"), default=list, blank=True)
    # Optimistic locking: every write bumps it; a write carrying an older number is a conflict.
    version = models.PositiveIntegerField(default=1)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_comment = models.TextField(_("return comment"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["period", "task", "unit"]
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "task", "unit"], name="report_unique_per_period_task_unit"
            ),
            models.CheckConstraint(
                condition=Q(progress_pct__isnull=True) | Q(progress_pct__lte=100),
                name="report_progress_le_100",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["task", "period"])]

    def __str__(self) -> str:
        return f"{self.period} · {self.task.number} · {self.unit}"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class ReportQuantity(models.Model):
    """A number a report gives (e.g. 新增高新技术企业 12 家), optionally tied to an indicator."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="quantities")
    label = models.CharField(_("what"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    # The indicators app is written alongside; a code keeps the link loose until a key exists.
    indicator_code = models.CharField(_("indicator code"), max_length=60, blank=True, db_index=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")

    def __str__(self) -> str:
        return f"{self.label} {self.value}{self.unit_of_measure}"


class Consolidation(models.Model):
    """The lead unit's consolidated task report (汇总) for one period: one per task."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", pgettext_lazy("report status", "Returned")
        APPROVED = "approved", _("Approved")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.APPROVED},
        Status.APPROVED: set(),
    }
    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
    SENT = frozenset({Status.SUBMITTED, Status.RETURNED, Status.APPROVED})
    CONTENT_FIELDS = ("summary", "problems", "next_steps", "self_status", "progress_pct")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="consolidations")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="consolidations")
    author_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="consolidations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("progress of the task"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    self_status = models.CharField(
        _("assessed status"), max_length=10, choices=SelfStatus.choices, blank=True
    )
    progress_pct = models.PositiveSmallIntegerField(
        _("progress of the task (%)"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_comment = models.TextField(_("return comment"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["period", "task"]
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "task"], name="consolidation_unique_per_period_task"
            ),
            models.CheckConstraint(
                condition=Q(progress_pct__isnull=True) | Q(progress_pct__lte=100),
                name="consolidation_progress_le_100",
            ),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.period} · {self.task.number} · {_('consolidated')}"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


def _one_of_report_or_consolidation(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(report__isnull=False) & Q(consolidation__isnull=True))
        | (Q(report__isnull=True) & Q(consolidation__isnull=False)),
        name=f"{prefix}_report_xor_consolidation",
    )


class ReportVersion(models.Model):
    """A frozen copy of a report or consolidation each time it is submitted, returned or approved."""

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", pgettext_lazy("report status", "Returned")
        APPROVED = "approved", _("Approved")

    report = models.ForeignKey(
        UnitReport, null=True, blank=True, on_delete=models.CASCADE, related_name="versions"
    )
    consolidation = models.ForeignKey(
        Consolidation, null=True, blank=True, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    content = models.JSONField(_("content"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [_one_of_report_or_consolidation("version")]

    def __str__(self) -> str:
        return f"v{self.number} {self.event}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"supervision/{instance.uploaded_at:%Y/%m}/{instance.token}.{instance.kind}"


class Attachment(models.Model):
    """A file attached to a report or consolidation; its type was checked by content."""

    report = models.ForeignKey(
        UnitReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    consolidation = models.ForeignKey(
        Consolidation, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [_one_of_report_or_consolidation("attachment")]

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    """The coordinating office's decision on a report or a consolidation."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        RETURN = "return", _("Return")

    report = models.ForeignKey(
        UnitReport, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    consolidation = models.ForeignKey(
        Consolidation, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [_one_of_report_or_consolidation("review")]

    def __str__(self) -> str:
        return f"{self.decision} {self.at:%Y-%m-%d}"


class Instruction(models.Model):
    """A leader's instruction (批示) on a task; the units named must answer in their next report."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="instructions")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("instruction"))
    units = models.ManyToManyField(
        "org.Unit", verbose_name=_("units to answer"), related_name="instructions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("leader's instruction")
        verbose_name_plural = _("leaders' instructions")
        indexes = [models.Index(fields=["task", "created_at"])]

    def __str__(self) -> str:
        return self.text[:40]


class InstructionAnswer(models.Model):
    """A unit's answer to an instruction, given in one of its reports."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(
        UnitReport, on_delete=models.CASCADE, related_name="instruction_answers"
    )
    text = models.TextField(_("answer"))
    answered_at = models.DateTimeField(_("time"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("answer to an instruction")
        verbose_name_plural = _("answers to instructions")
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "unit"], name="instruction_answer_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class SupervisionNotice(models.Model):
    """A 督办单: the office's formal escalation of a task a unit keeps red; blue → yellow → red."""

    class Level(models.TextChoices):
        BLUE = "blue", _("Blue notice")
        YELLOW = "yellow", _("Yellow notice")
        RED = "red", _("Red notice")

    class Status(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("notice status", "Issued")
        SIGNED = "signed", _("Signed for")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {
        Status.ISSUED: {Status.SIGNED},
        Status.SIGNED: {Status.ANSWERED},
        Status.ANSWERED: {Status.CLOSED},
        Status.CLOSED: set(),
    }
    NEXT_LEVEL = {
        None: Level.BLUE,
        Level.BLUE: Level.YELLOW,
        Level.YELLOW: Level.RED,
        Level.RED: Level.RED,
    }
    OPEN = frozenset({Status.ISSUED, Status.SIGNED})

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="supervision_notices"
    )
    task = models.ForeignKey(
        "plans.Task", on_delete=models.CASCADE, related_name="supervision_notices"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="supervision_notices"
    )
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(pgettext_lazy("notice", "number"), max_length=40)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    reason = models.TextField(_("reason"))
    answer_by = models.DateField(_("answer by"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed for"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="notice_unique_number")
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["task", "unit"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Notification(models.Model):
    """An in-app message. The text is rendered from `kind` and `params` in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Reminder(models.Model):
    """A reminder that went out; the unique key makes `luoshi remind` idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        DUE_TODAY = "due_today", _("Due today")
        OVERDUE = "overdue", _("Overdue")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    # What the reminder is about inside the period: "" for the unit's whole report set.
    target = models.CharField(max_length=40, blank=True, default="")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)
    tasks = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "period", "unit"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_id} {self.unit_id}"
