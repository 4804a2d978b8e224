"""Registered technology contracts (技术合同认定登记): type, 成交额 and 技术交易额, seller and
buyer with the places they are attributed to (输出: the seller's place; 吸纳: the buyer's),
and the imports of the registration system's lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import KeptPlanBase, KeptPlanMixin


def _place(label):
    return models.ForeignKey(
        "org.Region",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Contract(models.Model):
    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("Technology development (技术开发)")
        TRANSFER = "transfer", _("Technology transfer (技术转让)")
        LICENCE = "licence", _("Technology licence (技术许可)")
        CONSULTING = "consulting", _("Technology consulting (技术咨询)")
        SERVICE = "service", _("Technology service (技术服务)")

    number = models.CharField(_("registration number"), max_length=40, unique=True)
    name = models.CharField(_("contract"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("turnover (成交额, yuan)"), max_digits=16, decimal_places=2)
    tech_amount = models.DecimalField(
        _("technology transaction amount (技术交易额, yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    registered_on = models.DateField(_("registered"), db_index=True)
    seller_name = models.CharField(_("seller"), max_length=200)
    seller_code = models.CharField(_("seller's credit code"), max_length=18, blank=True)
    seller_city = _place(_("seller's city"))
    seller_county = _place(_("seller's county/district"))
    seller_park = _place(_("seller's park"))
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_code = models.CharField(_("buyer's credit code"), max_length=18, blank=True)
    buyer_city = _place(_("buyer's city"))
    buyer_county = _place(_("buyer's county/district"))
    buyer_park = _place(_("buyer's park"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.ForeignKey(
        "ContractImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-registered_on", "number"]
        verbose_name = _("technology contract")
        verbose_name_plural = _("technology contracts")

    def __str__(self) -> str:
        return self.number


class ContractImport(KeptPlanMixin, models.Model):
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
        ContractImport, on_delete=models.CASCADE, primary_key=True, related_name="kept"
    )
