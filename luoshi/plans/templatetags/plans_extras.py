"""Template helpers of the plans pages."""

import datetime as dt

from django import template
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Assignment, Target

register = template.Library()

ROLE_LABELS = dict(Assignment.Role.choices)
COMPARATORS = dict(Target.Comparator.choices)
METADATA = {
    "title": _("Title"),
    "issuer": _("Issuer"),
    "date": _("Issued"),
    "doc_number": _("Document number"),
}


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


@register.filter
def comparator(value: str) -> str:
    """ ">=" as "≥" and so on."""
    return COMPARATORS.get(value, value or "")


@register.filter
def iso_date(value):
    """A date from the parsed document ("2022-06-02"), for cn_date."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@register.filter
def metadata_label(field: str) -> str:
    """The name of a plan metadata field in a revision's changes."""
    return METADATA.get(field, field)
