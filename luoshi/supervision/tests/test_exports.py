"""The bulletin (通报, .docx) and the ledger (台账, .xlsx) open and say what the scorecard says."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

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


def test_the_bulletin_ranks_the_units(history, plan, leader):
    response = client_for(leader).get(reverse("supervision:scorecard_docx"), {"plan": plan.pk})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert plan.title in text
    table = document.tables[0]
    units = [row.cells[1].text for row in table.rows[1:]]
    assert "市经济和信息化局" in units
    ranks = [row.cells[0].text for row in table.rows[1:]]
    assert ranks[0] == "1"


def test_the_ledger_lists_every_expected_report_missing_ones_included(
    history, plan, leader, past_period
):
    response = client_for(leader).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, lines = rows[0], rows[1:]
    assert len(header) == 16
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
    scores = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(row[1] == "市经济和信息化局" for row in scores[1:])


def test_exports_are_for_the_office_and_leaders_only(history, plan, coop_reporter):
    client = client_for(coop_reporter)
    assert client.get(reverse("supervision:scorecard_docx"), {"plan": plan.pk}).status_code == 404
    assert client.get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk}).status_code == 404
