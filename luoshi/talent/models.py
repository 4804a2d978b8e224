"""The 遂州英才卡 talent card: categories with their eligibility rules, the kinds of service a
card holder may ask for (each routed to a responsible unit with a time limit), applications
filed by employers, the cards issued, and the service requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.Model):
    """A card category (e.g. A/B/C card) and who qualifies for it; blank criteria do not
    restrict (rules.Criteria)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=60)
    max_level = models.PositiveSmallIntegerField(
        _("talent level at least (1 highest)"), null=True, blank=True
    )
    employer_kinds = models.JSONField(_("employer kinds"), default=list, blank=True)
    min_salary = models.DecimalField(
        _("yearly salary at least (yuan)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    titles = models.JSONField(_("professional titles accepted"), default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"), default=3)
    benefits = models.TextField(_("services and benefits"), blank=True)
    active = models.BooleanField(_("open for applications"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("card category")
        verbose_name_plural = _("card categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.Model):
    """A service a card holder may ask for, the unit that answers it and in how many days."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (days)"), default=10)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("service kind")
        verbose_name_plural = _("service kinds")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An employer applies for a card for one of its people."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("talent application", "Submitted")
        APPROVED = "approved", pgettext_lazy("talent application", "Approved")
        REJECTED = "rejected", pgettext_lazy("talent application", "Rejected")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="applications"
    )
    employer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="talent_applications",
    )
    person_name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=30)
    level = models.PositiveSmallIntegerField(_("talent level (1 highest)"), null=True, blank=True)
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    salary = models.DecimalField(
        _("yearly salary (yuan)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("card application")
        verbose_name_plural = _("card applications")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.category}"


class Card(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("talent card", "Valid")
        REVOKED = "revoked", pgettext_lazy("talent card", "Revoked")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="card")
    number = models.CharField(_("card number"), max_length=20, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cards")
    employer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="talent_cards"
    )
    holder_name = models.CharField(_("holder"), max_length=60)
    issued_on = models.DateField(pgettext_lazy("talent card", "issued on"))
    valid_until = models.DateField(_("valid until"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("talent card")
        verbose_name_plural = _("talent cards")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    def usable_on(self, day) -> bool:
        return self.state == self.State.ACTIVE and day <= self.valid_until


class ServiceRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("service request", "Open")
        ANSWERED = "answered", pgettext_lazy("service request", "Answered")

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="requests")
    kind = models.ForeignKey(ServiceKind, verbose_name=_("service"), on_delete=models.PROTECT)
    # Copied from the kind when filed: a later change of routing does not move open requests.
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what is asked"), max_length=2000)
    filed_on = models.DateField(_("filed on"))
    due_on = models.DateField(_("answer due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    rating_note = models.CharField(_("comment"), max_length=300, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.card.number} · {self.kind}"

    @property
    def in_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on
