"""Invention patents held by local holders (有效发明专利): the holder (a firm of the registry
where matched, else a name with its place), application and grant dates, IPC class, the five
categories of the national statistical definition of a high-value patent, and the legal
status changes, so that "in force on 31 December of year Y" is answerable for any year.

Rules kept here, once:
- in force on a day: granted on or before it, before the end of its term (20 years from the
  application date), and the latest status change on or before that day (if any) is "in force"
  (a restoration after a lapse is a change back to in force);
- maintained over 10 years: the list says so, or the tenth anniversary of the application
  date (the date annuities count from) falls on or before the day;
- high-value in year Y: in force on 31 December of Y and at least one of the five categories
  holds; each patent counted once whatever the number of categories.
"""

from __future__ import annotations

import datetime as dt
import operator
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import KeptPlanBase, KeptPlanMixin

TERM_YEARS = 20
MAINTAINED_YEARS = 10
NUMBER = re.compile(r"^(?:ZL|CN)?(\d{8}|\d{12})\.?([\dX])?$")


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


CHECK_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def check_character(digits: str) -> str:
    """The check character of an application number (8 or 12 digits): the digits weighted
    2, 3, …, 9, 2, 3, 4, 5 in turn, summed, modulo 11; 10 is written X."""
    total = sum(map(operator.mul, map(int, digits), CHECK_WEIGHTS))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def patent_kind(digits: str) -> str:
    """The kind digit: the 5th of 12 (from 2003), the 3rd of 8 (before). 1 and 8 are
    invention patents (8: entering China by the PCT route)."""
    return digits[4] if len(digits) == 12 else digits[2]


def application_year(digits: str) -> int:
    if len(digits) == 12:
        return int(digits[:4])
    year = int(digits[:2])
    return 1900 + year if year >= 85 else 2000 + year


class Patent(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force (有效)")
        LAPSED = "lapsed", _("Lapsed (终止)")
        EXPIRED = "expired", _("Expired (期限届满)")
        INVALIDATED = "invalidated", _("Invalidated (宣告无效)")

    CATEGORIES = (
        "strategic_emerging",
        "overseas_family",
        "maintained_listed",
        "pledge_financing",
        "award",
    )

    number = models.CharField(_("patent number"), max_length=20, unique=True)
    title = models.CharField(_("patent title"), max_length=300)
    holder = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("holder in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patents",
    )
    holder_name = models.CharField(_("holder (专利权人)"), max_length=200, db_index=True)
    holder_code = models.CharField(_("holder's credit code"), max_length=18, blank=True)
    applied_on = models.DateField(_("application date"))
    granted_on = models.DateField(_("grant date"), db_index=True)
    ipc = models.CharField(_("IPC main class"), max_length=40, blank=True)
    strategic_emerging = models.BooleanField(
        _("strategic emerging industries (战略性新兴产业)"), default=False
    )
    overseas_family = models.BooleanField(_("overseas family (海外同族)"), default=False)
    maintained_listed = models.BooleanField(
        _("maintained over 10 years, as listed (维持10年以上)"), default=False
    )
    pledge_financing = models.BooleanField(
        _("high pledge financing (质押融资额较高)"), default=False
    )
    award = models.BooleanField(
        _("national S&T award or China Patent Award (获国家科学技术奖或中国专利奖)"), default=False
    )
    city = models.ForeignKey(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "org.Region",
        verbose_name=_("county/district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    park = models.ForeignKey(
        "org.Region",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.ForeignKey(
        "PatentImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-granted_on", "number"]
        verbose_name = _("invention patent")
        verbose_name_plural = _("invention patents")

    def __str__(self) -> str:
        return self.number

    @property
    def term_end(self) -> dt.date:
        """The first day after the 20-year term."""
        return _anniversary(self.applied_on, TERM_YEARS)

    @staticmethod
    def in_force(applied_on, granted_on, changes, day: dt.date) -> bool:
        """`changes`: (date, status) pairs in date order (see the module's rules)."""
        if granted_on > day or day >= _anniversary(applied_on, TERM_YEARS):
            return False
        status = Patent.Status.IN_FORCE
        for on, value in changes:
            if on > day:
                break
            status = value
        return status == Patent.Status.IN_FORCE

    @staticmethod
    def maintained(applied_on, listed: bool, day: dt.date) -> bool:
        return listed or _anniversary(applied_on, MAINTAINED_YEARS) <= day

    def categories_on(self, day: dt.date) -> list[str]:
        """The categories that hold on a day (field names, in the definition's order)."""
        out = [c for c in self.CATEGORIES if c != "maintained_listed" and getattr(self, c)]
        if self.maintained(self.applied_on, self.maintained_listed, day):
            out.insert(2, "maintained_listed")
        return out


class StatusChange(models.Model):
    """A change of a patent's legal status on a date (lapse, expiry, invalidation,
    restoration). A patent with none has been in force since its grant."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("legal status"), max_length=12, choices=Patent.Status.choices)
    changed_on = models.DateField(_("changed on"))
    source = models.ForeignKey(
        "PatentImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["patent", "changed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patent", "changed_on", "status"], name="patent_status_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.patent_id} {self.status} {self.changed_on}"


class PatentImport(KeptPlanMixin, models.Model):
    class State(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        COMMITTED = "committed", _("Committed")

    file_name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class KeptPlan(KeptPlanBase):
    """A list's plan (core.models.KeptPlanBase)."""

    batch = models.OneToOneField(
        PatentImport, on_delete=models.CASCADE, primary_key=True, related_name="kept"
    )
