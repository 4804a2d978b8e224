"""Leaders' instructions (批示) with the units' answers, supervision notices (督办单),
in-app notifications and the record of reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.supervision.models.cycle import Period  # noqa: F401
from luoshi.supervision.models.reports import UnitReport  # noqa: F401


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
