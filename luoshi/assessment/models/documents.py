"""Official documents the office issued, kept as issued (GB/T 9704 layout, .docx)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    """A numbered document (发文) as issued: its .docx, what it was built from, and whether the
    office published it on the plan's public page."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("Supervision bulletin (督查通报)")
        QUARTERLY = "quarterly", _("Implementation report (落实情况报告)")
        ASSESSMENT = "assessment", _("Assessment result (考核结果通报)")
        FINAL = "final", _("Final evaluation (终期评估报告)")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=60)
    issued_on = models.DateField(_("date"))
    period = models.ForeignKey(
        "supervision.Period", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheme = models.ForeignKey(
        "assessment.Scheme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.BinaryField(_("document"))
    size = models.PositiveIntegerField(_("size"), default=0)
    published = models.BooleanField(_("published on the public page"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    has_provisional = models.BooleanField(_("includes provisional figures"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-issued_on", "-id"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(fields=["plan", "doc_number"], name="document_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}"
