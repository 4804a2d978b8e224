"""Yearly targets of a monitored target, for the city and broken down (分解下达) to its
counties/districts and parks.

A plan sets a target for its last year (国家高新技术企业 ≥ 300 by 2025); the office sets a
target for each year on the way, for the city and for each county/district and park, entered
on the target's page or imported from a workbook. Each place's yearly targets are its own
path; the yearly assessment of counties and parks measures their accepted figures against
them (luoshi.indicators.outcome.share_result).

Kept apart from models.py (and imported at its end) so that other work on the indicator
models merges cleanly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearlyTarget(models.Model):
    goal = models.ForeignKey(
        "indicators.Goal",
        verbose_name=_("monitored target"),
        on_delete=models.CASCADE,
        related_name="yearly_targets",
    )
    region = models.ForeignKey(
        "org.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("yearly target"), max_digits=20, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["goal", "region__order", "region_id", "year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "region", "year"], name="yearlytarget_unique_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1900) & models.Q(year__lte=2200),
                name="yearlytarget_year_in_range",
            ),
        ]
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self) -> str:
        return f"{self.goal_id}@{self.region_id} {self.year}: {self.value}"
