"""Title, issuer, signature date and document number."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_text
from luoshi.planparse.text import parse_date

BODY = "一、重点任务\n1.甲。内容。（责任单位：市甲局）\n"


def test_plan_title_not_the_notice_title():
    plan = parse_text(
        "XX市人民政府办公室关于印发《XX市数字经济行动方案》的通知\nXX办发〔2023〕5号\n各区县政府：\n"
        "《XX市数字经济行动方案》已经市政府同意，现印发给你们。\nXX市人民政府办公室\n2023年5月10日\n"
        "XX市数字经济行动方案\n为加快发展，制定本方案。\n" + BODY
    )
    assert plan.title == "XX市数字经济行动方案"
    assert plan.issuer == "XX市人民政府办公室"
    assert plan.date == "2023-05-10"
    assert plan.doc_number == "XX办发〔2023〕5号"


def test_title_split_over_two_lines_is_joined():
    plan = parse_text(
        "国务院关于促进综合保税区\n高水平开放高质量发展的若干意见\n国发〔2019〕3号\n"
        + BODY
        + "国务院\n2019年1月12日\n"
    )
    assert plan.title == "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
    assert plan.issuer == "国务院"


def test_title_with_period_subtitle_line():
    plan = parse_text("XX市行动方案\n（2023—2025年）\n为…，制定本方案。\n" + BODY)
    assert plan.title == "XX市行动方案（2023—2025年）"


@pytest.mark.parametrize(
    ("line", "normalised"),
    [
        ("川办发〔2022〕13号", "川办发〔2022〕13号"),
        ("湘政办发[2022]8号", "湘政办发〔2022〕8号"),
        ("筑府办发（2024）5号", "筑府办发〔2024〕5号"),
        ("黔府发(2021) 12号", "黔府发〔2021〕12号"),
        ("浙政办发【2020】7号", "浙政办发〔2020〕7号"),
    ],
)
def test_document_number_brackets_are_normalised(line, normalised):
    assert parse_text(f"XX方案\n{line}\n{BODY}").doc_number == normalised


def test_document_numbers_cited_in_the_text_are_not_the_plans_own():
    plan = parse_text(
        "XX方案\n根据《关于印发〈某方案〉的通知》（川办发〔2022〕13号）精神，制定本方案。\n" + BODY
    )
    assert plan.doc_number is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022年6月2日", "2022-06-02"),
        ("二〇二二年六月二日", "2022-06-02"),
        ("一九九六年六月二十九日", "1996-06-29"),
        ("2023 年 1 月 15 日", "2023-01-15"),
        ("二○二三年十二月三十一日", "2023-12-31"),
        ("2023年2月30日", None),
    ],
)
def test_dates_in_arabic_and_chinese_numerals(text, iso):
    assert parse_date(text) == iso


def test_chinese_numeral_signature_date():
    plan = parse_text("XX方案\n" + BODY + "XX市人民政府\n二〇二三年五月十日\n")
    assert (plan.issuer, plan.date) == ("XX市人民政府", "2023-05-10")


def test_joint_issuers_on_one_signature_line():
    plan = parse_text("XX通知\n" + BODY + "国务院办公厅　中央军委办公厅\n一九九六年六月二十九日\n")
    assert plan.issuer == "国务院办公厅、中央军委办公厅"


def test_issuer_falls_back_to_the_title():
    plan = parse_text("国务院办公厅关于加快发展体育竞赛表演产业的指导意见\n" + BODY)
    assert plan.issuer == "国务院办公厅"
    assert plan.date is None


def test_signature_and_public_notice_lines_stay_out_of_the_last_task():
    plan = parse_text("XX方案\n" + BODY + "XX市人民政府\n2023年5月10日\n（此件公开发布）\n")
    assert "人民政府" not in plan.tasks[-1].text
    assert "此件" not in plan.tasks[-1].text


def test_notice_title_split_over_lines_and_plan_title_after_public_notice_mark():
    plan = parse_text(
        "国务院关于印发\n2030年前碳达峰行动方案的通知\n国发〔2021〕23号\n各省、自治区、直辖市人民政府：\n"
        "现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。\n国务院\n2021年10月24日\n（此件公开发布）\n"
        "2030年前碳达峰行动方案\n为深入贯彻落实党中央决策部署，制定本方案。\n" + BODY
    )
    assert (plan.title, plan.issuer, plan.date, plan.doc_number) == (
        "2030年前碳达峰行动方案",
        "国务院",
        "2021-10-24",
        "国发〔2021〕23号",
    )
    assert len(plan.tasks) == 1


def test_title_line_ending_in_a_common_word_joins_the_next():
    plan = parse_text("国务院办公厅关于加强和改进行政执法工作\n的通知\n国办发〔2020〕1号\n" + BODY)
    assert plan.title == "国务院办公厅关于加强和改进行政执法工作的通知"


def test_red_header_names_the_issuer_and_is_not_part_of_the_title():
    plan = parse_text(
        "XX市人民政府办公室文件\nXX市人民政府办公室\n关于印发XX市城市更新行动方案的通知\nXX办发〔2023〕3号\n"
        + BODY
    )
    assert (plan.title, plan.issuer) == ("XX市城市更新行动方案", "XX市人民政府办公室")


def test_a_preamble_naming_government_bodies_is_not_the_issuer():
    plan = parse_text(
        "X市实施方案\n为贯彻落实省委、省政府关于推动医疗资源下沉的部署，制定本方案。\n" + BODY
    )
    assert plan.issuer is None
