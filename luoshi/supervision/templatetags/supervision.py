"""Template helpers for supervision pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_BADGES = {
    "draft": "secondary",
    "pending": "info",
    "submitted": "primary",
    "returned": "warning",
    "approved": "success",
    "issued": "danger",
    "signed": "warning",
    "answered": "primary",
    "closed": "success",
}


@register.filter
def status_badge(status) -> str:
    """Bootstrap colour for a report/consolidation/notice status."""
    return _BADGES.get(str(status or ""), "secondary")


@register.filter
def pct(value, decimals=0) -> str:
    """A rate 0..1 as a percentage: 0.875 → 87.5%."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(decimals)}f}%"


@register.simple_tag
def status_label(kind: str, status) -> str:
    from luoshi.supervision.models import Consolidation, SupervisionNotice, UnitReport

    enum = {
        "report": UnitReport.Status,
        "consolidation": Consolidation.Status,
        "notice": SupervisionNotice.Status,
    }[kind]
    try:
        return str(enum(status).label)
    except ValueError:
        return _("Not started")


@register.simple_tag
def matrix_cells(row):
    """One overview row's lights as table cells, built here rather than in template tags:
    a matrix has hundreds of cells. Every value is escaped."""
    parts = []
    for cell in row.cells:
        if cell is None:
            parts.append("<td></td>")
            continue
        colour, label = cell.light.colour, escape(cell.label)
        parts.append(
            f'<td class="cell role-{escape(cell.role)}"><a href="{escape(cell.url)}" data-colour="{colour}" '
            f'title="{label}" aria-label="{label}"><span class="light light-{colour}"></span></a></td>'
        )
    return mark_safe("".join(parts))  # noqa: S308 — built from escaped values above
