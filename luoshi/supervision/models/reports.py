"""Unit reports, the lead unit's consolidations, and what hangs off both: figures,
versions, attachments and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.supervision.models.cycle import Milestone, Period  # noqa: F401


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
