"""The ledger (台账, .xlsx) of the units' reports and process figures. The yearly assessment
(目标考核) that scores those figures, and its documents, are luoshi.assessment's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from luoshi.core import background
from luoshi.core.errors import NotFound
from luoshi.supervision import exports, forms, tasks
from luoshi.supervision.selectors import assessment as reads
from luoshi.supervision.selectors.plans import pick_plan, supervised_plans


def _scorecard_context(request):
    """The plan asked for (404 when the viewer may not see it), else the newest one; None
    when the viewer supervises no plan at all."""
    form = forms.ScorecardForm(request.GET)
    form.is_valid()
    plans = supervised_plans(viewer=request.user)
    plan = pick_plan(viewer=request.user, plan_id=form.cleaned_data.get("plan"), plans=plans)
    return plan, form.cleaned_data.get("year") or None, plans


def _plan_or_404(request):
    plan, year, plans = _scorecard_context(request)
    if plan is None:
        raise NotFound()
    return plan, year, plans


@login_required
@require_GET
def ledger_xlsx(request):
    """The ledger at once, or (more rows than LUOSHI_TASKS_INLINE_ROWS) as a background
    task whose page shows progress and then the download."""
    plan, year, _plans = _plan_or_404(request)
    scorecard = reads.scorecard(viewer=request.user, plan=plan, year=year)
    return background.answer(
        request,
        rows=scorecard["totals"].counts.expected,
        build=lambda: (
            exports.ledger_xlsx(
                reads.ledger_rows(viewer=request.user, plan=plan, year=year), scorecard
            ),
            tasks.XLSX,
            exports.ledger_filename(year),
        ),
        task=tasks.ledger_export,
        title=_("Ledger of %(plan)s") % {"plan": plan.title},
        plan_id=plan.pk,
        year=year,
    )
