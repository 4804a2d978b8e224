"""Chinese conventions for dates and numbers: 2025年6月30日, 亿元, 万."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()


def _zh() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


@register.filter
def cn_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if _zh():
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%d %b %Y").lstrip("0")


@register.filter
def cn_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"


def format_number(value, decimals: int | None = None) -> str:
    """Thousands separators and at most the decimals needed (1,234.5; 0.75)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    if decimals is None:
        decimals = (
            0
            if number == number.to_integral_value()
            else min(2, max(0, -number.normalize().as_tuple().exponent))
        )
    return f"{number:,.{decimals}f}"


@register.filter
def num(value, decimals=None) -> str:
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def cn_amount(value, unit: str = "元") -> str:
    """A yuan amount in the largest readable unit: 12.3亿元, 4,500万元, 800元."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    if abs(number) >= Decimal("1e8"):
        return f"{format_number(number / Decimal('1e8'), 2)}亿{unit}"
    if abs(number) >= Decimal("1e4"):
        return f"{format_number(number / Decimal('1e4'), 2)}万{unit}"
    return f"{format_number(number)}{unit}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
