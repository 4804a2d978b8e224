"""The plans API: the same data as the pages, for any signed-in role."""

import pytest

from luoshi.plans.models import Task

pytestmark = pytest.mark.django_db


def test_the_list_gives_each_plan_with_counts(login, leader, plan):
    data = login(leader).get("/api/plans/").json()
    assert len(data) == 1
    item = data[0]
    assert item["id"] == plan.pk and item["task_count"] == 25 and item["revision_count"] == 1
    assert item["coordinating_unit"]["short_name"] == "市科技局"
    assert item["parent_reference"] == "川办发〔2022〕13号" and item["region"] == "遂宁市"


def test_the_detail_gives_chapters_targets_tasks_and_assignments(login, lead_reporter, plan):
    data = login(lead_reporter).get(f"/api/plans/{plan.pk}").json()
    assert [c["title"] for c in data["chapters"]] == ["总体要求", "重点任务", "保障措施"]
    assert len(data["chapters"][1]["sections"]) == 8
    rd = data["targets"][0]
    assert (
        rd["indicator"] == "全社会研发投入强度"
        and rd["comparator"] == ">="
        and float(rd["value"]) == 1.05
    )
    assert len(data["tasks"]) == 25
    task10 = next(t for t in data["tasks"] if t["number"] == "10")
    leads = sorted(a["unit"]["short_name"] for a in task10["assignments"] if a["role"] == "lead")
    assert leads == ["市委军民融合办", "市科技局"]
    implicit = [a for a in task10["assignments"] if a["role"] == "implicit"]
    assert len(implicit) == 8 and {a["via_group"]["short_name"] for a in implicit} == {
        "各县(市、区)政府",
        "市直园区管委会",
    }


def test_the_task_detail_gives_the_full_text_and_names_as_written(login, county_reporter, plan):
    task = Task.objects.get(plan=plan, number="2")
    data = login(county_reporter).get(f"/api/plans/tasks/{task.pk}").json()
    assert data["plan_id"] == plan.pk and data["active"] is True
    assert "遂潼一体化" in data["text"]
    assert data["units_raw"]["cooperating"] == [
        "遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位"
    ]
    assert data["section"] == "融入协同创新格局"


def test_a_missing_task_is_404(login, leader):
    assert login(leader).get("/api/plans/tasks/999999").status_code == 404
