from decimal import Decimal

from django import template

from luoshi.core.templatetags.luoshi import format_number

register = template.Library()


@register.filter
def percent(value) -> str:
    """A fraction as a percentage: 0.05 → 5%."""
    if value in (None, ""):
        return "—"
    return f"{format_number(Decimal(str(value)) * 100)}%"


@register.filter
def yuan(value) -> str:
    """Whole yuan with thousands separators: 1234567 → 1,234,567元."""
    if value in (None, ""):
        return "—"
    return f"{format_number(Decimal(str(value)).quantize(Decimal(1)))}元"
