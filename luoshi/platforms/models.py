"""Innovation platforms (创新平台): key laboratories, engineering technology research centres,
enterprise technology centres, new R&D institutions, incubators, maker spaces and 星创天地, at
national, provincial or city level; the host organisation (a firm of the registry where
matched, else a name with its place); the recognition date and the periodic evaluations.

Active on a day: recognised on or before it, and no evaluation on or before it removed the
platform (results 不合格 and 撤销 remove it: REMOVES)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import KeptPlanBase, KeptPlanMixin


class Platform(models.Model):
    class Kind(models.TextChoices):
        KEY_LAB = "key_lab", _("Key laboratory (重点实验室)")
        ENGINEERING_CENTRE = (
            "engineering_centre",
            _("Engineering technology research centre (工程技术研究中心)"),
        )
        ENTERPRISE_CENTRE = "enterprise_centre", _("Enterprise technology centre (企业技术中心)")
        NEW_RD = "new_rd", _("New R&D institution (新型研发机构)")
        INCUBATOR = "incubator", _("Technology business incubator (科技企业孵化器)")
        MAKER_SPACE = "maker_space", _("Maker space (众创空间)")
        STAR = "star", _("Rural maker space (星创天地)")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National (国家级)")
        PROVINCIAL = "provincial", _("Provincial (省级)")
        CITY = "city", _("City (市级)")

    name = models.CharField(_("platform"), max_length=200)
    kind = models.CharField(_("category"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("platform level"), max_length=12, choices=Level.choices)
    host = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("host in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="platforms",
    )
    host_name = models.CharField(_("host organisation (依托单位)"), max_length=200, db_index=True)
    host_code = models.CharField(_("host's credit code"), max_length=18, blank=True)
    recognised_on = models.DateField(_("recognised"))
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
        "PlatformImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "level", "name"]
        verbose_name = _("innovation platform")
        verbose_name_plural = _("innovation platforms")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind", "level"], name="platform_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def active(recognised_on: dt.date, removals: list[dt.date], day: dt.date) -> bool:
        """`removals`: the dates of the evaluations that removed the platform."""
        return recognised_on <= day and not any(on <= day for on in removals)


class Evaluation(models.Model):
    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent (优秀)")
        GOOD = "good", _("Good (良好)")
        PASSED = "passed", _("Passed (合格)")
        FAILED = "failed", _("Failed (不合格)")
        REVOKED = "revoked", _("Revoked (撤销)")

    REMOVES = frozenset({Result.FAILED, Result.REVOKED})

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated"))
    result = models.CharField(_("evaluation result"), max_length=10, choices=Result.choices)
    source = models.ForeignKey(
        "PlatformImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["platform", "evaluated_on"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "evaluated_on"], name="evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.evaluated_on} {self.result}"

    @property
    def removes(self) -> bool:
        return self.result in self.REMOVES


class PlatformImport(KeptPlanMixin, models.Model):
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
        PlatformImport, on_delete=models.CASCADE, primary_key=True, related_name="kept"
    )
