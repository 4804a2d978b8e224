"""The annotated corpus as a whole: every convention of the genre is covered by at least two
documents, and field-level accuracy stays at the bar the held-out evaluation sets."""

from __future__ import annotations

import json

import pytest

from .golden import FIXTURES
from .score import overall, score_corpus

# The conventions issue 12 lists; each needs at least two annotated documents.
CONVENTIONS = {
    "roles.label",
    "roles.lead_participate",
    "roles.guide",
    "roles.huitong",
    "roles.several_leads",
    "roles.rule_in_bracket",
    "roles.rule_in_note",
    "roles.rule_in_guarantee",
    "roles.rule_first_across_comma",
    "roles.rule_comma",
    "roles.joint",
    "roles.table",
    "units.collective",
    "units.he_names",
    "units.deng",
    "units.multi_bracket",
    "units.implicit",
    "units.other_labels",
    "table.docx",
    "table.web",
    "table.body_and_annex",
    "shape.numbered_items",
    "shape.cn_paren_items",
    "shape.cn_items_no_chapters",
    "shape.unnumbered_paragraphs",
    "shape.inline_headings",
    "shape.mixed_brackets",
    "notasks.attachments",
    "notasks.policy_text",
    "goals.qualitative",
    "targets.each_respectively",
    "targets.per_line_years",
    "targets.comparators",
    "targets.word_fractions",
    "targets.magnitude_units",
    "targets.task_level",
}


def _tags() -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for path in sorted(FIXTURES.glob("*.expected.json")):
        for tag in json.loads(path.read_text(encoding="utf-8")).get("conventions", []):
            tags.setdefault(tag, []).append(path.name)
    return tags


@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
def test_each_convention_has_at_least_two_documents(convention):
    assert len(_tags().get(convention, [])) >= 2, convention


def test_annotations_only_use_known_conventions():
    assert set(_tags()) - CONVENTIONS <= {"roles.comma_guess", "notasks.notice_body"}


def test_corpus_accuracy_meets_the_bar():
    results = score_corpus()
    assert overall(results) >= 0.97
    worst = min(results, key=lambda r: r.accuracy)
    assert worst.accuracy >= 0.90, (worst.name, worst.misses)


def test_scoring_counts_a_wrong_lead_and_an_invented_task():
    from .golden import score_plan

    expected = {
        "title": "X方案",
        "tasks": [
            {
                "number": "1",
                "title": "甲",
                "lead_units": ["A局"],
                "cooperating_units": [],
                "implicit_units": [],
            }
        ],
    }
    right = {"title": "X方案", "tasks": [dict(expected["tasks"][0])]}
    assert score_plan(right, expected)[:2] == (6, 6)
    wrong_lead = {"title": "X方案", "tasks": [{**expected["tasks"][0], "lead_units": ["B局"]}]}
    assert score_plan(wrong_lead, expected)[:2] == (5, 6)
    invented = {
        "title": "X方案",
        "tasks": [*right["tasks"], {**right["tasks"][0], "number": "2", "title": "乙乙乙"}],
    }
    assert score_plan(invented, expected)[:2] == (6, 11)
