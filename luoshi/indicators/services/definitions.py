"""Defining data elements and indicators (the coordinating office)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import ValidationFailed
from luoshi.indicators import computations, permissions
from luoshi.indicators import formula as formulas
from luoshi.indicators.models import DataElement, Indicator
from luoshi.indicators.services.common import assign, require
from luoshi.indicators.services.computed import indicator_values_refresh
from luoshi.org.models import Region

# ---------------------------------------------------------------------------
# Definitions


ELEMENT_FIELDS = (
    "code",
    "name",
    "definition",
    "unit_of_measure",
    "aggregation",
    "value_type",
    "min_value",
    "max_value",
    "yoy_threshold",
    "supplying_unit",
    "coverage",
    "order",
    "active",
    "computation",
)
INDICATOR_FIELDS = (
    "code",
    "name",
    "aliases",
    "definition",
    "formula",
    "unit_of_measure",
    "decimals",
    "direction",
    "order",
    "active",
)


def _check_code(code: str, model, instance) -> None:
    if not formulas._CODE.match(code or ""):
        raise ValidationFailed(
            _(
                "The code must start with a lower-case letter and use only lower-case letters, digits and _."
            ),
            errors={"code": [_("Use lower-case letters, digits and _.")]},
        )
    clash = model.objects.filter(code=code)
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationFailed(
            _("This code is already used."), errors={"code": [_("Already used.")]}
        )


@transaction.atomic
def element_save(*, actor, element: DataElement | None = None, **fields) -> DataElement:
    """Create (element=None) or change a data element."""
    require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office defines data elements."),
    )
    creating = element is None
    element = element or DataElement()
    before = None if creating else snapshot(element)
    assign(element, fields, ELEMENT_FIELDS)
    _check_code(element.code, DataElement, element)
    if element.computation and computations.get(element.computation) is None:
        raise ValidationFailed(
            _("No registry computation is called “%(key)s”.") % {"key": element.computation},
            errors={"computation": [_("Choose a registry computation.")]},
        )
    if not (element.name or "").strip():
        raise ValidationFailed(
            _("A data element needs a name."), errors={"name": [_("This field is required.")]}
        )
    if (
        element.min_value is not None
        and element.max_value is not None
        and element.min_value > element.max_value
    ):
        raise ValidationFailed(
            _("The lowest allowed value is above the highest."),
            errors={"max_value": [_("Must not be below the lowest value.")]},
        )
    if (
        not creating
        and "code" in fields
        and before["code"] != element.code
        and element.indicators.exists()
    ):
        raise ValidationFailed(
            _("Formulas use this code; change the formulas first."),
            errors={"code": [_("Used in formulas.")]},
        )
    element.save()
    if creating:
        audit(actor=actor, action="create", obj=element)
    else:
        audit(actor=actor, action="update", obj=element, before=before, after=snapshot(element))
        if before["aggregation"] != element.aggregation:
            # How places add up changed: the published figures built from it change too.
            using = list(element.indicators.values_list("pk", flat=True))
            for root in Region.objects.filter(kind=Region.Kind.CITY):
                indicator_values_refresh(region=root, indicator_ids=using)
    return element


def parse_formula(text: str) -> formulas.Formula:
    """Parse a formula against the element codes that exist; errors as ValidationFailed."""
    known = DataElement.objects.values_list("code", flat=True)
    try:
        return formulas.parse(text, known=list(known))
    except formulas.FormulaError as exc:
        raise ValidationFailed(str(exc), errors={"formula": [str(exc)]}) from None


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator | None = None, **fields) -> Indicator:
    """Create or change an indicator; its formula is checked and its values recomputed."""
    require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office defines indicators."),
    )
    creating = indicator is None
    indicator = indicator or Indicator()
    before = None if creating else snapshot(indicator)
    assign(indicator, fields, INDICATOR_FIELDS)
    _check_code(indicator.code, Indicator, indicator)
    if not (indicator.name or "").strip():
        raise ValidationFailed(
            _("An indicator needs a name."), errors={"name": [_("This field is required.")]}
        )
    parsed = parse_formula(indicator.formula)
    indicator.formula = parsed.source
    indicator.save()
    indicator.elements.set(DataElement.objects.filter(code__in=parsed.names))
    if creating:
        audit(actor=actor, action="create", obj=indicator)
    else:
        audit(actor=actor, action="update", obj=indicator, before=before, after=snapshot(indicator))
    for root in Region.objects.filter(kind=Region.Kind.CITY):
        indicator_values_refresh(region=root, indicator_ids=[indicator.pk])
    return indicator
