"""Formula injection: text people typed (a report, a task title, an element's name) that
starts with "=", "+", "-", "@", a tab or CR stays text in every spreadsheet luoshi writes —
never a live formula, link or error cell in the file someone opens in Excel."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.supervision import services
from luoshi.supervision.tests import factories
from tests.security.payloads import FORMULAS
from tests.security.sheets import assert_text_not_formulas, formulas_in

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_ledger_writes_report_texts_as_text(
    past_period, tasks, lead_reporter, lead_approver, coop_reporter, coop_approver, leader, plan
):
    texts = iter(FORMULAS)
    for reporter, approver, number in (
        (lead_reporter, lead_approver, "1"),
        (coop_reporter, coop_approver, "1"),
        (lead_reporter, lead_approver, "3"),
    ):
        report = services.report_save_draft(
            actor=reporter,
            period=past_period,
            task=tasks[number],
            version=0,
            work_done=next(texts),
            problems=next(texts),
            next_steps=next(texts),
        )
        services.report_sign_off(
            actor=approver, period=report.period, task=report.task, version=report.version
        )
    response = client_for(leader).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk})
    assert response.status_code == 200
    assert_text_not_formulas(response.content, FORMULAS)


@pytest.fixture
def hostile_plan(units):
    spec = [
        (str(n), "=SUM(1,1)", title, ["fgw"], ["jxj"], [])
        for n, title in enumerate(FORMULAS, start=1)
    ]
    return factories.make_plan(units, spec, title='=HYPERLINK("http://evil.example")')


def test_the_breakdown_workbook_writes_task_titles_as_text(hostile_plan, coordinator):
    response = client_for(coordinator).get(reverse("plans:export", args=[hostile_plan.pk, "xlsx"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_text_not_formulas(content, [t for t in FORMULAS])


def test_luoshi_parse_writes_plan_text_as_text(tmp_path):
    from luoshi.planparse import export
    from luoshi.planparse.model import Plan, Task

    plan = Plan(
        title="=1+1",
        issuer=None,
        date=None,
        doc_number=None,
        tasks=tuple(
            Task(number=str(n), title=title, text=title, chapter="=A1", section="@A1")
            for n, title in enumerate(FORMULAS, start=1)
        ),
    )
    out = tmp_path / "plan.xlsx"
    export.write_xlsx(plan, out)
    content = out.read_bytes()
    assert formulas_in(content) == []
    assert_text_not_formulas(content, FORMULAS)


def test_the_indicator_template_writes_names_and_definitions_as_text(
    catalogue, lead_reporter, city
):
    from luoshi.indicators import services as indicator_services

    indicator_services.element_save(
        actor=None,
        code="evil",
        name=FORMULAS[0],
        unit_of_measure=FORMULAS[2][:20],
        definition=FORMULAS[1],
        aggregation="sum",
        supplying_unit=catalogue["unit"],
        min_value=Decimal("0"),
    )
    response = client_for(lead_reporter).get(reverse("indicators:entry_template", args=[2023]))
    assert response.status_code == 200
    assert_text_not_formulas(response.content, [FORMULAS[0], FORMULAS[1], FORMULAS[2][:20]])


def test_the_indicator_table_writes_indicator_names_as_text(catalogue, coordinator):
    from luoshi.indicators import services as indicator_services

    indicator_services.indicator_save(
        actor=None, code="evil", name=FORMULAS[1], formula="rd", unit_of_measure="=x", decimals=0
    )
    response = client_for(coordinator).get(reverse("indicators:table_xlsx"))
    assert response.status_code == 200
    content = response.content
    assert formulas_in(content) == []
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any(isinstance(t, str) and t.startswith(FORMULAS[1]) for t in texts)
