"""A round from rules to payment list, through the services: amounts with the rule applied,
review, notice, objections, final, payment list, lock."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import services as registry
from luoshi.enterprises.models import Qualification
from luoshi.subsidies import exports, selectors, services
from luoshi.subsidies.models import Line, Round

from .conftest import xlsx

pytestmark = pytest.mark.django_db
D = Decimal


def test_amounts_follow_tiers_cap_and_scaling(filled):
    lines = {x.enterprise.name[:4]: x for x in Line.objects.filter(round=filled)}
    # 甲: 5,000,000×5% + 1,000,000×8% = 330,000; 乙: 250,000 + 240,000 = 490,000 → cap 400,000
    # total 730,000 > budget 500,000: factor 500/730
    filled.refresh_from_db()
    assert filled.factor == (D(500_000) / D(730_000)).quantize(D("0.0000000001"))
    assert lines["遂宁甲科"].amount == D(226_027)  # 330,000 × 0.68493… = 226,027.39
    assert lines["蓬溪乙材"].amount == D(273_973)  # 400,000 × 0.68493… = 273,972.60
    assert lines["蓬溪乙材"].working["was_capped"]
    assert sum(x.amount for x in lines.values()) <= D(500_000)


def test_eligibility_comes_from_the_registry_on_31_december(coordinator, filled, two_firms):
    a, _b = two_firms
    batch = registry.registry_import_preview(
        actor=coordinator,
        kind="high_tech",
        file_name="ht.xlsx",
        data=xlsx(
            [
                ("序号", "企业名称", "证书编号", "发证日期"),
                (1, a.name, "GR202351000101", "2023-12-12"),
            ]
        ),
    )
    registry.registry_import_commit(actor=coordinator, batch=batch)
    services.round_set_rules(
        actor=coordinator,
        round=filled,
        base="spending",
        tiers=filled.tiers,
        cap=filled.cap,
        budget=filled.budget,
        eligible_kinds=[Qualification.Kind.HIGH_TECH],
    )
    lines = {x.enterprise_id: x for x in Line.objects.filter(round=filled)}
    assert lines[a.pk].eligible and lines[a.pk].amount == D(330_000)
    assert not [x for x in lines.values() if x.enterprise_id != a.pk][0].eligible
    assert Line.objects.filter(round=filled, amount=0).count() == 1


def test_a_round_runs_from_rules_to_a_locked_payment_list(coordinator, county_reporter, filled):
    with pytest.raises(ValidationFailed):  # every line reviewed first
        services.round_publicise(
            actor=coordinator,
            round=filled,
            notice_from=dt.date(2025, 6, 1),
            notice_until=dt.date(2025, 6, 7),
        )
    services.lines_approve_all(actor=coordinator, round=filled)
    services.round_publicise(
        actor=coordinator,
        round=filled,
        notice_from=dt.date(2025, 6, 1),
        notice_until=dt.date(2025, 6, 7),
    )
    line = Line.objects.get(round=filled, enterprise__name="遂宁甲科技有限公司")
    objection = services.objection_raise(
        actor=county_reporter, line=line, text="加计扣除名单中该企业研发费用为700万元"
    )
    with pytest.raises(ValidationFailed):  # an open objection blocks the final list
        services.round_finalise(actor=coordinator, round=filled)
    services.objection_answer(
        actor=coordinator,
        objection=objection,
        uphold=True,
        answer="经核实，按700万元计算",
        spending=D(7_000_000),
    )
    line.refresh_from_db()
    assert line.spending == D(7_000_000)
    # 250,000 + 160,000 = 410,000 → cap 400,000; both capped: 800,000 → factor 0.625
    assert line.amount == D(250_000)
    services.round_finalise(actor=coordinator, round=filled)
    data = exports.payment_list_xlsx(
        filled, selectors.round_lines(viewer=coordinator, round=filled, only_paid=True)
    )
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[-1][7] == 500_000
    assert {r[1] for r in rows[3:-1]} == {"遂宁甲科技有限公司", "蓬溪乙材料有限公司"}
    services.round_mark_paid(actor=coordinator, round=filled, paid_on=dt.date(2025, 7, 1))
    filled.refresh_from_db()
    assert filled.state == Round.State.PAID and filled.locked
    with pytest.raises(ValidationFailed):
        services.line_set(
            actor=coordinator, round=filled, enterprise=line.enterprise, spending=D(1)
        )
    with pytest.raises(ValidationFailed):
        services.line_review(actor=coordinator, line=line, decision="rejected", note="x")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"publicised", "answered", "corrected on objection", "finalised", "paid"} <= verbs


def test_a_rejected_line_gets_nothing_and_frees_the_budget(coordinator, filled):
    line = Line.objects.get(round=filled, enterprise__name="蓬溪乙材料有限公司")
    with pytest.raises(ValidationFailed):
        services.line_review(actor=coordinator, line=line, decision="rejected", note="")
    services.line_review(actor=coordinator, line=line, decision="rejected", note="材料不全")
    other = Line.objects.get(round=filled, enterprise__name="遂宁甲科技有限公司")
    line.refresh_from_db()
    assert line.amount == 0 and line.working["reason"] == "rejected"
    assert other.amount == D(330_000)


def test_bad_rules_are_refused(coordinator):
    for tiers in ([], [{"above": "100", "rate": "0.1"}], [{"above": "0", "rate": "2"}]):
        with pytest.raises(ValidationFailed):
            services.round_create(
                actor=coordinator, year=2030, title="x", base="spending", tiers=tiers
            )
    with pytest.raises(ValidationFailed):
        services.round_create(
            actor=coordinator,
            year=2030,
            title="x",
            base="spending",
            tiers=[{"above": "0", "rate": "0.1"}],
            budget=D("10.5"),
        )
    assert not Round.objects.exists()


def test_expense_list_imports_with_a_preview_and_reimporting_changes_nothing(
    coordinator, round_, two_firms
):
    a, b = two_firms
    data = xlsx(
        [
            ("2024年度研发费用加计扣除名单",),
            ("序号", "纳税人名称", "纳税人识别号", "研发费用（万元）"),
            (1, a.name, a.credit_code, "600"),
            (2, "遂宁甲科技", "", 120.5),
            (3, "新来的公司", "", 10),
        ]
    )
    batch = services.expenses_import_preview(
        actor=coordinator, round=round_, source="tax", file_name="tax.xlsx", data=data
    )
    statuses = [r["status"] for r in batch.plan["rows"]]
    assert statuses == ["new", "ask", "error"]
    assert batch.plan["rows"][0]["spending"] == "6000000.00"
    assert not Line.objects.exists()
    with pytest.raises(ValidationFailed):
        services.expenses_import_commit(actor=coordinator, batch=batch)
    good = xlsx(
        [
            ("纳税人名称", "纳税人识别号", "研发费用（万元）"),
            (a.name, a.credit_code, "600"),
            (b.name, b.credit_code, "800"),
        ]
    )
    batch = services.expenses_import_preview(
        actor=coordinator, round=round_, source="tax", file_name="tax.xlsx", data=good
    )
    summary = services.expenses_import_commit(actor=coordinator, batch=batch)
    assert summary["written"] == 2
    assert Line.objects.filter(round=round_, source="tax").count() == 2
    events = AuditEvent.objects.count()
    again = services.expenses_import_preview(
        actor=coordinator, round=round_, source="tax", file_name="tax.xlsx", data=good
    )
    assert again.summary["matched"] == 2
    assert services.expenses_import_commit(actor=coordinator, batch=again)["written"] == 0
    assert AuditEvent.objects.count() == events + 1  # only the import itself


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("企业名称", "研发费用"), ("甲", "很多")], "不是金额"),
        ([("企业名称", "研发费用"), ("甲", "-5")], "不是金额"),
        ([("企业名称", "统一社会信用代码", "研发费用"), ("甲", "91510903MA0000001X", "5")], ""),
    ],
)
def test_hostile_rows_are_row_errors(coordinator, round_, rows, message):
    batch = services.expenses_import_preview(
        actor=coordinator, round=round_, source="declaration", file_name="d.xlsx", data=xlsx(rows)
    )
    assert batch.plan["rows"][0]["status"] == "error"
    assert message in " ".join(batch.plan["rows"][0]["errors"])


def test_a_file_without_the_expense_column_is_refused(coordinator, round_):
    with pytest.raises(ValidationFailed):
        services.expenses_import_preview(
            actor=coordinator,
            round=round_,
            source="declaration",
            file_name="d.xlsx",
            data=xlsx([("企业名称", "地址"), ("甲", "x")]),
        )
    with pytest.raises(ValidationFailed):
        services.expenses_import_preview(
            actor=coordinator,
            round=round_,
            source="declaration",
            file_name="d.xlsx",
            data=b"PK\x03\x04junk",
        )
