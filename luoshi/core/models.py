from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from luoshi.core.bulk import CompactJSON, TableJSONField, gc_paused


class AuditEvent(models.Model):
    """One write to a domain record: who, when, what changed, from which request."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        ACTION = "action", _("Action")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    verb = models.CharField(_("operation"), max_length=64, blank=True)
    # No index of its own: the (model, object_pk, -at) index below serves it.
    model = models.CharField(_("record type"), max_length=100)
    object_pk = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["model", "object_pk", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.model}#{self.object_pk}"


class KeptPlanBase(models.Model):
    """A list import's plan — what committing it does, row by row — in a table of its own,
    stored packed (core.bulk.TableJSONField). A subclass adds
    `batch = models.OneToOneField(TheImport, on_delete=models.CASCADE, primary_key=True,
    related_name="kept")`. Apart from its import's row because SQLite rewrites a whole row on
    update: committing changes the import's state without rewriting the plan's megabytes, and
    the list of imports reads none of them."""

    plan = TableJSONField(default=dict, encoder=CompactJSON)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.batch_id)


class KeptPlanMixin:
    """For the import model a KeptPlanBase subclass points at (`related_name="kept"`)."""

    @cached_property
    def plan(self) -> dict:
        """The rows as read and matched and what committing does with each; read once per
        instance (read_plan)."""
        return self.read_plan()

    def read_plan(self) -> dict:
        """The kept plan, read afresh, as plain data. Not through `self.kept`: a cached
        KeptPlan and this import would hold each other, and with them the plan's hundred
        thousand objects, until the cycle collector's next pass (17 ms at a 10,000-row
        commit's end). Read with the collector paused: rebuilding 10,000 rows is 200,000 new
        objects, and its walks over them, finding nothing, took 20 to 80 ms of a 20 ms read."""
        kept = self._meta.get_field("kept").related_model
        with gc_paused():
            return kept.objects.filter(batch_id=self.pk).values_list("plan", flat=True).get()
