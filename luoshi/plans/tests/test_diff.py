"""Task matching between versions, on plain dicts (no database)."""

from luoshi.plans.diff import body, diff_plans, match_tasks


def task(number, title, text="", active=True, **units):
    return {
        "number": number,
        "title": title,
        "text": text or title + "。",
        "active": active,
        "lead_units": units.get("lead", []),
        "cooperating_units": units.get("coop", []),
        "implicit_units": [],
    }


def test_same_number_and_title_match():
    old = [task("1", "甲"), task("2", "乙")]
    assert match_tasks(old, [task("1", "甲"), task("2", "乙")]) == [(0, 0), (1, 1)]


def test_a_reworded_title_under_the_same_number_matches():
    old = [task("1", "推进遂潼一体化发展")]
    new = [task("1", "加快推进遂潼一体化高质量发展")]
    assert match_tasks(old, new) == [(0, 0)]


def test_a_renumbered_task_matches_by_title_and_the_inserted_one_is_new():
    old = [task("1", "融入成渝地区双城经济圈建设"), task("2", "推进遂潼一体化发展")]
    new = [
        task("1", "新增科技金融工作"),
        task("2", "融入成渝地区双城经济圈建设"),
        task("3", "推进遂潼一体化发展"),
    ]
    assert match_tasks(old, new) == [(None, 0), (0, 1), (1, 2)]


def test_a_different_task_under_the_same_number_is_an_add_and_a_remove():
    old = [task("1", "加强知识产权保护", text="打击侵权行为。")]
    new = [task("1", "培育科技型中小企业", text="完善企业培育体系。")]
    assert match_tasks(old, new) == [(None, 0), (0, None)]


def test_removed_tasks_that_were_already_inactive_are_not_reported_again():
    old = [task("1", "甲"), task("2", "乙", active=False)]
    assert match_tasks(old, [task("1", "甲")]) == [(0, 0)]


def test_a_unit_change_is_not_also_reported_as_a_rewording():
    old = {
        "tasks": [
            task(
                "1",
                "甲",
                text="甲。做好甲。(责任单位:市科技局,市财政局)",
                lead=["市科技局"],
                coop=["市财政局"],
            )
        ]
    }
    new = {
        "tasks": [
            task(
                "1",
                "甲",
                text="甲。做好甲。(责任单位:市科技局,市商务局)",
                lead=["市科技局"],
                coop=["市商务局"],
            )
        ]
    }
    changes = diff_plans(old, new)
    assert changes["summary"]["reworded"] == 0 and changes["summary"]["units_changed"] == 1
    assert changes["units_changed"][0]["added"] == [{"name": "市商务局", "role": "cooperating"}]


def test_body_drops_the_responsibility_clause_with_nested_brackets():
    text = "做好工作。〔责任单位:市发展改革委,各县(市、区)政府。逗号前的单位为牵头单位,下同〕"
    assert body(text) == "做好工作。"
    assert body("做好工作(2023年底前)。") == "做好工作(2023年底前)。"


def test_target_changes_are_reported_by_indicator_and_year():
    old = {
        "targets": [
            {
                "text": "A达到1%",
                "indicator": "A",
                "comparator": ">=",
                "value": 1,
                "unit": "%",
                "year": 2025,
            }
        ]
    }
    new = {
        "targets": [
            {
                "text": "A达到2%",
                "indicator": "A",
                "comparator": ">=",
                "value": 2,
                "unit": "%",
                "year": 2025,
            }
        ]
    }
    changes = diff_plans(old, new)
    assert changes["summary"]["targets_changed"] == 1
    assert changes["targets_changed"][0]["new"]["value"] == 2
