"""Numbered headings in every style the genre uses, full- and half-width, and the outline."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_text
from luoshi.planparse.headings import match_heading


@pytest.mark.parametrize(
    ("line", "style", "number", "title"),
    [
        ("一、总体要求", "cn", "一", "总体要求"),
        ("十二．强化保障", "cn", "十二", "强化保障"),
        (
            "(一)指导思想。坚持以习近平新时代中国特色社会主义思想为指导",
            "cn_paren",
            "(一)",
            "指导思想",
        ),
        ("（十九）完善相关投入机制。推动…", "cn_paren", "（十九）", "完善相关投入机制"),
        (
            "1.融入成渝地区双城经济圈建设。发挥中心节点优势",
            "num",
            "1",
            "融入成渝地区双城经济圈建设",
        ),
        ("12、发展数字商贸。培育直播电商", "num", "12", "发展数字商贸"),
        ("３．夯实基础。内容", "num", "3", "夯实基础"),
        ("（1）背街小巷改造提升", "num_paren", "（1）", "背街小巷改造提升"),
        ("(2)占道经营专项治理", "num_paren", "(2)", "占道经营专项治理"),
        ("2）推广新能源汽车。", "num_half", "2）", "推广新能源汽车"),
        (
            "①推进水泥行业超低排放改造，2025年6月30日前完成。",
            "circled",
            "①",
            "推进水泥行业超低排放改造，2025年6月30日前完成",
        ),
        ("第三章 重点任务", "part", "第三章", "重点任务"),
        ("（二）发展目标：到2025年，全市…", "cn_paren", "（二）", "发展目标"),
    ],
)
def test_heading_styles_are_recognised(line, style, number, title):
    h = match_heading(line)
    assert (h.style, h.number, h.title) == (style, number, title)


@pytest.mark.parametrize(
    "line",
    [
        "2025年，全市…",
        "1.05%的研发投入强度",
        "十四五时期",
        "一是加强领导",
        "（此件公开发布）",
        "3.5亿元用于…",
    ],
)
def test_body_text_that_starts_with_numbers_is_not_a_heading(line):
    assert match_heading(line) is None


def test_title_ends_at_the_first_full_stop_and_text_keeps_the_paragraph():
    plan = parse_text(
        "X方案\n一、重点任务\n1.融入成渝地区双城经济圈建设。发挥中心节点优势，加强战略协作。（责任单位：市发展改革委）\n"
    )
    task = plan.tasks[0]
    assert task.title == "融入成渝地区双城经济圈建设"
    assert task.text.startswith("融入成渝地区双城经济圈建设。发挥中心节点优势")


def test_heading_on_its_own_line_takes_the_following_paragraphs_as_text():
    plan = parse_text(
        "X方案\n一、整治任务\n（1）背街小巷改造提升\n实施改造。\n完善设施。\n牵头单位：县住建局\n（2）占道治理\n集中整治。\n"
    )
    assert [t.title for t in plan.tasks] == ["背街小巷改造提升", "占道治理"]
    assert plan.tasks[0].text == "实施改造。\n完善设施。"
    assert plan.tasks[0].lead_units == ("县住建局",)


def test_numbering_that_restarts_in_each_section_keeps_sections_apart():
    plan = parse_text(
        "X方案\n一、重点任务\n（一）甲领域\n1.任务甲一。内容。（责任单位：市甲局）\n2.任务甲二。内容。（责任单位：市乙局）\n"
        "（二）乙领域\n1.任务乙一。内容。（责任单位：市丙局）\n"
    )
    assert [(t.number, t.section) for t in plan.tasks] == [
        ("1", "甲领域"),
        ("2", "甲领域"),
        ("1", "乙领域"),
    ]


def test_items_are_tasks_when_there_is_no_deeper_level():
    plan = parse_text(
        "X意见\n一、总体要求\n（一）指导思想。坚持…。\n（二）发展目标。到2025年，规模达到2万亿元。\n"
        "二、丰富赛事活动\n（三）发展职业赛事。内容。（体育总局、民政部负责）\n（四）引进国际赛事。内容。（体育总局负责）\n"
    )
    assert [(t.number, t.chapter, t.section) for t in plan.tasks] == [
        ("（三）", "丰富赛事活动", None),
        ("（四）", "丰富赛事活动", None),
    ]


def test_framing_chapters_are_not_tasks_unless_they_name_units():
    plan = parse_text(
        "X方案\n一、重点任务\n1.任务一。内容。（责任单位：市甲局）\n"
        "二、保障措施\n（一）加强组织领导。成立领导小组。\n（二）强化资金保障。统筹资金。（责任单位：市财政局）\n"
    )
    assert [(t.number, t.title) for t in plan.tasks] == [
        ("1", "任务一"),
        ("（二）", "强化资金保障"),
    ]


def test_closing_remarks_after_the_last_task_are_not_part_of_it():
    plan = parse_text(
        "X方案\n一、重点任务\n1.任务一。内容。（责任单位：市甲局）\n各地区各部门要认真抓好落实。\n"
    )
    assert "认真抓好落实" not in plan.tasks[0].text


def test_a_clause_line_after_sub_items_belongs_to_the_item_holding_them():
    plan = parse_text(
        "X方案\n一、重点任务\n1.强化工业治理。\n①超低排放改造。\n②集群排查整治。\n〔责任单位：市生态环境局，市经信局〕\n"
        "2.加强移动源防治。\n①推广新能源车。\n②淘汰老旧车辆。\n〔责任单位：市交通运输局〕\n"
    )
    assert [(t.number, t.lead_units) for t in plan.tasks] == [
        ("1", ("市生态环境局",)),
        ("2", ("市交通运输局",)),
    ]
    assert plan.tasks[0].text == "①超低排放改造。\n②集群排查整治。"


def test_closing_article_of_a_measures_document_is_not_a_task():
    plan = parse_text(
        "XX市若干措施\n一、加大财政支持。设立专项资金。（责任单位：市财政局）\n"
        "二、降低融资成本。扩大担保覆盖面。（责任单位：市金融工作局）\n"
        "三、本措施自2023年1月1日起施行，有效期3年。\n"
    )
    assert [t.number for t in plan.tasks] == ["一", "二"]
    assert plan.chapters == ()
    assert plan.warnings == ()


def test_a_heading_that_is_a_whole_sentence_is_part_of_the_task_text():
    plan = parse_text(
        "XX工作方案\n一、要加强调查取证工作，设法查找有关资料。\n上述情况要及时上报。\n二、其他工作，由军队负责。\n"
    )
    assert plan.tasks[0].text == "要加强调查取证工作，设法查找有关资料。\n上述情况要及时上报。"


def test_a_chapter_numbered_more_shallowly_still_yields_its_items_as_tasks():
    plan = parse_text(
        "X实施方案\n一、重点任务\n（一）甲领域\n1.任务一。内容。\n2.任务二。内容。\n"
        "二、加强功能建设\n（一）推进政务公开。内容。\n（二）加强政民互动。内容。\n"
        "三、保障措施\n（一）加强组织领导。内容。\n"
    )
    assert [(t.number, t.title) for t in plan.tasks] == [
        ("1", "任务一"),
        ("2", "任务二"),
        ("（一）", "推进政务公开"),
        ("（二）", "加强政民互动"),
    ]


def test_an_attachment_marker_ends_the_plan_body():
    plan = parse_text("X方案\n一、任务\n1.甲。内容。（A局负责）\n附件\n任务分工表\n1 甲 A局\n")
    assert plan.tasks[0].text == "甲。内容。（A局负责）"


def test_chapter_and_section_style_headings_give_chapters_and_sections():
    plan = parse_text(
        "X行动计划\n第一章 总体要求\n第一节 指导思想\n坚持…。\n第二章 重点任务\n第一节 建设网络\n"
        "一、部署5G。内容。（市经信局牵头，市住建局配合）\n第二节 建设算力\n"
        "一、建设智算中心。内容。（市科技局负责）\n"
    )
    assert [(c.number, c.title, c.sections) for c in plan.chapters] == [
        ("第一章", "总体要求", ("指导思想",)),
        ("第二章", "重点任务", ("建设网络", "建设算力")),
    ]
    assert [(t.number, t.section) for t in plan.tasks] == [("一", "建设网络"), ("一", "建设算力")]


def test_bracketed_points_under_an_item_with_text_are_part_of_that_task():
    plan = parse_text(
        "X工作要点\n一、提升能力\n1.建设平台。新建实验室5个。\n(1)支持锂电平台；\n(2)支持电子平台；\n"
        "(3)支持医药平台。\n2.推动评审。力争年内通过评审。\n二、培育主体\n3.实施倍增计划。新增企业60家。\n"
        "(1)开展宣讲；\n(2)建立监测制度。\n"
    )
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    assert plan.tasks[0].text.endswith("(3)支持医药平台。")
