"""The enterprise registry: firms keyed by their unified social credit code, where they are
attributed (county/district and park), and the qualifications they hold with their validity
(national high-tech enterprise certificates, tech-SME registrations per year, 专精特新 and
the other labels, 规上 per year). Also the imports of published lists, comments by counties
and parks, and the 高企 cultivation pool (培育库)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.core.models import KeptPlanBase, KeptPlanMixin


class Enterprise(models.Model):
    class Attribution(models.TextChoices):
        CODE = "code", _("From the credit code's division code")
        ADDRESS = "address", _("From the address")
        MANUAL = "manual", _("Set by the office")
        NONE = "none", _("Not attributed")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    industry_code = models.CharField(
        _("industry code (GB/T 4754)"), max_length=5, blank=True, help_text=_("e.g. C3985")
    )
    city = models.ForeignKey(
        "org.Region",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
    attribution = models.CharField(
        _("attributed by"), max_length=8, choices=Attribution.choices, default=Attribution.NONE
    )
    rd_expense_last_year = models.DecimalField(
        _("R&D expenses last year (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


class EnterpriseName(models.Model):
    """A former name or an alias, matched by imports."""

    class Kind(models.TextChoices):
        FORMER = "former", _("Former name")
        ALIAS = "alias", _("Alias")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        ordering = ["enterprise", "name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="enterprisename_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """A qualification with its validity. A high-tech certificate is valid from its issue date
    for three years (valid_until is the first day it no longer holds) unless revoked; a
    tech-SME registration and the 规上 flag hold for their year; the other labels hold from
    issue to valid_until (open when empty)."""

    class Kind(models.TextChoices):
        HIGH_TECH = "high_tech", _("National high-tech enterprise (国家高新技术企业)")
        TECH_SME = "tech_sme", _("Tech-based SME (科技型中小企业)")
        SRDI = "srdi", _("Specialised and innovative SME (专精特新)")
        LITTLE_GIANT = "little_giant", _("“Little giant” (专精特新“小巨人”)")
        GAZELLE = "gazelle", _("Gazelle enterprise (瞪羚企业)")
        UNICORN = "unicorn", _("Unicorn (独角兽企业)")
        ADVANCED_SERVICE = (
            "advanced_service",
            _("Advanced technology service enterprise (技术先进型服务企业)"),
        )
        ABOVE_SCALE = "above_scale", _("Above designated size (规模以上)")

    YEARLY = frozenset({Kind.TECH_SME, Kind.ABOVE_SCALE})
    HIGH_TECH_YEARS = 3

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("qualification"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("certificate or registration number"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    issued_on = models.DateField(pgettext_lazy("certificate", "issued"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until (exclusive)"),
        null=True,
        blank=True,
        help_text=_("First day it no longer holds."),
    )
    batch = models.CharField(_("recognition batch"), max_length=60, blank=True)
    revoked_on = models.DateField(_("revoked or withdrawn"), null=True, blank=True)
    renewal_of = models.ForeignKey(
        "self",
        verbose_name=_("re-recognition of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    source = models.ForeignKey(
        "RegistryImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["enterprise", "kind", "-issued_on", "-year"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        indexes = [
            models.Index(fields=["kind", "issued_on"]),
            models.Index(fields=["kind", "year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "year"],
                condition=models.Q(kind__in=["tech_sme", "above_scale"]),
                name="qualification_once_a_year",
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=models.Q(kind="high_tech"),
                name="qualification_certificate_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.year or ''}".strip()

    @staticmethod
    def high_tech_end(issued_on: dt.date) -> dt.date:
        """The first day a certificate issued on `issued_on` no longer holds (three years)."""
        try:
            return issued_on.replace(year=issued_on.year + Qualification.HIGH_TECH_YEARS)
        except ValueError:  # 29 February
            return issued_on.replace(year=issued_on.year + Qualification.HIGH_TECH_YEARS, day=28)

    def holds_on(self, day: dt.date) -> bool:
        if self.revoked_on is not None and self.revoked_on <= day:
            return False
        if self.kind in self.YEARLY:
            return self.year == day.year
        if self.issued_on is not None and self.issued_on > day:
            return False
        return self.valid_until is None or day < self.valid_until


class Comment(models.Model):
    """A note by the office, a county or a park on one of its firms."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class RegistryImport(KeptPlanMixin, models.Model):
    """One uploaded list: previewed, then committed all at once (or discarded)."""

    class Kind(models.TextChoices):
        HIGH_TECH = "high_tech", _("High-tech enterprise recognition list (高企认定公告)")
        TECH_SME = "tech_sme", _("Tech-SME registration list (科技型中小企业入库名单)")
        ENTERPRISES = "enterprises", _("Enterprise list (luoshi template)")

    class State(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        COMMITTED = "committed", _("Committed")

    kind = models.CharField(pgettext_lazy("firm list", "list"), max_length=12, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    options = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"


class KeptPlan(KeptPlanBase):
    """A list's plan (core.models.KeptPlanBase)."""

    batch = models.OneToOneField(
        RegistryImport, on_delete=models.CASCADE, primary_key=True, related_name="kept"
    )


class Candidate(models.Model):
    """A firm in the 高企 cultivation pool (培育库) for a year, with its stage."""

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        COACHED = "coached", _("Coached")
        APPLIED = "applied", _("Applied")
        CERTIFIED = "certified", _("Certified")
        FAILED = "failed", _("Not certified")

    TRANSITIONS = {
        Stage.IDENTIFIED: {Stage.COACHED, Stage.APPLIED, Stage.FAILED},
        Stage.COACHED: {Stage.APPLIED, Stage.FAILED, Stage.IDENTIFIED},
        Stage.APPLIED: {Stage.CERTIFIED, Stage.FAILED},
        Stage.CERTIFIED: set(),
        Stage.FAILED: {Stage.IDENTIFIED},
    }
    # The share of each stage expected to be certified by the year's end (the projection's
    # rule, shown on the pipeline page).
    LIKELIHOOD = {
        Stage.IDENTIFIED: 0.2,
        Stage.COACHED: 0.5,
        Stage.APPLIED: 0.8,
        Stage.CERTIFIED: 0.0,  # already counted among valid certificates
        Stage.FAILED: 0.0,
    }

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="candidacies")
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    reason = models.CharField(_("why a candidate"), max_length=200, blank=True)
    renewal = models.BooleanField(_("re-application of an expiring certificate"), default=False)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="candidate_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year} {self.stage}"
