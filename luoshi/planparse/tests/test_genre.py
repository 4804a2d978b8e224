"""Conventions of the genre, one at a time: who leads and by which rule, collective names,
tables copied one cell per line, tasks as plain paragraphs, documents without tasks."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_text
from luoshi.planparse.model import LOW_CONFIDENCE
from luoshi.planparse.unitnames import split_units


def _roles(plan):
    return [(t.lead_units, t.cooperating_units, t.rule) for t in plan.tasks]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("各省、自治区、直辖市人民政府", ["各省、自治区、直辖市人民政府"]),
        ("各区、县（市）政府、市财政局", ["各区、县（市）政府", "市财政局"]),
        ("市直各有关部门和单位", ["市直各有关部门和单位"]),
        ("文化和旅游部、住房和城乡建设部", ["文化和旅游部", "住房和城乡建设部"]),
        ("商务部、工业和信息化部等有关部门和单位", ["商务部", "工业和信息化部", "有关部门和单位"]),
        ("市经信局、市科技局等各有关部门", ["市经信局", "市科技局", "各有关部门"]),
        ("市经信局等部门和各县市区人民政府", ["市经信局", "各县市区人民政府"]),
        ("海关总署等部门", ["海关总署"]),
        ("部属各高等学校", ["部属各高等学校"]),
    ],
)
def test_collective_names_stay_whole_and_etc_separates(text, units):
    assert split_units(text) == units


def test_a_rule_stated_in_the_guarantee_chapter_holds_across_a_comma():
    plan = parse_text(
        "X实施方案\n一、重点任务\n1.甲。内容。（A局、B局，C局）\n2.乙。内容。（D局，E局）\n"
        "二、保障措施\n各项任务排在第一位的为牵头单位，其他为配合单位。\n"
    )
    assert _roles(plan) == [
        (("A局",), ("B局", "C局"), "rule_first"),
        (("D局",), ("E局",), "rule_first"),
    ]


def test_without_a_rule_listed_units_share_the_lead_and_a_comma_split_is_a_flagged_guess():
    plan = parse_text(
        "X实施方案\n一、重点任务\n1.甲。内容。（A局、B局按职责分工负责）\n2.乙。内容。（C局，D局）\n"
    )
    assert _roles(plan) == [(("A局", "B局"), (), "joint"), (("C局",), ("D局",), "comma")]
    assert plan.tasks[0].confidence >= LOW_CONFIDENCE > plan.tasks[1].confidence


@pytest.mark.parametrize(
    ("clause", "lead", "coop"),
    [
        ("（A局会同有关部门负责）", ("A局",), ("有关部门",)),
        ("（A局会同B局、C局负责）", ("A局",), ("B局", "C局")),
        ("（A司指导，B司、C司参与）", ("A司",), ("B司", "C司")),
        ("（A局、B局牵头负责）", ("A局", "B局"), ()),
        ("（负责部门：A部、B部；配合部门：C局；推广范围：全国）", ("A部", "B部"), ("C局",)),
        (
            "（指导部门：A委；责任部门：B部；适用范围：城区常住人口100万以上城市）",
            ("A委",),
            ("B部",),
        ),
    ],
)
def test_labels_beyond_lead_and_cooperate(clause, lead, coop):
    plan = parse_text(f"X实施方案\n一、重点任务\n1.甲。内容。{clause}\n")
    assert _roles(plan)[0][:2] == (lead, coop)
    assert plan.tasks[0].rule in ("label", "single")


def test_a_table_copied_one_cell_per_line_becomes_the_task_list():
    plan = parse_text(
        "X实施方案\n一、重点任务\n见附件。\n附件\n重点任务分工表\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"
        "一、第一类\n1\n建设甲平台\n市甲局\n市乙局、市丙局\n2024年底前\n2\n推进乙改革\n市乙局\n2025年\n"
    )
    assert [(t.number, t.title, t.lead_units, t.cooperating_units, t.rule) for t in plan.tasks] == [
        ("1", "建设甲平台", ("市甲局",), ("市乙局", "市丙局"), "table"),
        ("2", "推进乙改革", ("市乙局",), (), "table"),
    ]
    assert plan.tasks[0].deadline == "2024年底前"


def test_unnumbered_paragraphs_led_in_by_a_phrase_are_tasks():
    plan = parse_text(
        "X实施意见\n一、重点任务\n（一）强化创新。加强基础研究。内容甲。（A厅负责）\n"
        "突破关键技术。内容乙。（B厅、C厅按职责分工负责）\n"
        "各地要加强组织领导，结合实际抓好落实。\n"
    )
    assert [(t.number, t.section, t.title, t.lead_units) for t in plan.tasks] == [
        ("1", "强化创新", "加强基础研究", ("A厅",)),
        ("2", "强化创新", "突破关键技术", ("B厅", "C厅")),
    ]


def test_a_notice_whose_task_lists_are_attachments_has_no_tasks():
    plan = parse_text(
        "X市人民政府办公室关于印发X市重点任务清单的通知\n各区政府：\n"
        "现将《X市重点任务清单》印发给你们。\n一、压实责任。各单位要抓好落实。\n二、加强督查。定期通报。\n"
        "附件：X市重点任务清单\nX市人民政府办公室\n2024年1月2日\n"
    )
    assert plan.title == "X市人民政府办公室关于印发X市重点任务清单的通知"
    assert plan.tasks == ()
    assert any("附件" in w for w in plan.warnings)


def test_a_policy_text_assigning_nothing_has_no_tasks_but_a_work_plan_does():
    body = "\n一、主要举措\n（一）提升服务。内容。\n（二）强化保障。内容。\n"
    assert parse_text("X市人民政府关于优化营商环境的实施意见" + body).tasks == ()
    assert len(parse_text("X市优化营商环境工作方案" + body).tasks) == 2


def test_figures_in_a_task_are_its_targets_and_policy_amounts_are_not():
    plan = parse_text(
        "X工作方案\n一、重点任务\n1.建设平台。到2025年，建成示范平台20个以上。（A局负责）\n"
        "2.支持企业。对新认定的企业给予最高500万元奖励。（B局负责）\n"
    )
    first, second = plan.tasks
    assert [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in first.targets] == [
        ("示范平台", ">=", 20, "个", 2025)
    ]
    assert second.targets == ()
