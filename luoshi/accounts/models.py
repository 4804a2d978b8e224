from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.roles import Role


class User(AbstractUser):
    """A person, who belongs to exactly one unit and holds one role there."""

    full_name = models.CharField(_("name"), max_length=60, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.REPORTER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)
    # Set for an account the office created for someone else: the first sign-in asks for a
    # password of the person's own before anything else.
    must_change_password = models.BooleanField(_("must choose a password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class SignInLink(models.Model):
    """A one-time sign-in link for a new account: only the SHA-256 of its token is kept, it
    works once, and not after `expires_at`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("one-time sign-in link")
        verbose_name_plural = _("one-time sign-in links")

    def __str__(self) -> str:
        return f"{self.user} · {self.expires_at:%Y-%m-%d %H:%M}"
