"""Organisations that sign in: enterprises, universities, institutes, labs, service providers,
banks, guarantors and insurers. Each registers with its unified social credit code and proof;
the office verifies it; its people hold an organisation role (admin or member)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise_credit_code(value: str) -> str:
    """Upper case, no spaces or dashes: the form stdnum validates and we store."""
    from stdnum.cn import uscc

    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """A unified social credit code (GB 32100-2015): 18 characters, both check characters."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid unified social credit code (18 characters, check digits)."),
            code="invalid_credit_code",
        ) from exc


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        INSTITUTE = "institute", _("Research institute")
        LAB = "lab", _("Testing laboratory")
        PROVIDER = "provider", _("Service provider")
        BANK = "bank", _("Bank")
        GUARANTOR = "guarantor", _("Guarantor")
        INSURER = "insurer", _("Insurer")

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")
        SUSPENDED = "suspended", _("Suspended")

    # A rejected organisation may correct its details and ask again; a suspended one may be
    # reinstated.
    TRANSITIONS = {
        State.PENDING: {State.VERIFIED, State.REJECTED},
        State.REJECTED: {State.PENDING},
        State.VERIFIED: {State.SUSPENDED},
        State.SUSPENDED: {State.VERIFIED},
    }

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("county or park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    address = models.CharField(_("address"), max_length=200, blank=True)
    proof = models.FileField(_("proof"), upload_to="organisations/proof/%Y/", blank=True)
    proof_name = models.CharField(_("proof file name"), max_length=255, blank=True)
    proof_content_type = models.CharField(max_length=100, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.state == self.State.VERIFIED


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation administrator")
        MEMBER = "member", _("Organisation member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"
