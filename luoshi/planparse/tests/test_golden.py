"""Every fixture document parses to its ``*.expected.json``, field by field."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_file

from .golden import FIXTURES, assert_matches, load_expected

SOURCES = sorted(
    p
    for p in FIXTURES.iterdir()
    if p.is_file()
    and not p.name.endswith(".json")
    and (FIXTURES / f"{p.stem}.expected.json").exists()
)


def test_every_annotation_has_a_source_document():
    stems = {p.stem for p in SOURCES}
    annotated = {p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json")}
    assert annotated == stems


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_fixture_parses_to_its_annotation(source):
    expected = load_expected(f"{source.stem}.expected.json")
    assert_matches(parse_file(source).to_dict(), expected)


def test_suining_plan_has_25_tasks_in_8_groups_and_6_numeric_targets():
    plan = parse_file(FIXTURES / "suining-2022-action-plan.txt")
    assert len(plan.tasks) == 25
    assert len({t.section for t in plan.tasks}) == 8
    assert len(plan.targets) == 6
    assert "成功创建国家高新技术产业开发区" in [q.text for q in plan.qualitative_targets]


def test_suining_rule_text_is_never_a_unit_name():
    plan = parse_file(FIXTURES / "suining-2022-action-plan.txt")
    units = {
        u for t in plan.tasks for u in (*t.lead_units, *t.cooperating_units, *t.implicit_units)
    }
    assert not any("下同" in u or "逗号" in u or "列出" in u or "涉及" in u for u in units)
    assert plan.warnings == ()
