"""A plan as imported: chapters → sections → tasks, who is responsible, its targets.

A task's responsible units are Assignment rows: lead (牵头), cooperating (配合) or
implicit (涉及, from a rule such as "以下各项工作均涉及…"). A group name in the
document (各县(市、区)政府) becomes one assignment per member, each remembering
the group through `via_group`.

Importing a revised document never deletes a task, an assignment or a target: what the
new version drops is kept with `active=False`, because reports, scores and indicator
values hang off these rows. Readers that want the plan as currently in force filter on
`active=True` (the plans selectors do).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("plan status", "Active")
        ARCHIVED = "archived", _("Archived")

    region = models.ForeignKey(
        "org.Region", verbose_name=_("directory"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The higher-level plan this one implements (e.g. the provincial plan)."),
    )
    parent_reference = models.CharField(
        _("parent plan reference"),
        max_length=200,
        blank=True,
        help_text=_("As cited, e.g. 川办发〔2022〕13号."),
    )
    coordinating_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("coordinating office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title


class PlanRevision(models.Model):
    """One imported version of the plan document, with what changed from the previous one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    parsed = models.JSONField(_("parsed document"))
    # The file as uploaded, kept with what was read from it (readers defer it).
    document = models.BinaryField(_("original document"), blank=True, default=b"")
    changes = models.JSONField(_("changes from previous revision"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} r{self.number}"


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Everything the document writes under the heading (保障措施 included)."),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title


class Section(models.Model):
    """A task group inside a chapter, e.g. "(一)融入协同创新格局"."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["chapter", "order"]

    def __str__(self) -> str:
        return f"({self.number}){self.title}" if self.number else self.title


class Task(models.Model):
    class RolesRule(models.TextChoices):
        """How the parser decided a task's lead and cooperating units (the codes of
        luoshi.planparse.RULES)."""

        LABEL = "label", _("labelled in the clause")
        TABLE = "table", _("lead and cooperating columns of the task table")
        RULE_FIRST = "rule_first", _("the document states that the first-listed unit leads")
        RULE_COMMA = "rule_comma", _("the document states that units before the comma lead")
        JOINT = "joint", _("no rule stated: the listed units share the lead")
        SINGLE = "single", _("a single responsible unit")
        COMMA = "comma", _("no rule stated: units before the comma taken to lead")
        NONE = "none", _("no responsible unit given")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    deadline_text = models.CharField(_("deadline"), max_length=100, blank=True)
    deadline_date = models.DateField(_("deadline date"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(
        _("in force"), default=True, help_text=_("False once a revision removed it.")
    )
    roles_rule = models.CharField(
        _("rule for lead units"), max_length=20, blank=True, choices=RolesRule.choices
    )
    roles_confidence = models.FloatField(_("confidence in the units"), null=True, blank=True)
    units_raw = models.JSONField(
        _("units as written"),
        default=dict,
        blank=True,
        help_text=_(
            "The unit names the document gives, by role: {lead: [...], cooperating: [...], implicit: [...]}."
        ),
    )
    parent_task = models.ForeignKey(
        "self",
        verbose_name=_("implements parent plan's task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_tasks",
    )

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["plan", "active", "order"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COOPERATING = "cooperating", _("Cooperating")
        IMPLICIT = "implicit", _("Involved")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    via_group = models.ForeignKey(
        "org.Unit",
        verbose_name=_("through group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_assignments",
    )
    source_name = models.CharField(_("name in the document"), max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(
        _("in force"), default=True, help_text=_("False once a revision removed it.")
    )

    class Meta:
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_unit_per_task")
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.task.number} {self.unit} ({self.role})"


class Target(models.Model):
    """A target the plan sets: numeric (indicator, comparator, value, unit, year) or qualitative."""

    class Comparator(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "=", "="

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(_("text"), max_length=500)
    indicator_name = models.CharField(_("indicator"), max_length=120, blank=True)
    comparator = models.CharField(
        _("comparator"), max_length=2, choices=Comparator.choices, blank=True
    )
    value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit of measure"), max_length=20, blank=True)
    year = models.PositiveIntegerField(_("target year"), null=True, blank=True)
    qualitative = models.BooleanField(_("qualitative"), default=False)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(
        _("in force"), default=True, help_text=_("False once a revision removed it.")
    )

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.text


class PlanImportDraft(models.Model):
    """An uploaded plan document waiting for its preview to be confirmed.

    The file stays on the server between the upload and the confirmation (never in a
    form field), with what the parser read from it at upload: the preview and the import
    use that reading and never read the file again. The token in the preview URL is
    unguessable and the draft belongs to the person who uploaded it. Drafts are deleted on
    import and expire after DRAFT_LIFETIME (two weeks): an unfinished import waits on the
    plans page, with what the person chose so far for each unit name (`choices`).
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    # What the parser read from `data`, once, at upload (the JSON contract of planparse).
    parsed = models.JSONField(default=dict)
    # name -> what the person chose for it so far (see plans.services.resolution).
    choices = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class PlanChoice(models.Model):
    """The plan a page shows when none is asked for: a person's own choice (`user`), or the
    default the coordinating office set for everyone in its directory (`region`). Exactly
    one of the two is set. An archived plan is never anyone's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_choice",
    )
    region = models.OneToOneField(
        "org.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_choice"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, region__isnull=True)
                | models.Q(user__isnull=True, region__isnull=False),
                name="plan_choice_user_or_region",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or self.region} → {self.plan}"
