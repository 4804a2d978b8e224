"""Suggestions for unit names the directory does not know: ranked, with a reason; fragments
and collectives recognised; a new unit's kind and full name guessed."""

import pytest

from luoshi.org import suggest
from luoshi.org.models import Unit
from luoshi.org.resolver import Directory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("市大数据局", "市政务服务和大数据局", suggest.ABBREVIATION),
        ("市经合局", "市经济合作局", suggest.ABBREVIATION),
        ("遂宁市财政局", "市财政局", suggest.NORMALISED),
        ("市科学技术局", "市科技局", suggest.NORMALISED),
        ("船山区人民政府", "船山区政府", suggest.NORMALISED),
    ],
)
def test_the_best_suggestion_is_the_unit_meant(directory, name, expected, reason):
    best = suggest.suggest(name, Directory(directory))[0]
    assert best.unit.display_name == expected and best.reason == reason and best.confident


def test_a_fuzzy_match_is_offered_but_never_taken_without_the_person(directory):
    found = suggest.suggest("市发展和改革局", Directory(directory))
    assert found and found[0].unit.short_name == "市发展改革委"
    assert found[0].reason == suggest.FUZZY and not found[0].confident


def test_a_name_like_nothing_gets_no_confident_suggestion(directory):
    found = suggest.suggest("市住房城乡建设局", Directory(directory))
    assert not any(s.confident for s in found)


@pytest.mark.parametrize("name", ["单位", "有关单位", "部门", "等"])
def test_fragments_are_recognised(name):
    assert suggest.is_fragment(name)


@pytest.mark.parametrize(
    "name", ["各有关部门", "市级各有关部门", "有关单位和企业", "各县（市、区）"]
)
def test_collectives_are_recognised(name):
    assert suggest.is_collective(name) or suggest.is_fragment(name)


@pytest.mark.parametrize(
    ("name", "kind", "full"),
    [
        ("市委网信办", Unit.Kind.PARTY, "中共遂宁市委网信办"),
        ("蓬溪县政府", Unit.Kind.COUNTY, "蓬溪县政府"),
        ("市大数据中心", Unit.Kind.DEPARTMENT, "遂宁市大数据中心"),
        ("市数字经济发展工作领导小组", Unit.Kind.LEADING_GROUP, "遂宁市数字经济发展工作领导小组"),
        ("遂宁临空经济区管委会", Unit.Kind.PARK, "遂宁临空经济区管委会"),
    ],
)
def test_a_new_units_kind_and_full_name_are_guessed(directory, name, kind, full):
    assert suggest.guess_kind(name) == kind
    assert suggest.full_name(name, Directory(directory)) == full


def test_an_assumed_or_ignored_name_stays_in_that_directory_only(directory, units):
    mine = Directory(directory)
    mine.assume("数据局", units["dsjj"])
    mine.ignore("市发改委")
    assert mine.get("数据局").unit == units["dsjj"]
    assert mine.get("市发改委") is None and mine.is_ignored("市发改委")
    fresh = Directory(directory)
    assert fresh.get("数据局") is None and fresh.get("市发改委").unit == units["fgw"]
