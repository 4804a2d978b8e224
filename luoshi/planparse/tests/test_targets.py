"""Numeric and qualitative targets in goal paragraphs."""

from __future__ import annotations

import pytest

from luoshi.planparse.targets import extract_targets


def _one(text: str, year: int | None = 2025):
    targets, _ = extract_targets([text], year)
    assert len(targets) == 1, targets
    t = targets[0]
    return t.indicator, t.comparator, t.value, t.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全社会研发投入强度达到1.05%", ("全社会研发投入强度", ">=", 1.05, "%")),
        ("每万人高价值发明专利拥有量达到1.52件", ("每万人高价值发明专利拥有量", ">=", 1.52, "件")),
        ("技术合同认定登记额突破10亿元", ("技术合同认定登记额", ">", 10, "亿元")),
        ("体育竞赛表演产业总规模达到2万亿元", ("体育竞赛表演产业总规模", ">=", 2, "万亿元")),
        ("推出100项具有较大知名度的体育精品赛事", ("具有较大知名度的体育精品赛事", "=", 100, "项")),
        ("城镇调查失业率控制在5.5%以内", ("城镇调查失业率", "<=", 5.5, "%")),
        ("单位地区生产总值能耗下降13.5%", ("单位地区生产总值能耗下降", ">=", 13.5, "%")),
        ("培育专精特新企业100家以上", ("专精特新企业", ">=", 100, "家")),
        ("每千名老年人拥有养老床位数不低于35张", ("每千名老年人拥有养老床位数", ">=", 35, "张")),
        ("数据中心电能利用效率控制在1.3以内", ("数据中心电能利用效率", "<=", 1.3, "")),
        ("接待游客突破2000万人次", ("接待游客", ">", 2000, "万人次")),
        ("森林覆盖率由40%提高到42%", ("森林覆盖率", ">=", 42, "%")),
        ("细颗粒物浓度控制在25微克/立方米以内", ("细颗粒物浓度", "<=", 25, "微克/立方米")),
        ("地区生产总值年均增长7%左右", ("地区生产总值年均增长", "=", 7, "%")),
    ],
)
def test_numeric_targets(text, expected):
    assert _one(text) == expected


def test_integer_values_stay_integers_and_percent_stays_as_written():
    targets, _ = extract_targets(["国家高新技术企业达到150家，研发投入强度达到1.05%"], 2025)
    assert [t.value for t in targets] == [150, 1.05]
    assert isinstance(targets[0].value, int)


def test_year_comes_from_the_paragraph_and_changes_with_it():
    targets, _ = extract_targets(["到2023年，企业达到100家。到2025年，企业达到150家。"], None)
    assert [(t.value, t.year) for t in targets] == [(100, 2023), (150, 2025)]


def test_several_targets_joined_by_dun_hao():
    targets, _ = extract_targets(["高新技术企业达到150家、科技型中小企业达到600家"], 2025)
    assert [(t.indicator, t.value) for t in targets] == [
        ("高新技术企业", 150),
        ("科技型中小企业", 600),
    ]


def test_respectively_pairs_subjects_with_values():
    targets, _ = extract_targets(["高新技术企业、科技型中小企业分别达到150家、600家"], 2025)
    assert [(t.indicator, t.comparator, t.value) for t in targets] == [
        ("高新技术企业", ">=", 150),
        ("科技型中小企业", ">=", 600),
    ]


def test_growth_without_a_subject_takes_the_previous_indicator():
    targets, _ = extract_targets(["进出口额突破50亿元，年均增长20%以上"], 2025)
    assert targets[1].indicator == "进出口额年均增长"
    assert targets[1].comparator == ">="


def test_clauses_without_numbers_are_qualitative_targets():
    targets, qualitative = extract_targets(
        ["到2025年，技术合同认定登记额突破10亿元，成功创建国家高新技术产业开发区，建设若干示范区"],
        None,
    )
    assert len(targets) == 1
    assert [(q.text, q.year) for q in qualitative] == [
        ("成功创建国家高新技术产业开发区", 2025),
        ("建设若干示范区", 2025),
    ]


def test_ordinals_and_years_are_not_values():
    targets, _ = extract_targets(["2025年全市排名进入第3位，5G网络全面覆盖"], None)
    assert targets == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇新增就业5万人以上", ("城镇新增就业", ">=", 5, "万人")),
        ("单位GDP二氧化碳排放比2020年下降18%", ("单位GDP二氧化碳排放下降", ">=", 18, "%")),
        (
            "每千人口拥有3岁以下婴幼儿托位数达到4.5个",
            ("每千人口拥有3岁以下婴幼儿托位数", ">=", 4.5, "个"),
        ),
        ("粮食综合生产能力稳定在1300万吨以上", ("粮食综合生产能力", ">=", 1300, "万吨")),
        (
            "细颗粒物（PM2.5）平均浓度控制在30微克/立方米以内",
            ("细颗粒物（PM2.5）平均浓度", "<=", 30, "微克/立方米"),
        ),
    ],
)
def test_more_target_phrasings(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("农村居民人均可支配收入较2020年翻一番", ("农村居民人均可支配收入", ">=", 2, "倍")),
        ("县域农村生活污水治理率达到七成以上", ("县域农村生活污水治理率", ">=", 70, "%")),
        (
            "经济总量超过500亿元的县（市、区）不少于20个",
            ("经济总量超过500亿元的县（市、区）", ">=", 20, "个"),
        ),
        (
            "县域规模以上工业企业数量力争达到1.5万家",
            ("县域规模以上工业企业数量", ">=", 1.5, "万家"),
        ),
        ("县域制造业增加值占比确保达到28%以上", ("县域制造业增加值占比", ">=", 28, "%")),
    ],
)
def test_targets_in_words_brackets_and_with_hedges(text, expected):
    assert _one(text) == expected


def test_worded_target_keeps_its_text_as_written():
    targets, _ = extract_targets(["污水治理率达到七成以上"], 2025)
    assert targets[0].text == "污水治理率达到七成以上"


def test_principles_are_not_qualitative_targets():
    _, qualitative = extract_targets(["坚持创新驱动、开放合作，到2025年，建成国家示范区。"], 2025)
    assert [q.text for q in qualitative] == ["建成国家示范区"]


def test_outside_a_goal_section_only_dated_clauses_are_qualitative_targets():
    para = "推动产业规模持续扩大。到2025年，产值达到100亿元，建成国家示范区。"
    _, dated = extract_targets([para], 2025, dated_only=True)
    _, every = extract_targets([para], 2025)
    assert [q.text for q in dated] == ["建成国家示范区"]
    assert [q.text for q in every] == ["推动产业规模持续扩大", "建成国家示范区"]


def test_a_second_figure_without_its_own_indicator_reuses_the_last_one():
    targets, qualitative = extract_targets(
        [
            "到2025年，地区生产总值突破3000亿元、年均增长7%左右；研发投入强度达到2.5%以上，力争达到2.8%。"
        ]
    )
    assert [(t.indicator, t.comparator, t.value) for t in targets] == [
        ("地区生产总值", ">", 3000),
        ("地区生产总值年均增长", "=", 7),
        ("研发投入强度", ">=", 2.5),
        ("研发投入强度", ">=", 2.8),
    ]
    assert qualitative == []


def test_chao_before_a_number_means_more_than():
    assert _one("全市旅游总收入超1000亿元") == ("全市旅游总收入", ">", 1000, "亿元")
