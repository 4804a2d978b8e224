"""Every page shows the same light, with the same reason, for the same report.

One unit leads many tasks of an ad-hoc round; each task holds one combination of report
status × reported progress × milestone state, reached through the services. For each
position of the round's due date the to-do, the report editor, the report view, the period
overview, the task timeline, the consolidation page, the ledger (台账) and the API are read
as the people who see them would read them, and their lights compared cell by cell.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from luoshi.supervision import services, status
from luoshi.supervision.tests import factories

STATUSES = ["none", "draft", "pending", "submitted", "returned", "returned_twice", "approved"]
PROGRESS = ["none", "on_track", "behind", "off_track"]
MILESTONES = ["none", "done", "at_risk", "missed"]
# Days from today to the round's due date: not yet due, due soon, due today, within the
# grace days, overdue.
DUE_POSITIONS = {"not_due": 20, "due_soon": 3, "due_today": 0, "grace": -1, "overdue": -10}


def _combinations():
    for report, progress, milestone in itertools.product(STATUSES, PROGRESS, MILESTONES):
        if report == "none" and (progress != "none" or milestone == "done"):
            continue  # nothing written: no progress, and a milestone is ticked off in a report
        yield report, progress, milestone


COMBINATIONS = list(_combinations())


def _progress(band: str, expected: float) -> int | None:
    return {
        "none": None,
        "on_track": min(100, int(expected) + 1),
        "behind": int(expected * 0.90),
        "off_track": int(expected * 0.50),
    }[band]


@pytest.fixture
def grace_round(units, coordinator, lead_reporter, lead_approver):
    def build(due_in_days: int):
        today = timezone.localdate()
        spec = [
            (str(n + 1), "融入协同创新格局", f"任务{n + 1}", ["fgw"], [], [])
            for n in range(len(COMBINATIONS))
        ]
        plan = factories.make_plan(units, spec, deadline=today + dt.timedelta(days=730))
        factories.setup_cycle(plan, coordinator, grace_days=3)
        period = factories.open_round(
            plan, coordinator, due_in_days=due_in_days, started_days_ago=40
        )
        tasks = sorted(factories.tasks_of(plan).values(), key=lambda t: int(t.number))
        data = status.load(plan, [period])
        as_of = min(today, period.due_date)
        cells = {}
        for task, (report, band, milestone) in zip(tasks, COMBINATIONS, strict=True):
            expected = status.expected_progress(data, period, task, today)
            milestone_obj = None
            if milestone != "none":
                deadline = {
                    "done": as_of + dt.timedelta(days=2),
                    "at_risk": as_of + dt.timedelta(days=2),
                    "missed": as_of - dt.timedelta(days=5),
                }[milestone]
                milestone_obj = services.milestone_create(
                    actor=coordinator,
                    task=task,
                    year=deadline.year,
                    title=f"节点{task.number}",
                    owner=units["fgw"],
                    deadline=deadline,
                )
            content = {
                "work_done": f"第{task.number}项工作进展",
                "progress_pct": _progress(band, expected),
                "milestones_done": [milestone_obj.pk] if milestone == "done" else [],
            }
            if report != "none":
                _reach(report, period, task, content, lead_reporter, lead_approver, coordinator)
            cells[task.pk] = (report, band, milestone)
        return plan, period, tasks, cells

    return build


def _reach(report, period, task, content, reporter, approver, office):
    """Take the unit's report on the task to `report` through the services."""
    if report == "draft":
        services.report_save_draft(actor=reporter, period=period, task=task, version=0, **content)
        return
    if report == "pending":
        saved = services.report_save_draft(
            actor=reporter, period=period, task=task, version=0, **content
        )
        services.report_hand_in(
            actor=reporter, period=saved.period, task=saved.task, version=saved.version
        )
        return
    sent = services.report_sign_off(actor=approver, period=period, task=task, version=0, **content)
    if report == "approved":
        services.report_approve(actor=office, report=sent)
    elif report in ("returned", "returned_twice"):
        sent = services.report_return(actor=office, report=sent, comment="请补充数据")
        if report == "returned_twice":
            sent = services.report_sign_off(
                actor=approver, period=period, task=task, version=sent.version, **content
            )
            services.report_return(actor=office, report=sent, comment="仍需补充")


LIGHT = ".//span[contains(concat(' ', @class, ' '), ' light ')]"


def _lights(element):
    return element.xpath(LIGHT)


def _light(element) -> tuple[str, str]:
    span = _lights(element)[0]
    return span.get("data-colour"), span.get("title")


def _client(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(client, url: str):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return html.fromstring(response.content.decode())


@pytest.mark.parametrize("position", list(DUE_POSITIONS))
def test_every_page_shows_the_same_light_and_reason(
    position, grace_round, client, coordinator, lead_reporter, lead_approver, units, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    plan, period, tasks, cells = grace_round(DUE_POSITIONS[position])
    fgw = units["fgw"].pk
    today = timezone.localdate()
    data = status.load(plan, [period])
    truth = {t.pk: status.light_for(data, period, t, fgw, today) for t in tasks}
    truth = {pk: (light.colour, light.text) for pk, light in truth.items()}
    seen: dict[str, dict[int, tuple[str, str]]] = {}

    # The unit's to-do (its items for this round) and the report editor, as its reporter.
    reporter = _client(client, lead_reporter)
    todo = _page(reporter, reverse("supervision:todo"))
    edit = re.compile(rf"/periods/{period.pk}/tasks/(\d+)/report/$")
    seen["todo"] = {}
    for item in todo.xpath("//a[@data-kind]"):
        match = edit.search(item.get("href"))
        if match and _lights(item):
            seen["todo"][int(match[1])] = _light(item)
    seen["editor"] = {
        t.pk: _light(
            _page(reporter, reverse("supervision:report_edit", args=[period.pk, t.pk])).xpath(
                "//*[@data-testid='light-reason']"
            )[0]
        )
        for t in tasks
    }
    api_todo = reporter.get("/api/supervision/todo").json()
    seen["api_todo"] = {}
    for item in api_todo:
        match = edit.search(item["url"])
        if match and item["light"]:
            seen["api_todo"][int(match[1])] = (item["light"]["colour"], item["light"]["reason"])

    # The office: the overview, the report view, the timeline, the consolidation page, the
    # ledger and the API.
    office = _client(client, coordinator)
    overview = _page(
        office, reverse("supervision:overview") + f"?plan={plan.pk}&period={period.pk}"
    )
    view = re.compile(rf"/periods/{period.pk}/tasks/(\d+)/units/{fgw}/$")
    seen["overview"] = {}
    for link in overview.xpath("//a[@data-colour]"):
        match = view.search(link.get("href"))
        if match:
            seen["overview"][int(match[1])] = (
                link.get("data-colour"),
                link.get("title").split("：", 1)[1],
            )
    seen["report_view"] = {}
    seen["timeline"] = {}
    seen["consolidation"] = {}
    seen["api_status"] = {}
    for t in tasks:
        page = _page(office, reverse("supervision:report_view", args=[period.pk, t.pk, fgw]))
        seen["report_view"][t.pk] = _light(page.xpath("//*[@data-testid='light-reason']")[0])
        timeline = _page(office, reverse("supervision:task_timeline", args=[t.pk]))
        for link in timeline.xpath("//a[@href]"):
            if view.search(link.get("href")) and _lights(link):
                seen["timeline"][t.pk] = _light(link)
        consolidation = _page(office, reverse("supervision:consolidation", args=[period.pk, t.pk]))
        seen["consolidation"][t.pk] = _light(
            consolidation.xpath("//*[contains(concat(' ', @class, ' '), ' contribution ')]")[0]
        )
        light = office.get(
            f"/api/supervision/periods/{period.pk}/tasks/{t.pk}/units/{fgw}/status"
        ).json()["light"]
        seen["api_status"][t.pk] = (light["colour"], light["reason"])
    if period.due_date < today:
        response = office.get(reverse("supervision:ledger_xlsx") + f"?plan={plan.pk}")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        label, number, light = 0, 2, 12  # the ledger's columns: period, task number, light
        by_number = {t.number: t.pk for t in tasks}
        seen["ledger"] = {}
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[label] == period.label:
                seen["ledger"][by_number[str(row[number])]] = row[light]
        # The ledger writes the reason; its colour is the cell's fill.
        truth_text = {pk: text for pk, (_colour, text) in truth.items()}
        assert seen.pop("ledger") == truth_text

    # Every page shows every cell it lists with the light of the status read model.
    assert set(seen["editor"]) == set(truth)
    assert set(seen["overview"]) == set(truth)
    assert set(seen["timeline"]) == set(truth)
    for page, lights in seen.items():
        wrong = {
            cells[pk]: (shown, truth[pk]) for pk, shown in lights.items() if shown != truth[pk]
        }
        assert not wrong, f"{page} disagrees on {len(wrong)} cells: {wrong}"
    # The to-do lists exactly the reports that still need the unit.
    waiting = {
        pk
        for pk, (report, _b, _m) in cells.items()
        if report in ("none", "draft", "pending", "returned", "returned_twice")
    }
    assert set(seen["todo"]) == waiting
    assert set(seen["api_todo"]) == waiting
    # The grid reaches every colour the position allows.
    colours = {colour for colour, _text in truth.values()}
    assert {"green", "red"} <= colours
