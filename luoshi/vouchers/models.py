"""Innovation vouchers (科技创新券): yearly batches with a budget and rules; a firm applies,
the office approves and the voucher is issued (number, amount, expiry; real-name and
non-transferable); the firm signs a service contract with a registered provider, asks for
redemption with contract, invoice and proof; the office checks and settles.

Money is Decimal yuan, rounded once to the yuan (half up) where a share is applied. A
voucher's `committed` (redemptions asked, checked or settled) never exceeds its amount; a
batch's `issued_total` never exceeds its budget. Both are moved by conditional UPDATEs in the
services (race-free on every database) and guarded by check constraints."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceType(models.TextChoices):
    TESTING = "testing", _("Testing and certification")
    CONSULTING = "consulting", _("Technical consulting")
    DESIGN = "design", _("Design and R&D")
    PATENT = "patent", _("Patent agency")
    TRANSFER = "transfer", _("Technology transfer brokerage")
    EVALUATION = "evaluation", _("Technology evaluation")
    INSTRUMENT = "instrument", _("Shared large instruments")


class Qualification(models.TextChoices):
    """The registry's qualification kinds (luoshi.enterprises.models.Qualification.Kind)
    that make a firm eligible; the values are the registry's."""

    HIGH_TECH = "high_tech", _("National high-tech enterprise")
    TECH_SME = "tech_sme", _("Technology-based SME")
    SRDI = "srdi", _("Specialised and innovative SME")
    INCUBATOR_TENANT = "incubator_tenant", _("Incubator tenant")


class Batch(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("voucher batch", "Open for applications")
        CLOSED = "closed", _("Closed for applications")

    year = models.PositiveIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=0)
    issued_total = models.DecimalField(max_digits=14, decimal_places=0, default=0, editable=False)
    share_percent = models.DecimalField(
        _("share of a contract covered (%)"), max_digits=5, decimal_places=2, default=30
    )
    per_firm_cap = models.DecimalField(
        _("cap per firm per year (yuan)"), max_digits=12, decimal_places=0, default=100000
    )
    valid_days = models.PositiveIntegerField(_("validity (days)"), default=365)
    qualifications = models.JSONField(_("eligible qualifications"), default=list)
    service_types = models.JSONField(_("eligible services"), default=list)
    providers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("registered providers"),
        related_name="voucher_batches",
        blank=True,
    )
    cross_city = models.BooleanField(_("usable across cities"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher batch")
        verbose_name_plural = _("voucher batches")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issued_total__lte=models.F("budget")), name="batch_within_budget"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self):
        return self.budget - self.issued_total


class Application(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved and issued")
        REJECTED = "rejected", _("Not approved")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="voucher_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=Qualification.choices
    )
    amount = models.DecimalField(_("amount asked (yuan)"), max_digits=12, decimal_places=0)
    purpose = models.CharField(_("services planned"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher application")
        verbose_name_plural = _("voucher applications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.batch}"


class Voucher(models.Model):
    class State(models.TextChoices):
        ISSUED = "issued", _("Issued and valid")
        USED_UP = "used_up", _("Used up")
        EXPIRED = "expired", _("Expired")

    number = models.CharField(_("voucher number"), max_length=24, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="voucher"
    )
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="vouchers")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="vouchers"
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=0)
    committed = models.DecimalField(max_digits=12, decimal_places=0, default=0, editable=False)
    redeemed = models.DecimalField(_("settled (yuan)"), max_digits=12, decimal_places=0, default=0)
    issued_on = models.DateField(pgettext_lazy("voucher", "issued on"))
    expires_on = models.DateField(_("expires"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.ISSUED)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("innovation voucher")
        verbose_name_plural = _("innovation vouchers")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__lte=models.F("amount"), committed__gte=0),
                name="voucher_committed_within_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(redeemed__lte=models.F("committed"), redeemed__gte=0),
                name="voucher_redeemed_within_committed",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def available(self):
        return self.amount - self.committed


class Contract(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="contracts")
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="voucher_contracts",
    )
    service_type = models.CharField(_("service"), max_length=12, choices=ServiceType.choices)
    title = models.CharField(_("contract"), max_length=200)
    amount = models.DecimalField(_("contract amount (yuan)"), max_digits=12, decimal_places=0)
    signed_on = models.DateField(_("signed"))
    booking = models.ForeignKey(
        "instruments.Booking",
        verbose_name=_("instrument booking"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_contracts",
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Redemption(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting check")
        CHECKED = "checked", _("Checked by the office")
        REJECTED = "rejected", _("Not approved")
        SETTLED = "settled", _("Settled")

    class Payee(models.TextChoices):
        PROVIDER = "provider", _("Provider")
        FIRM = "firm", _("Firm")

    HOLDING = (State.REQUESTED, State.CHECKED, State.SETTLED)

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="redemptions")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=0)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED
    )
    invoice = models.FileField(_("invoice"), upload_to="vouchers/%Y/", blank=True)
    invoice_name = models.CharField(max_length=255, blank=True)
    proof = models.FileField(_("proof of service"), upload_to="vouchers/%Y/", blank=True)
    proof_name = models.CharField(max_length=255, blank=True)
    payee = models.CharField(_("paid to"), max_length=8, choices=Payee.choices, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="redemption_positive")
        ]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.amount}"
