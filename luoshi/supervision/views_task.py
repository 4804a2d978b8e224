"""The plans task page with supervision's panel: this period's lights per unit, the
consolidation's state, and the way to the timeline. Supervision stands above plans, so it
renders plans' page (plans.views.task_page) and fills its task_extra block."""

from django.contrib.auth.decorators import login_required

from luoshi.plans import views as plans_views
from luoshi.supervision import selectors


@login_required
def task_detail(request, pk):
    task = plans_views.task_or_404(request, pk)
    return plans_views.task_page(
        request,
        task,
        template="supervision/task_detail.html",
        extra={"panel": selectors.task_panel(viewer=request.user, task=task)},
    )
