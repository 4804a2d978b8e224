"""The ledger (台账, .xlsx) opens and says what the process figures say; the bulletin (通报) is
the assessment's (luoshi/assessment/tests/test_documents.py)."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from luoshi.supervision import services


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def history(past_period, tasks, coop_reporter, coop_approver, coordinator):
    report = services.report_save_draft(
        actor=coop_reporter,
        period=past_period,
        task=tasks["1"],
        version=0,
        work_done="签订合作协议2份",
        progress_pct=60,
    )
    report = services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    services.report_return(actor=coordinator, report=report, comment="请补充")
    return report


def test_the_ledger_lists_every_expected_report_missing_ones_included(
    history, plan, leader, past_period
):
    response = client_for(leader).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, lines = rows[0], rows[1:]
    assert len(header) == 17
    ours = [
        line
        for line in lines
        if line[4] == "市经济和信息化局" and line[2] == "1" and line[0] == past_period.label
    ]
    assert len(ours) == 1 and ours[0][13] == "签订合作协议2份" and ours[0][9] == 1
    missing = [
        line for line in lines if line[0] == past_period.label and not line[13] and not line[7]
    ]
    assert missing  # units that never reported are listed too
    figures = list(book.worksheets[1].iter_rows(values_only=True))
    jxj = next(row for row in figures[1:] if row[0] == "市经济和信息化局")
    assert jxj[4] == 1  # returned once


def test_exports_are_for_the_office_and_leaders_only(history, plan, coop_reporter):
    client = client_for(coop_reporter)
    assert client.get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk}).status_code == 404
