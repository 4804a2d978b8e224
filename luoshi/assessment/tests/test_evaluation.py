"""The end of a plan: the final evaluation once the target year is over, closing the regular
rounds, and a successor plan that inherits the open tasks with their units."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.assessment import services
from luoshi.assessment.models import CarriedTask, EvaluationItem, FinalEvaluation
from luoshi.assessment.selectors import evaluation as reads
from luoshi.assessment.tests.conftest import submit
from luoshi.core.errors import ValidationFailed
from luoshi.indicators import outcome
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision.models import Period

pytestmark = pytest.mark.django_db
AFTER = dt.date(2026, 3, 1)


def test_the_evaluation_opens_only_after_the_target_year(plan, goal_2025, coordinator):
    with pytest.raises(ValidationFailed):
        services.evaluation_start(actor=coordinator, plan=plan, today=dt.date(2025, 12, 31))
    evaluation = services.evaluation_start(actor=coordinator, plan=plan, today=AFTER)
    assert evaluation.items.filter(goal=goal_2025).exists()
    assert evaluation.items.filter(task__isnull=False).count() == 4


def test_each_targets_outcome_comes_from_the_indicators_outcome(
    plan, goal_2025, coordinator, leader
):
    services.evaluation_start(actor=coordinator, plan=plan, today=AFTER)
    data = reads.evaluation_data(viewer=leader, plan=plan, today=AFTER)
    [target] = data["targets"]
    assert target.outcome.state == outcome.AWAITING_DATA
    assert data["awaiting"] == 1 and data["over"]


def test_a_task_result_is_proposed_then_decided_and_the_evaluation_finalised(
    plan, tasks, goal_2025, coordinator
):
    evaluation = services.evaluation_start(actor=coordinator, plan=plan, today=AFTER)
    with pytest.raises(ValidationFailed):
        services.evaluation_finalise(actor=coordinator, evaluation=evaluation)
    item = evaluation.items.get(task=tasks["1"])
    assert item.result == EvaluationItem.Result.NOT_COMPLETED  # nothing consolidated
    services.evaluation_item_save(
        actor=coordinator,
        item=item,
        result="completed",
        evidence="合作协议3份",
        assessment="完成较好",
    )
    with pytest.raises(ValidationFailed):
        services.evaluation_item_save(actor=coordinator, item=item, result="maybe")
    services.evaluation_summary_save(actor=coordinator, evaluation=evaluation, summary="总体完成。")
    services.evaluation_finalise(actor=coordinator, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.locked
    with pytest.raises(ValidationFailed):
        services.evaluation_summary_save(actor=coordinator, evaluation=evaluation, summary="改")


def test_closing_the_rounds_removes_later_periods_without_reports_and_keeps_the_rest(
    plan, tasks, goal_2025, cycle, coordinator, coop_reporter, coop_approver
):
    later = list(Period.objects.filter(plan=plan, kind="regular", start__gt=dt.date(2025, 12, 31)))
    assert later  # the cycle generated 2026 periods
    kept = later[0]
    submit(kept, tasks["1"], coop_reporter, coop_approver)
    result = services.rounds_close(actor=coordinator, plan=plan, today=AFTER)
    assert result["end"] == dt.date(2025, 12, 31)
    assert [p.pk for p in result["kept"]] == [kept.pk]
    remaining = Period.objects.filter(plan=plan, kind="regular", start__gt=dt.date(2025, 12, 31))
    assert list(remaining) == [kept]
    plan.reporting_cycle.refresh_from_db()
    assert plan.reporting_cycle.ends_on == dt.date(2025, 12, 31)
    # Generating periods again adds nothing after the end.
    from luoshi.supervision import services as supervision

    assert supervision.period_generate(actor=coordinator, plan=plan) == []


def _finalised(plan, tasks, coordinator, open_numbers=("2", "4")):
    evaluation = services.evaluation_start(actor=coordinator, plan=plan, today=AFTER)
    for number, task in tasks.items():
        services.evaluation_item_save(
            actor=coordinator,
            item=evaluation.items.get(task=task),
            result="not_completed" if number in open_numbers else "completed",
        )
    services.evaluation_summary_save(actor=coordinator, evaluation=evaluation, summary="总体完成。")
    return services.evaluation_finalise(actor=coordinator, evaluation=evaluation)


def test_a_new_successor_plan_inherits_the_open_tasks_with_their_units(
    plan, tasks, goal_2025, coordinator
):
    evaluation = _finalised(plan, tasks, coordinator)
    successor = services.successor_link(
        actor=coordinator, evaluation=evaluation, title="遂宁市协同创新行动方案（2026—2028年）"
    )
    carried = {t.number: t for t in successor.tasks.all()}
    assert set(carried) == {"2", "4"}
    units = lambda task: sorted(  # noqa: E731
        Assignment.objects.filter(task=task).values_list("unit_id", "role")
    )
    assert units(carried["4"]) == units(tasks["4"])
    assert successor.region_id == plan.region_id
    assert successor.coordinating_unit_id == plan.coordinating_unit_id
    # Linking again carries nothing twice.
    services.successor_link(actor=coordinator, evaluation=evaluation, successor=successor)
    assert successor.tasks.count() == 2 and CarriedTask.objects.count() == 2


def test_a_successor_is_linked_only_once_the_evaluation_is_final(
    plan, tasks, goal_2025, coordinator
):
    evaluation = services.evaluation_start(actor=coordinator, plan=plan, today=AFTER)
    with pytest.raises(ValidationFailed):
        services.successor_link(actor=coordinator, evaluation=evaluation, title="新方案")
    assert Plan.objects.count() == 1


def test_the_page_and_its_document(plan, tasks, goal_2025, coordinator, login):
    import io

    from docx import Document

    evaluation = _finalised(plan, tasks, coordinator)
    services.successor_link(actor=coordinator, evaluation=evaluation, title="接续方案")
    client = login(coordinator)
    page = client.get(reverse("assessment:evaluation", args=[plan.pk])).content.decode()
    assert 'data-testid="successor"' in page and "接续方案" in page
    response = client.get(reverse("assessment:evaluation_docx", args=[plan.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "总体完成" in text and "接续方案" in text
    assert FinalEvaluation.objects.get().successor.title == "接续方案"
