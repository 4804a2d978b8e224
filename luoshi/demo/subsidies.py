"""Demo R&D post-subsidy rounds for Suining, run through the subsidy services as the office
would: the 2024 round (2023 expenses) paid and locked; the 2025 round (2024 expenses) under
public notice with an objection to answer. Firms and amounts are invented; marked demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from luoshi.enterprises.models import Enterprise
from luoshi.subsidies import services
from luoshi.subsidies.models import Line, Round

SEED = 8
TIERS = [{"above": "0", "rate": "0.05"}, {"above": "5000000", "rate": "0.08"}]


def _expenses_csv(firms, rng, with_previous: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["企业名称", "统一社会信用代码", "研发费用（万元）"]
        + (["上年研发费用（万元）"] if with_previous else [])
    )
    for firm in firms:
        # R&D spending in 万元, skewed as it is: most firms small, a few large
        spending = Decimal(min(6000.0, max(30.0, rng.lognormvariate(5.3, 0.8)))).quantize(
            Decimal("0.1")
        )
        row = [firm.name, firm.credit_code, f"{spending}"]
        if with_previous:
            row.append(
                f"{(spending * Decimal(rng.randint(70, 115)) / 100).quantize(Decimal('0.1'))}"
            )
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _round(year, firms, rng, *, budget, cap, base="spending"):
    round_ = services.round_create(
        actor=None,
        year=year,
        title=f"{year}年度遂宁市企业研发费用后补助（演示）",
        base=base,
        tiers=TIERS,
        cap=Decimal(cap),
        budget=Decimal(budget),
        eligible_kinds=["high_tech", "tech_sme"],
        is_demo=True,
    )
    batch = services.expenses_import_preview(
        actor=None,
        round=round_,
        source=Line.Source.DECLARATION,
        file_name=f"{year}年研发费用后补助申报汇总（演示）.csv",
        data=_expenses_csv(firms, rng, base == "increase"),
    )
    services.expenses_import_commit(actor=None, batch=batch, is_demo=True)
    return round_


def load(*, stdout) -> None:
    if Round.objects.filter(is_demo=True).exists():
        stdout.write("subsidies: demo rounds already loaded")
        return
    firms = list(Enterprise.objects.filter(is_demo=True).order_by("credit_code"))
    if not firms:
        stdout.write("subsidies: no demo registry; skipped")
        return
    rng = random.Random(SEED)
    old = _round(2024, rng.sample(firms, min(90, len(firms))), rng, budget=12_000_000, cap=500_000)
    services.lines_approve_all(actor=None, round=old)
    services.round_publicise(
        actor=None, round=old, notice_from=dt.date(2024, 6, 3), notice_until=dt.date(2024, 6, 9)
    )
    services.round_finalise(actor=None, round=old)
    services.round_mark_paid(actor=None, round=old, paid_on=dt.date(2024, 7, 15))

    new = _round(2025, rng.sample(firms, min(140, len(firms))), rng, budget=15_000_000, cap=500_000)
    lines = list(Line.objects.filter(round=new).order_by("pk")[:2])
    if lines:
        services.line_review(
            actor=None,
            line=lines[0],
            decision=Line.Review.REJECTED,
            note="研发费用专项审计报告缺失",
        )
    services.lines_approve_all(actor=None, round=new)
    services.round_publicise(
        actor=None, round=new, notice_from=dt.date(2025, 6, 2), notice_until=dt.date(2025, 6, 8)
    )
    if len(lines) > 1:
        services.objection_raise(
            actor=None, line=lines[1], text="企业反映：加计扣除名单中的研发费用高于申报数，请核实。"
        )
    stdout.write(
        f"subsidies: 2 demo rounds ({Line.objects.filter(round__is_demo=True).count()} lines)"
    )
