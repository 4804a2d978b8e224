from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.Model):
    """A place: a province, a city, a county/district, or a park.

    A region is also the scope of a unit directory: the names in a city's plan
    resolve among that city's units.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County/district")
        PARK = "park", _("Park")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32, blank=True)
    # Parks lie inside counties: their figures are shown but, by default, not added again
    # into the city's sums.
    counted_in_parent = models.BooleanField(_("counted in parent's sums"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A responsible unit: a department, a county/district government, a park committee…"""

    class Category(models.TextChoices):
        """What body a unit is, as the yearly assessment (年度目标考核) sees it: the list it is
        ranked in, and whether it is assessed in this system at all (courts, the
        procuratorate, party organs and vertically managed agencies are usually assessed in
        their own systems). Stored per unit, so the office can correct it."""

        GOVERNMENT = "government", _("Government department")
        COUNTY = "county", _("County/district government")
        PARK = "park", _("Park committee")
        PARTY = "party", _("Party organ")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        VERTICAL = "vertical", _("Vertically managed agency")
        MASS = "mass", _("People's organisation")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("People's government")
        PARTY = "party", _("Party department")
        DEPARTMENT = "department", _("Government department")
        COUNTY = "county", _("County/district government")
        PARK = "park", _("Park committee")
        LEADING_GROUP = "leading_group", _("Leading group")
        JUDICIAL = "judicial", _("Judicial body")
        OTHER = "other", _("Other")
        GROUP = "group", _("Group of units")

    region = models.ForeignKey(
        Region, verbose_name=_("directory"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("full name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.SlugField(
        _("code"), max_length=40, blank=True, help_text=_("Latin letters, used in account names.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    category = models.CharField(
        pgettext_lazy("unit", "category"),
        max_length=16,
        choices=Category.choices,
        default=Category.GOVERNMENT,
        help_text=_(
            "Decides which assessment list the unit is ranked in, or whether it is assessed."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    place = models.ForeignKey(
        Region,
        verbose_name=_("place governed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governing_units",
        help_text=_("For a county/district government or a park committee: its county or park."),
    )
    members = models.ManyToManyField(
        "self", verbose_name=_("members"), symmetrical=False, blank=True, related_name="groups"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @classmethod
    def default_category(cls, kind: str, name: str = "") -> str:
        """The category a unit of this kind usually has (a judicial body is a court unless
        its name says procuratorate)."""
        if kind == cls.Kind.JUDICIAL:
            return cls.Category.PROCURATORATE if "检察" in name else cls.Category.COURT
        return {
            cls.Kind.DEPARTMENT: cls.Category.GOVERNMENT,
            cls.Kind.COUNTY: cls.Category.COUNTY,
            cls.Kind.PARK: cls.Category.PARK,
            cls.Kind.PARTY: cls.Category.PARTY,
        }.get(kind, cls.Category.OTHER)

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another name a document may use for a unit (short name, older name, typo)."""

    region = models.ForeignKey(
        Region, verbose_name=_("directory"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=120)
    key = models.CharField(max_length=120, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="alias_unique_key_in_region")
        ]

    def __str__(self) -> str:
        return self.name
