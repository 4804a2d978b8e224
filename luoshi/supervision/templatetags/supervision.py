"""Template helpers for supervision pages and the panel other apps include."""

from django import template
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


@register.simple_tag(takes_context=True)
def task_panel(context, task):
    """The supervision panel's data for `task` as the current user sees it (the plans task page
    includes supervision/_task_panel.html, which calls this)."""
    from luoshi.supervision import selectors

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if task is None or user is None:
        return {}
    return selectors.task_panel(user, task)


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
