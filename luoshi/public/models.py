"""What a plan's public page (政务公开) shows: the office decides, per plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicPage(models.Model):
    """A plan's page anyone may read without signing in. Off until the office turns it on;
    it shows only accepted figures, approved reports and published documents, and nothing
    about people."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="public_page")
    enabled = models.BooleanField(_("published"), default=False)
    show_targets = models.BooleanField(_("targets and progress by year"), default=True)
    show_tasks = models.BooleanField(_("task groups with their status"), default=True)
    show_documents = models.BooleanField(_("published documents"), default=True)
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        return f"{self.plan} · {'on' if self.enabled else 'off'}"
