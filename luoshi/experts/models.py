"""The expert database and the testing-laboratory database (shared with Tongnan), and the
record of each random expert draw: seed, candidates and exclusions are kept so anyone can
re-run the draw and get the same experts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Expert(models.Model):
    name = models.CharField(_("name"), max_length=60)
    # A discipline code (GB/T 13745, e.g. 430.25); a draw matches a code and everything
    # under it by prefix.
    field_code = models.CharField(_("discipline code"), max_length=16)
    field_name = models.CharField(_("discipline"), max_length=100)
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    # The county, park or city the expert counts in for the plan's figures; a place that is
    # not ours (Tongnan, another province) has no region and keeps its name in region_name.
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("county or park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_name = models.CharField(_("place"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    is_active = models.BooleanField(_("available for reviews"), default=True)
    search_text = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["field_code", "name", "pk"]
        indexes = [models.Index(fields=["field_code", "is_active"])]

    def __str__(self) -> str:
        return self.name


class Relation(models.Model):
    """A declared relation of an expert with an organisation (former employer, shareholding,
    close collaboration): the expert is not drawn for a review involving it; or with another
    expert (supervisor and student, spouses, co-founders): the two never sit on one panel.
    Exactly one of `organisation` and `related_expert` is set."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expert_relations",
    )
    related_expert = models.ForeignKey(
        Expert,
        verbose_name=_("related expert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="related_by",
    )
    note = models.CharField(_("relation"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "organisation"], name="one_relation_per_pair"
            ),
            models.UniqueConstraint(
                fields=["expert", "related_expert"], name="one_expert_relation_per_pair"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, related_expert__isnull=True)
                    | models.Q(organisation__isnull=True, related_expert__isnull=False)
                ),
                name="relation_to_one_party",
            ),
            models.CheckConstraint(
                condition=~models.Q(related_expert=models.F("expert")),
                name="relation_not_to_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.organisation or self.related_expert}"


class Lab(models.Model):
    class Accreditation(models.TextChoices):
        CMA = "CMA", _("CMA (inspection body qualification)")
        CNAS = "CNAS", _("CNAS accreditation")

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="labs",
    )
    accreditations = models.JSONField(_("accreditations"), default=list)
    scope = models.TextField(_("testing scope"), blank=True)
    equipment = models.TextField(_("main equipment"), blank=True)
    # The shared database covers Suining and Tongnan (Chongqing): a lab in the city counts in
    # its county or park (region); one outside it (Tongnan) has no region, only its place name.
    region = models.ForeignKey(
        "org.Region",
        verbose_name=_("county or park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_name = models.CharField(_("place"), max_length=60)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    search_text = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("testing laboratory")
        verbose_name_plural = _("testing laboratories")
        ordering = ["region_name", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Draw(models.Model):
    """One random draw of experts for a review. `candidates` are the eligible experts' ids in
    ascending order, `excluded` maps each excluded expert's id to the reason, `seed` is the
    random seed and `conflict_pairs` the candidates who declared a relation with each other;
    `chosen` follows from them by `experts.draw.choose` (algorithm named in `algorithm`), so
    the draw can be re-run and checked."""

    review_label = models.CharField(_("review to staff"), max_length=200)
    field_codes = models.JSONField(_("discipline codes"), default=list)
    count = models.PositiveIntegerField(_("experts drawn"))
    exclude_organisation_ids = models.JSONField(default=list)
    seed = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=40, default="sha256-rank-v2")
    candidates = models.JSONField(default=list)
    excluded = models.JSONField(default=dict)
    chosen = models.JSONField(default=list)
    # Pairs of candidates who declared a relation with each other: never both drawn.
    conflict_pairs = models.JSONField(default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("expert draw")
        verbose_name_plural = _("expert draws")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.review_label
