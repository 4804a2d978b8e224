"""Template helpers of the plans pages.

`{% try_include "supervision/_task_panel.html" %}` renders a template another app may
provide and nothing when it does not exist: the task page uses it so that supervision
can add its reports panel without the plans app depending on it.
"""

import datetime as dt

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
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


@register.simple_tag(takes_context=True)
def try_include(context, template_name: str):
    try:
        found = get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    return found.render(context.flatten(), context.get("request"))


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
