"""What the plan pages show: overview, task, unit, matrix, revisions, list."""

from pathlib import Path

import pytest
from django.urls import reverse

from luoshi.plans.models import Task

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_plan_with_its_counts_and_office(login, lead_reporter, plan):
    html = login(lead_reporter).get(reverse("plans:list")).content.decode()
    assert plan.title in html and "市科技局" in html and "川办发〔2022〕13号" in html
    assert "导入方案" not in html  # only the office sees the import button


def test_the_office_sees_the_import_button(login, coordinator, plan):
    assert "导入方案" in login(coordinator).get(reverse("plans:list")).content.decode()


def test_the_overview_shows_sections_tasks_units_and_targets(login, leader, plan):
    html = login(leader).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "(一)融入协同创新格局" in html and "(八)共建协同创新生态" in html
    assert "融入成渝地区双城经济圈建设" in html and "加大知识产权保护力度" in html
    assert "市发展改革委" in html and "遂潼园区筹委会" in html
    # Groups stay one entry with their member count.
    assert '各县(市、区)政府 <span class="opacity-75">(5)</span>' in html
    assert "全社会研发投入强度" in html and "≥ 1.05 %" in html
    assert "成功创建国家高新技术产业开发区" in html
    assert "任务分解表（.xlsx）" in html


def test_the_task_page_shows_the_full_text_units_and_the_supervision_hook(
    login, lead_reporter, plan
):
    task = Task.objects.get(plan=plan, number="10")
    client = login(lead_reporter)
    html = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "支持西南军民融合研究院" in html
    assert "市委军民融合办" in html and "市科技局" in html and "市财政局" in html
    assert "牵头单位" in html and "配合单位" in html and "涉及" in html
    # Groups list their members on the task page.
    assert "船山区政府" in html and "遂宁经开区管委会" in html


def test_the_unit_page_lists_what_the_unit_leads_cooperates_on_and_is_involved_in(
    login, county_reporter, plan, units
):
    client = login(county_reporter)
    html = client.get(reverse("plans:unit", args=[units["chuanshan"].pk])).content.decode()
    # 船山区 cooperates on task 1 through the county group and is involved in tasks 2–25.
    lead, rest = html.split('data-testid="unit-lead"')[1].split('data-testid="unit-cooperating"')
    cooperating, involved = rest.split('data-testid="unit-involved"')
    assert "融入成渝地区双城经济圈建设" in cooperating and "各县(市、区)政府" in cooperating
    assert "推进遂潼一体化发展" in involved and "加大知识产权保护力度" in involved
    assert "无。" in lead
    fgw = client.get(reverse("plans:unit", args=[units["fgw"].pk])).content.decode()
    assert (
        "推进与周边地区协同发展"
        in fgw.split('data-testid="unit-lead"')[1].split('data-testid="unit-cooperating"')[0]
    )


def test_the_matrix_marks_each_units_role_per_task(login, leader, plan):
    html = login(leader).get(reverse("plans:matrix", args=[plan.pk])).content.decode()
    assert "25 项任务" in html
    row = html.split("10. 打造军民协同区域创新体系")[1].split("</tr>")[0]
    assert (
        row.count("cell-lead") == 2
        and row.count("cell-cooperating") == 3
        and row.count("cell-implicit") == 8
    )
    assert ">牵头<" in row and ">配合<" in row and ">涉及<" in row
    # Printable: the stylesheet sets an A4 landscape page for print.
    css = (Path(__file__).resolve().parents[1] / "static" / "plans" / "plans.css").read_text(
        "utf-8"
    )
    assert "@page { size: A4 landscape" in css and "plans/plans.css" in html


def test_the_matrix_filters_by_section_and_kind_of_unit(login, leader, plan):
    section = plan.chapters.get(title="重点任务").sections.get(title="聚集协同创新人才")
    url = reverse("plans:matrix", args=[plan.pk]) + f"?section={section.pk}&kind=county"
    html = login(leader).get(url).content.decode()
    assert "3 项任务" in html and "5 个单位" in html
    assert "21. 加大创新人才招引力度" in html and "1. 融入成渝地区双城经济圈建设" not in html
    assert "市委组织部" not in html.split('data-testid="matrix"')[1]


def test_the_default_matrix_opens_the_newest_active_plan(login, leader, plan):
    client = login(leader)
    response = client.get(reverse("plans:matrix_default"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:matrix", args=[plan.pk]
    )


def test_the_default_matrix_without_any_plan_goes_to_the_list(login, leader):
    response = login(leader).get(reverse("plans:matrix_default"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")


def test_the_revision_page_shows_the_first_import(login, leader, plan):
    html = login(leader).get(reverse("plans:revisions", args=[plan.pk])).content.decode()
    assert "第 1 版" in html and "首次导入：25 项任务。" in html


def test_pages_are_in_english_on_request(client, leader, plan):
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Lead units" in html and "Responsibility matrix" in html


def test_the_default_matrix_prefers_the_newest_issued_plan_over_an_undated_one(
    login, leader, plan, coordinator, directory
):
    from luoshi.plans import services
    from luoshi.plans.tests.factories import plan_text

    services.plan_import(
        actor=coordinator,
        data=plan_text("无日期方案", 2).encode(),
        filename="x.txt",
        region=directory,
    )
    response = login(leader).get(reverse("plans:matrix_default"))
    assert response["Location"] == reverse("plans:matrix", args=[plan.pk])
