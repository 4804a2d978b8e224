"""The programme figures a plan task's reports show (the office of the plan chooses them)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from luoshi.core.audit import audit
from luoshi.core.errors import ValidationFailed
from luoshi.indicators import computations, permissions
from luoshi.indicators.models import DataElement, TaskFigure
from luoshi.indicators.services.common import require
from luoshi.plans.models import Task

# The audit trail names the change by this key's words (accounts.selectors.describe_changes).
AUDIT_KEY = "programme_figures"
gettext_noop("programme figures")


@transaction.atomic
def task_figures_set(
    *, actor, task, elements: Sequence[DataElement], is_demo: bool = False
) -> list[TaskFigure]:
    """Make `elements`, in this order, the task's programme figures: links no longer chosen
    are removed, the others kept (renumbered) and new ones added. Only data elements computed
    from a registry can be chosen; an element named twice counts once. Audited on the task,
    with the element codes before and after. Setting the same list again writes nothing."""
    require(
        actor,
        permissions.can_choose_task_figures(actor, task),
        _("Only the coordinating office of the plan chooses a task's programme figures."),
    )
    chosen: list[DataElement] = []
    for element in elements:
        if element.pk not in {e.pk for e in chosen}:
            chosen.append(element)
    refused = [
        e.name for e in chosen if not e.computation or computations.get(e.computation) is None
    ]
    if refused:
        raise ValidationFailed(
            _("Only figures computed from a registry can be shown with a task: %(names)s")
            % {"names": "、".join(refused)},
            errors={"elements": [_("Choose figures computed from a registry.")]},
        )
    # Two offices saving at once: the second waits and then sees the first's links.
    list(Task.objects.select_for_update().filter(pk=task.pk).values_list("pk", flat=True))
    current = list(TaskFigure.objects.filter(task=task).select_related("element"))
    before = [f.element.code for f in current]
    after = [e.code for e in chosen]
    if before == after:
        return current
    by_element = {f.element_id: f for f in current}
    TaskFigure.objects.filter(task=task).exclude(element_id__in=[e.pk for e in chosen]).delete()
    kept, new = [], []
    for order, element in enumerate(chosen, start=1):
        link = by_element.get(element.pk)
        if link is None:
            new.append(TaskFigure(task=task, element=element, order=order, is_demo=is_demo))
        elif link.order != order:
            link.order = order
            kept.append(link)
    if kept:
        TaskFigure.objects.bulk_update(kept, ["order"])
    if new:
        TaskFigure.objects.bulk_create(new)
    audit(
        actor=actor,
        action="update",
        obj=task,
        before={AUDIT_KEY: before},
        after={AUDIT_KEY: after},
        verb="task_figures_set",
    )
    return list(TaskFigure.objects.filter(task=task).select_related("element"))
