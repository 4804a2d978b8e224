"""Large scientific instruments opened to outside users, their fees and their bookings.

Only instruments whose original value reaches LUOSHI_LARGE_INSTRUMENT_MIN_YUAN (default
500,000 yuan, 50万元) enter the catalogue. A booking holds a time range of one instrument;
two live bookings of one instrument never overlap: PostgreSQL enforces it with an exclusion
constraint (migration 0002), every database through the booking service's lock row."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.Model):
    class Category(models.TextChoices):
        ANALYSIS = "analysis", _("Analytical instruments")
        PHYSICAL = "physical", _("Physical property testing")
        ELECTRONIC = "electronic", _("Electronic measurement")
        MANUFACTURING = "manufacturing", _("Process and manufacturing")
        MEDICAL = "medical", _("Medical and life science")
        COMPUTING = "computing", _("Computing")
        OTHER = "other", _("Other")

    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.CharField(_("name"), max_length=120)
    model_number = models.CharField(_("model"), max_length=120, blank=True)
    category = models.CharField(_("instrument category"), max_length=16, choices=Category.choices)
    original_value = models.DecimalField(
        _("original value (yuan)"), max_digits=14, decimal_places=2
    )
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("county or park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    capabilities = models.TextField(_("capabilities"), blank=True)
    open_hours = models.CharField(_("open hours"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_open = models.BooleanField(_("open to outside users"), default=True)
    search_text = models.TextField(editable=False, default="")
    # The lock row of the instrument's calendar: every booking request updates it first, so
    # requests for one instrument are checked one after another on every database.
    booking_seq = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("large instrument")
        verbose_name_plural = _("large instruments")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["category", "is_open"])]

    def __str__(self) -> str:
        return f"{self.name} {self.model_number}".strip()


class Fee(models.Model):
    class Kind(models.TextChoices):
        MACHINE_HOUR = "machine_hour", _("per machine-hour")
        SAMPLE = "sample", _("per sample")
        SERVICE = "service", _("per service")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("fee type"), max_length=12, choices=Kind.choices)
    price = models.DecimalField(_("price (yuan)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "kind"], name="one_fee_per_kind"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.price}"


class Booking(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Booking approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Used")
        NO_SHOW = "no_show", _("No-show")

    TRANSITIONS = {
        State.REQUESTED: {State.APPROVED, State.DECLINED, State.CANCELLED},
        State.APPROVED: {State.COMPLETED, State.NO_SHOW, State.CANCELLED},
    }
    # States that hold the instrument's time: no two of these overlap on one instrument.
    HOLDING = (State.REQUESTED, State.APPROVED, State.COMPLETED)

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="bookings")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("booked by"),
        on_delete=models.PROTECT,
        related_name="instrument_bookings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    samples = models.PositiveIntegerField(_("samples"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    hours_used = models.DecimalField(
        _("hours used"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    samples_used = models.PositiveIntegerField(_("samples tested"), null=True, blank=True)
    fee_charged = models.DecimalField(
        _("fee charged (yuan)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["instrument", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)

    @property
    def is_outside_user(self) -> bool:
        return self.organisation_id != self.instrument.owner_id
