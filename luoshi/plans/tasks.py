"""Background tasks (Django's task framework, see luoshi.core.background; not the plan's
tasks) for plan work too large for a request: the task-breakdown workbook of a large plan."""

from __future__ import annotations

from django.utils.translation import gettext as _

from luoshi.core import background
from luoshi.core.errors import PermissionDenied
from luoshi.plans import breakdown, permissions, selectors


@background.task()
def breakdown_export(*, token: str, plan_id: int, fmt: str) -> None:
    with background.running(token) as run:
        viewer = run.actor
        plan = selectors.get_plan(viewer=viewer, pk=plan_id)
        if not permissions.can_export_plan(viewer, plan):
            raise PermissionDenied(_("You may not export this plan."))
        run.save_file(*breakdown.render(viewer=viewer, plan=plan, fmt=fmt))
