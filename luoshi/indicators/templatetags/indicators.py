"""Indicator figures in Chinese conventions: 1.05%, 209 家, 593.0 亿元, 274.8 万人."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from luoshi.core.templatetags.luoshi import format_number

register = template.Library()


def format_indicator(value, unit: str = "", decimals: int | None = 2) -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    # Raw amounts in 元/万元/人 read better in the next larger unit.
    if unit == "元" and abs(number) >= Decimal("1e8"):
        number, unit = number / Decimal("1e8"), "亿元"
    elif unit == "元" and abs(number) >= Decimal("1e4"):
        number, unit = number / Decimal("1e4"), "万元"
    elif unit == "万元" and abs(number) >= Decimal("1e4"):
        number, unit = number / Decimal("1e4"), "亿元"
    elif unit == "人" and abs(number) >= Decimal("1e4"):
        number, unit = number / Decimal("1e4"), "万人"
    text = format_number(number, decimals)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def format_difference(value, unit: str = "", decimals: int | None = 2) -> str:
    """A difference between two figures. Between two percentages it is in percentage
    points (百分点), never in per cent: 1.05% − 0.93% is 0.12 个百分点, not 0.12%."""
    if value is None or value == "":
        return "—"
    if unit == "%":
        return _("%(number)s percentage points") % {
            "number": format_number(Decimal(str(value)), decimals)
        }
    return format_indicator(value, unit, decimals)


@register.filter
def abs_value(value):
    return None if value is None else abs(value)


@register.filter
def idiff(value, indicator) -> str:
    """{{ gap|idiff:indicator }}: a difference in the indicator's unit (百分点 for %)."""
    if indicator is None:
        return format_difference(value, "", None)
    return format_difference(value, indicator.unit_of_measure, indicator.decimals)


@register.filter
def ival(value, indicator) -> str:
    """{{ value|ival:indicator }} with the indicator's unit and decimals."""
    if indicator is None:
        return format_indicator(value, "", None)
    return format_indicator(value, indicator.unit_of_measure, indicator.decimals)


@register.filter
def evalue(value, element) -> str:
    """A data element's figure with its unit of measure."""
    if element is None:
        return format_indicator(value, "", None)
    return format_indicator(value, element.unit_of_measure, None)


@register.filter
def pct(value, decimals=0) -> str:
    if value is None:
        return "—"
    return f"{format_number(value, int(decimals))}%"


@register.filter
def signed_pct(value, decimals=1) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value, int(decimals))}%"


@register.filter
def cval(value, chart) -> str:
    """A chart value formatted with the chart's unit and decimals."""
    return format_indicator(value, chart.get("unit", ""), chart.get("decimals", 2))


@register.filter
def bar_width(value) -> str:
    """A percentage clamped to 0–100 for a progress bar's CSS width."""
    if value is None:
        return "0"
    return f"{max(0.0, min(100.0, float(value))):.1f}"


@register.filter
def light_of(state: str) -> str:
    return {"accepted": "green", "approved": "blue", "draft": "grey"}.get(state, "grey")


@register.filter
def verb_label(event) -> str:
    from django.utils.translation import pgettext

    labels = {
        "approve": pgettext("audit verb", "approved"),
        "accept": pgettext("audit verb", "accepted"),
        "unlock": pgettext("audit verb", "unlocked"),
        "link_target": pgettext("audit verb", "linked to an indicator"),
        "import": pgettext("audit verb", "imported as accepted"),
    }
    return labels.get(event.verb) or event.get_action_display()


@register.filter
def audit_reason(event) -> str:
    """The reason an unlock gave, kept with the audit event."""
    extra = (event.changes or {}).get("_extra") or {}
    return extra.get("reason", "")
