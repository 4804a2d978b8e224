"""Technology finance: loan products with caps by year, loan applications from enterprises to
banks (decision, disbursement, repayment, default), the risk-compensation pool with its shares,
its ledger and the compensation claims on defaults. Money is Decimal yuan (see rules.py)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 14, "decimal_places": 0}


class RiskPool(models.Model):
    """A risk-compensation pool (风险补偿资金池) and the shares of a loss each party bears."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    pool_share = models.DecimalField(_("pool's share (%)"), max_digits=5, decimal_places=2)
    bank_share = models.DecimalField(_("bank's share (%)"), max_digits=5, decimal_places=2)
    guarantor_share = models.DecimalField(
        _("guarantor's or insurer's share (%)"), max_digits=5, decimal_places=2, default=0
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("risk-compensation pool")
        verbose_name_plural = _("risk-compensation pools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolEntry(models.Model):
    """One movement of the pool's money; the balance is the sum of the signed amounts."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        COMPENSATION = "compensation", _("Compensation paid")
        RECOVERY = "recovery", _("Recovery")

    pool = models.ForeignKey(RiskPool, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Signed: money in positive, compensation negative.
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    loan = models.ForeignKey(
        "finance.Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.pool} · {self.get_kind_display()} · {self.amount}"


class Product(models.Model):
    """A loan product (天府科创贷, 遂宁科创贷, 知识产权质押贷) and who may borrow under it."""

    class Kind(models.TextChoices):
        TIANFU = "tianfu", _("Tianfu S&T innovation loan")
        SUINING = "suining", _("Suining S&T innovation loan")
        IP_PLEDGE = "ip_pledge", _("IP-pledge loan")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Qualification kinds (luoshi.enterprises' Qualification.Kind values) any of which admits.
    accepted_kinds = models.JSONField(_("qualifications accepted"), default=list, blank=True)
    tech_sme_lookback = models.PositiveSmallIntegerField(
        _("tech-SME registration counts for (years)"), default=3
    )
    pool = models.ForeignKey(
        RiskPool,
        verbose_name=_("risk-compensation pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    active = models.BooleanField(_("open for applications"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductCap(models.Model):
    """From `year_from` on (until a later row), a firm borrows at most `amount` a year under
    the product, for at most `max_term_months`."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="caps")
    year_from = models.PositiveSmallIntegerField(_("from year"))
    amount = models.DecimalField(_("cap per firm per year (yuan)"), **MONEY)
    max_term_months = models.PositiveSmallIntegerField(_("longest term (months)"), default=12)

    class Meta:
        verbose_name = _("cap by year")
        verbose_name_plural = _("caps by year")
        ordering = ["product", "year_from"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year_from"], name="finance_cap_year")
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.year_from} · {self.amount}"


class Loan(models.Model):
    """An enterprise's application for a loan, and the loan it becomes."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("loan state", "Submitted")
        DECLINED = "declined", pgettext_lazy("loan state", "Declined")
        APPROVED = "approved", pgettext_lazy("loan state", "Approved")
        DISBURSED = "disbursed", pgettext_lazy("loan state", "Disbursed")
        REPAID = "repaid", pgettext_lazy("loan state", "Repaid")
        DEFAULTED = "defaulted", pgettext_lazy("loan state", "Defaulted")
        COMPENSATED = "compensated", pgettext_lazy("loan state", "Compensated")

    TRANSITIONS = {
        State.SUBMITTED: {State.APPROVED, State.DECLINED},
        State.APPROVED: {State.DISBURSED, State.DECLINED},
        State.DISBURSED: {State.REPAID, State.DEFAULTED},
        State.DEFAULTED: {State.COMPENSATED},
        State.DECLINED: set(),
        State.REPAID: set(),
        State.COMPENSATED: set(),
    }
    # The amounts that count against a firm's yearly cap.
    COUNTS_AGAINST_CAP = (
        State.SUBMITTED,
        State.APPROVED,
        State.DISBURSED,
        State.REPAID,
        State.DEFAULTED,
        State.COMPENSATED,
    )

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="loans"
    )
    borrower = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    bank = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("bank"),
        on_delete=models.PROTECT,
        related_name="loans_lent",
    )
    guarantor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("guarantor or insurer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loans_guaranteed",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount requested (yuan)"), **MONEY)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    declared_kinds = models.JSONField(_("qualifications declared"), default=list, blank=True)
    tech_sme_years = models.JSONField(_("tech-SME registration years"), default=list, blank=True)
    eligible_by = models.JSONField(_("eligible by"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    approved_amount = models.DecimalField(
        _("amount approved (yuan)"), null=True, blank=True, **MONEY
    )
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    repaid = models.DecimalField(_("principal repaid (yuan)"), default=Decimal(0), **MONEY)
    defaulted_on = models.DateField(_("defaulted on"), null=True, blank=True)
    loss = models.DecimalField(_("loss at default (yuan)"), null=True, blank=True, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["borrower", "product", "year"])]

    def __str__(self) -> str:
        return f"{self.borrower} · {self.product} · {self.amount}"

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.state, set())

    @property
    def outstanding(self) -> Decimal:
        if self.approved_amount is None or self.disbursed_on is None:
            return Decimal(0)
        return self.approved_amount - self.repaid


class Claim(models.Model):
    """A bank's claim on the pool for a defaulted loan: the parts of the loss, what the pool
    paid and what it could not."""

    class State(models.TextChoices):
        FILED = "filed", pgettext_lazy("claim state", "Filed")
        PAID = "paid", pgettext_lazy("claim state", "Paid")
        REJECTED = "rejected", pgettext_lazy("claim state", "Rejected")

    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="claim")
    pool = models.ForeignKey(RiskPool, on_delete=models.PROTECT, related_name="claims")
    loss = models.DecimalField(_("loss (yuan)"), **MONEY)
    pool_part = models.DecimalField(_("pool's part (yuan)"), **MONEY)
    bank_part = models.DecimalField(_("bank's part (yuan)"), **MONEY)
    guarantor_part = models.DecimalField(_("guarantor's part (yuan)"), **MONEY)
    paid = models.DecimalField(_("paid by the pool (yuan)"), null=True, blank=True, **MONEY)
    shortfall = models.DecimalField(_("not covered (yuan)"), null=True, blank=True, **MONEY)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.FILED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.loan} · {self.get_state_display()}"


class Recovery(models.Model):
    """Money recovered from a borrower after the pool compensated its loan (追偿), split back
    by the pool's shares; the pool's part is a recovery entry in the ledger."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField(_("amount recovered (yuan)"), **MONEY)
    pool_part = models.DecimalField(_("back to the pool (yuan)"), **MONEY)
    bank_part = models.DecimalField(_("back to the bank (yuan)"), **MONEY)
    guarantor_part = models.DecimalField(_("back to the guarantor (yuan)"), **MONEY)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    entry = models.OneToOneField(
        PoolEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="recovery"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.claim} · {self.amount}"
