"""Deadlines as written and as ISO dates."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_text
from luoshi.planparse.deadlines import deadline_date, find_free_deadline, normalise_deadline


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年底前", "2023-12-31"),
        ("2024年6月底前完成", "2024-06-30"),
        ("2025年12月31日前", "2025-12-31"),
        ("2023年12月", "2023-12-31"),
        ("2024年2月", "2024-02-29"),
        ("2023年上半年", "2023-06-30"),
        ("2024年三季度", "2024-09-30"),
        ("2025年年底前", "2025-12-31"),
        ("长期坚持", None),
        ("持续推进", None),
        ("2024年起持续推进", None),
        ("自2023年开始", None),
        ("2025年前", "2025-12-31"),
    ],
)
def test_deadline_dates(text, iso):
    assert deadline_date(text) == iso


def test_free_text_deadline_needs_a_before_word_and_the_latest_wins():
    assert find_free_deadline("到2025年，建成示范区。") is None
    assert find_free_deadline("2023年底前完成试点，2025年6月底前全面推开。") == "2025年6月底前"


def test_clause_and_label_deadlines():
    plan = parse_text(
        "X方案\n一、任务\n1.甲。内容。（责任单位：A局）（完成时限：2023年12月）\n"
        "2.乙。内容。（牵头单位：B局；完成时限：长期坚持）\n3.丙。2024年底前完成改造。（责任单位：C局）\n4.丁。内容。（责任单位：D局）\n"
    )
    assert [(t.deadline, t.deadline_date) for t in plan.tasks] == [
        ("2023年12月", "2023-12-31"),
        ("长期坚持", None),
        ("2024年底前", "2024-12-31"),
        (None, None),
    ]


def test_ongoing_words_in_running_text_are_not_deadlines():
    plan = parse_text("X方案\n一、任务\n1.甲。持续推进改革，长期坚持开放。（责任单位：A局）\n")
    assert plan.tasks[0].deadline is None


def test_normalise_deadline_trims_punctuation():
    assert normalise_deadline("：2023年12月；") == "2023年12月"
    assert normalise_deadline("") is None
