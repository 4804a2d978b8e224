"""Milestones (工作要点): created one by one, imported from a spreadsheet all or nothing,
and completed through the owner's report."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.supervision import services
from luoshi.supervision.models import Milestone

HEADER = ["任务编号", "年度", "工作要点", "责任单位", "完成时限"]


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("工作要点.xlsx", buffer.getvalue())


GOOD = [
    ["1", 2025, "完成成渝合作协议签订", "市发展改革委", dt.date(2025, 6, 30)],
    ["1", "2025年", "组织对接活动", "市经信局", "2025年9月30日"],
    ["3", 2025, "建立协同机制", "船山区人民政府", "2025-12"],
]


def test_a_good_workbook_imports_every_row(plan, coordinator):
    created = services.milestone_import(actor=coordinator, plan=plan, upload=workbook(GOOD))
    assert len(created) == 3
    by_title = {m.title: m for m in Milestone.objects.select_related("owner")}
    assert by_title["组织对接活动"].owner.code == "jxj"  # an alias resolves
    assert by_title["组织对接活动"].deadline == dt.date(2025, 9, 30)
    assert by_title["建立协同机制"].deadline == dt.date(
        2025, 12, 31
    )  # "2025-12" means the month's end


def test_one_bad_row_rejects_the_whole_file_with_a_message_per_bad_row(plan, coordinator):
    rows = [
        *GOOD,
        ["99", 2025, "不存在的任务", "市发展改革委", "2025-06-30"],
        ["1", 2025, "单位写错", "市不存在局", "2025-06-30"],
        ["1", 2025, "日期写错", "市发展改革委", "明年"],
        ["1", 2024, "年份不符", "市发展改革委", "2025-06-30"],
        ["1", 2025, "不是责任单位", "市司法局", "2025-06-30"],
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.milestone_import(actor=coordinator, plan=plan, upload=workbook(rows))
    problems = caught.value.errors["rows"]
    assert len(problems) == 5
    assert problems[0].startswith("Row 5") or problems[0].startswith("第5行")
    assert "99" in problems[0] and "市不存在局" in problems[1] and "明年" in problems[2]
    assert not Milestone.objects.exists()


def test_a_csv_file_in_gbk_imports_too(plan, coordinator):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerow(["1", "2025", "完成成渝合作协议签订", "市发展改革委", "2025/6/30"])
    upload = SimpleUploadedFile("要点.csv", text.getvalue().encode("gbk"))
    assert len(services.milestone_import(actor=coordinator, plan=plan, upload=upload)) == 1


def test_a_file_without_the_columns_is_refused(plan, coordinator):
    with pytest.raises(ValidationFailed, match="missing|缺少"):
        services.milestone_import(
            actor=coordinator, plan=plan, upload=workbook(GOOD, header=["a", "b", "c", "d", "e"])
        )


def test_a_lead_unit_may_import_only_for_its_tasks(plan, lead_reporter):
    rows = [
        ["1", 2025, "牵头任务", "市发展改革委", "2025-06-30"],
        ["2", 2025, "别人的任务", "遂潼园区筹委会", "2025-06-30"],
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.milestone_import(actor=lead_reporter, plan=plan, upload=workbook(rows))
    assert len(caught.value.errors["rows"]) == 1


def test_the_import_page_lists_the_bad_rows(plan, coordinator):
    client = Client()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    rows = [*GOOD, ["1", 2025, "单位写错", "市不存在局", "2025-06-30"]]
    response = client.post(
        reverse("supervision:milestone_import", args=[plan.pk]), {"file": workbook(rows)}
    )
    assert response.status_code == 400
    assert "市不存在局" in response.content.decode()
    assert not Milestone.objects.exists()


def test_only_the_office_and_the_lead_unit_create_milestones(
    tasks, units, coordinator, lead_reporter, coop_reporter
):
    services.milestone_create(
        actor=coordinator,
        task=tasks["1"],
        year=2025,
        title="a",
        owner=units["jxj"],
        deadline=dt.date(2025, 3, 31),
    )
    services.milestone_create(
        actor=lead_reporter,
        task=tasks["1"],
        year=2025,
        title="b",
        owner=units["fgw"],
        deadline=dt.date(2025, 3, 31),
    )
    with pytest.raises(PermissionDenied):
        services.milestone_create(
            actor=coop_reporter,
            task=tasks["1"],
            year=2025,
            title="c",
            owner=units["jxj"],
            deadline=dt.date(2025, 3, 31),
        )


def test_a_milestone_is_done_when_its_owner_signs_off_a_report_ticking_it(
    period, tasks, units, coordinator, coop_reporter, coop_approver
):
    milestone = services.milestone_create(
        actor=coordinator,
        task=tasks["1"],
        year=period.end.year,
        title="签协议",
        owner=units["jxj"],
        deadline=period.end,
    )
    report = services.report_save_draft(
        actor=coop_reporter,
        period=period,
        task=tasks["1"],
        version=0,
        work_done="协议已签",
        milestones_done=[milestone.pk],
    )
    milestone.refresh_from_db()
    assert not milestone.done  # a draft's tick is only a claim
    services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    milestone.refresh_from_db()
    assert milestone.done and milestone.done_report_id == report.pk


def test_a_unit_cannot_tick_another_units_milestone(
    period, tasks, units, coordinator, coop_reporter
):
    milestone = services.milestone_create(
        actor=coordinator,
        task=tasks["1"],
        year=period.end.year,
        title="x",
        owner=units["fgw"],
        deadline=period.end,
    )
    with pytest.raises(ValidationFailed):
        services.report_save_draft(
            actor=coop_reporter,
            period=period,
            task=tasks["1"],
            version=0,
            work_done="x",
            milestones_done=[milestone.pk],
        )
