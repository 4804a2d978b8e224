"""The lead unit brings the units' sent reports into its consolidation instead of retyping
them: each unit's text once, under its name, and only reports the lead unit may read."""

import pytest

from luoshi.supervision import services


@pytest.fixture
def sent(period, tasks, coop_approver, coop_reporter, lead_reporter):
    services.report_sign_off(
        actor=coop_approver,
        period=period,
        task=tasks["1"],
        version=0,
        work_done="签订合作协议2份",
        problems="资金缺口较大",
    )
    # A cooperating unit's draft stays its own.
    return services.report_save_draft(
        actor=lead_reporter,
        period=period,
        task=tasks["1"],
        version=0,
        work_done="牵头单位自己的草稿",
    )


def test_pulled_text_quotes_each_sent_report_once(sent, period, tasks, lead_reporter):
    c = services.consolidation_pull(actor=lead_reporter, period=period, task=tasks["1"], version=0)
    assert "【市经济和信息化局】签订合作协议2份" in c.summary
    assert "【市经济和信息化局】资金缺口较大" in c.problems
    again = services.consolidation_pull(
        actor=lead_reporter, period=period, task=tasks["1"], version=c.version
    )
    assert again.summary.count("【市经济和信息化局】") == 1


def test_drafts_are_not_pulled(sent, period, tasks, lead_reporter):
    c = services.consolidation_pull(actor=lead_reporter, period=period, task=tasks["1"], version=0)
    assert "牵头单位自己的草稿" not in c.summary


def test_only_a_lead_unit_pulls(sent, period, tasks, coop_reporter):
    from luoshi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.consolidation_pull(actor=coop_reporter, period=period, task=tasks["1"], version=0)
