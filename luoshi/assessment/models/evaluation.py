"""The final evaluation (终期评估) of a plan once its target year is over, and the tasks
carried over to a successor plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FinalEvaluation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("evaluation state", "Draft")
        FINAL = "final", pgettext_lazy("evaluation state", "Final")

    TRANSITIONS = {State.DRAFT: {State.FINAL}, State.FINAL: set()}

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="final_evaluation"
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("overall assessment"), blank=True)
    rounds_closed_on = models.DateField(_("regular rounds closed after"), null=True, blank=True)
    successor = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("successor plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessor_evaluations",
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("final evaluation")
        verbose_name_plural = _("final evaluations")

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_state_display()}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.FINAL


class EvaluationItem(models.Model):
    """The evaluation of one target or one task: its result, the evidence, the assessment.
    A target's result is its outcome (luoshi.indicators.outcome), never typed in; a task's
    result is the office's judgement, proposed from the last consolidated report."""

    class Result(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        MOSTLY = "mostly", _("Mostly completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        CONTINUING = "continuing", _("Continuing (long-term task)")

    OPEN = frozenset({Result.MOSTLY, Result.NOT_COMPLETED, Result.CONTINUING})

    evaluation = models.ForeignKey(FinalEvaluation, on_delete=models.CASCADE, related_name="items")
    goal = models.ForeignKey(
        "indicators.Goal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["evaluation", "id"]
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(goal__isnull=False) & models.Q(task__isnull=True))
                | (models.Q(goal__isnull=True) & models.Q(task__isnull=False)),
                name="evaluationitem_goal_xor_task",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "goal"], name="evaluationitem_unique_goal"
            ),
            models.UniqueConstraint(
                fields=["evaluation", "task"], name="evaluationitem_unique_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal or self.task}: {self.result}"


class CarriedTask(models.Model):
    """A task of an ended plan carried over, with its units, into the successor plan."""

    from_task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="+")
    to_task = models.OneToOneField("plans.Task", on_delete=models.CASCADE, related_name="+")
    carried_at = models.DateTimeField(auto_now_add=True)
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("carried-over task")
        verbose_name_plural = _("carried-over tasks")
        constraints = [
            models.UniqueConstraint(fields=["from_task", "to_task"], name="carried_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.from_task_id} → {self.to_task_id}"
