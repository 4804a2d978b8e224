"""Responsibility clauses: roles, conventions, rules that persist, and rule text that is never
mistaken for a unit."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_text
from luoshi.planparse.unitnames import split_units
from luoshi.planparse.units import find_clauses, resolve_roles


def _roles(clause_text: str, comma=False, first=False):
    clauses = find_clauses("任务内容。" + clause_text)
    assert clauses, clause_text
    lead, coop = [], []
    for c in clauses:
        l_, c_, _rule = resolve_roles(c, comma or c.rule_comma, first or c.rule_first)
        lead += l_
        coop += c_
    return lead, coop


@pytest.mark.parametrize(
    ("clause", "lead", "coop"),
    [
        (
            "〔责任单位:市发展改革委,市委组织部、市科技局〕",
            ["市发展改革委"],
            ["市委组织部", "市科技局"],
        ),
        (
            "(责任单位：市委军民融合办、市科技局，市财政局)",
            ["市委军民融合办", "市科技局"],
            ["市财政局"],
        ),
        (
            "（牵头单位：市经信局；配合单位：市发改委、市科技局）",
            ["市经信局"],
            ["市发改委", "市科技局"],
        ),
        ("【牵头单位】省科技厅【配合单位】省发展改革委", ["省科技厅"], ["省发展改革委"]),
        ("【责任单位】省科技厅、省财政厅", ["省科技厅", "省财政厅"], []),
        (
            "（市民政局牵头，市住房城乡建设委、市自然资源和规划局配合）",
            ["市民政局"],
            ["市住房城乡建设委", "市自然资源和规划局"],
        ),
        ("（体育总局、民政部负责）", ["体育总局", "民政部"], []),
        ("（各县（市、区）人民政府按职责分工负责）", ["各县（市、区）人民政府"], []),
        ("（市水务局、各区（市、县）政府分别负责）", ["市水务局", "各区（市、县）政府"], []),
        ("（海关总署、商务部等有关部门负责）", ["海关总署", "商务部", "有关部门"], []),
        ("（市民政局牵头，市卫生健康委等部门配合）", ["市民政局"], ["市卫生健康委"]),
        ("（责任主体：临港经开区管委会，市商务局）", ["临港经开区管委会"], ["市商务局"]),
        ("（参与单位：市财政局；牵头部门：市科技局）", ["市科技局"], ["市财政局"]),
        (
            "（市政府办公室牵头，市级各有关部门及各县市区政府按职责分工负责）",
            ["市政府办公室"],
            ["市级各有关部门", "各县市区政府"],
        ),
        ("（牵头领导：张三；牵头单位：市交通运输局）", ["市交通运输局"], []),
    ],
)
def test_clause_forms(clause, lead, coop):
    assert _roles(clause) == (lead, coop)


def test_first_listed_rule_makes_the_first_unit_the_lead():
    assert _roles("（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）") == (
        ["税务总局"],
        ["财政部", "海关总署"],
    )
    assert _roles("（海关总署、商务部负责）", first=True) == (["海关总署"], ["商务部"])


def test_units_jointly_responsible_without_a_rule_are_all_leads():
    assert _roles("（体育总局、公安部、市场监管总局负责）") == (
        ["体育总局", "公安部", "市场监管总局"],
        [],
    )


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("市发展和改革委员会、市经济和信息化局", ["市发展和改革委员会", "市经济和信息化局"]),
        ("各县(市、区)政府、市直园区管委会", ["各县(市、区)政府", "市直园区管委会"]),
        ("市卫生健康委和市医保局", ["市卫生健康委", "市医保局"]),
        ("人力资源社会保障部等", ["人力资源社会保障部"]),
        ("市  商务局 、 市税务局", ["市商务局", "市税务局"]),
        ("各市、县（市、区）人民政府", ["各市、县（市、区）人民政府"]),
        ("各市（州）、县（市、区）政府、省财政厅", ["各市（州）、县（市、区）政府", "省财政厅"]),
        ("市财政局、市税务局", ["市财政局", "市税务局"]),
        ("教育部、人力资源社会保障部等部门及各地", ["教育部", "人力资源社会保障部", "各地"]),
    ],
)
def test_unit_lists_split_on_separators_not_inside_names(text, units):
    assert split_units(text) == units


SUINING_LIKE = """X方案
一、重点任务
1.任务一。内容。〔责任单位:市发展改革委,市委组织部、各县(市、区)政府、市直园区管委会。逗号前的单位为牵头单位,下同。以下各项工作均涉及各县(市、区)政府、市直园区管委会,不再单独列出〕
2.任务二。内容。(责任单位:遂潼园区筹委会,领导小组各成员单位)
3.任务三。内容。(责任单位:市科技局、市教育体育局,市财政局、各县(市、区)政府)
"""


def test_rule_in_first_clause_governs_later_tasks_and_is_never_a_unit():
    plan = parse_text(SUINING_LIKE)
    t1, t2, t3 = plan.tasks
    assert t1.lead_units == ("市发展改革委",)
    assert t1.cooperating_units == ("市委组织部", "各县(市、区)政府", "市直园区管委会")
    assert t1.implicit_units == ()
    assert t2.implicit_units == ("各县(市、区)政府", "市直园区管委会")
    assert t3.lead_units == ("市科技局", "市教育体育局")
    # Listed explicitly, so not repeated as implicit.
    assert t3.implicit_units == ("市直园区管委会",)
    assert plan.warnings == ()


def test_first_listed_rule_with_xia_tong_persists_and_without_it_does_not():
    persistent = parse_text(
        "X方案\n一、任务\n1.甲。内容。（A局、B局负责，排在第一位的为牵头单位，下同）\n2.乙。内容。（C局、D局负责）\n"
    )
    assert [t.lead_units for t in persistent.tasks] == [("A局",), ("C局",)]
    once = parse_text(
        "X方案\n一、任务\n1.甲。内容。（A局、B局负责，排在第一位的为牵头单位）\n2.乙。内容。（C局、D局负责）\n"
    )
    assert [t.lead_units for t in once.tasks] == [("A局",), ("C局", "D局")]


def test_rule_stated_in_the_preamble_applies_to_every_task():
    plan = parse_text(
        "X方案\n各项任务中排在第一位的为牵头单位。以下各项任务均需各街道办事处抓好落实，不再一一列出。\n"
        "一、任务\n1.甲。内容。（A局、B局负责）\n2.乙。内容。（C局负责）\n"
    )
    assert [(t.lead_units, t.cooperating_units, t.implicit_units) for t in plan.tasks] == [
        (("A局",), ("B局",), ("各街道办事处",)),
        (("C局",), (), ("各街道办事处",)),
    ]


def test_several_clauses_in_one_task_merge_in_order_without_duplicates():
    plan = parse_text(
        "X意见\n一、任务\n（一）鼓励创新创业。甲。（市场监管总局负责）乙。（体育总局、教育部负责）"
        "丙。（体育总局、网信办负责）\n"
    )
    assert plan.tasks[0].lead_units == ("市场监管总局", "体育总局", "教育部", "网信办")


def test_clause_with_a_deadline_part_keeps_it_out_of_the_units():
    plan = parse_text(
        "X方案\n一、任务\n1.甲。内容。（责任单位：市交通运输局，市生态环境局；持续推进）\n"
    )
    task = plan.tasks[0]
    assert task.lead_units == ("市交通运输局",)
    assert task.cooperating_units == ("市生态环境局",)
    assert task.deadline == "持续推进"


def test_ordinary_brackets_are_not_clauses():
    assert (
        find_clauses("推进四川师范大学遂宁校区（四川乡村振兴学院）建设（以下简称“川师”）。") == []
    )


def test_comma_parts_with_their_own_duty_are_all_leads():
    assert _roles("（国家发展改革委、财政部等按职责分工负责，地方各级人民政府负责落实）") == (
        ["国家发展改革委", "财政部", "地方各级人民政府"],
        [],
    )


def test_blank_separated_units_on_label_lines():
    plan = parse_text(
        "X要点\n一、任务\n1.清理政策。开展清理。\n牵头单位：区市场监管局  配合单位：区司法局 区发改局\n"
    )
    assert plan.tasks[0].lead_units == ("区市场监管局",)
    assert plan.tasks[0].cooperating_units == ("区司法局", "区发改局")


def test_convention_stated_after_the_tasks_still_applies():
    plan = parse_text(
        "X方案\n一、任务\n1.甲。内容。（A局、B局负责）\n2.乙。内容。（C局、D局负责）\n"
        "二、其他\n注：各项任务中排在第一位的为牵头单位。\n"
    )
    assert [t.lead_units for t in plan.tasks] == [("A局",), ("C局",)]


def test_the_unit_that_is_responsible_leads_those_that_cooperate():
    assert _roles("（市教育局负责，市财政局、市人社局配合）") == (
        ["市教育局"],
        ["市财政局", "市人社局"],
    )


def test_a_unit_with_a_bracketed_alias_is_one_unit_and_not_flagged():
    plan = parse_text("X方案\n一、任务\n1.甲。内容。（市发展改革委（市能源局）、各地负责）\n")
    assert plan.tasks[0].lead_units == ("市发展改革委（市能源局）", "各地")
    assert plan.warnings == ()


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("市委组织部市科技局", ["市委组织部", "市科技局"]),
        ("市发展改革委市经信局市财政局", ["市发展改革委", "市经信局", "市财政局"]),
        ("各县（市、区）政府市直园区管委会", ["各县（市、区）政府", "市直园区管委会"]),
        ("各县市区政府", ["各县市区政府"]),
        ("市政府办公室", ["市政府办公室"]),
        ("国家税务总局遂宁市税务局", ["国家税务总局遂宁市税务局"]),
        (
            "遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位",
            ["遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位"],
        ),
    ],
)
def test_units_run_together_in_a_table_cell_come_apart(cell, units):
    from luoshi.planparse.unitnames import split_glued

    assert split_glued([cell]) == units


def test_a_unit_marked_as_lead_in_brackets_leads():
    assert _roles("（责任单位：市发改委（牵头）、市财政局、市商务局）") == (
        ["市发改委"],
        ["市财政局", "市商务局"],
    )
