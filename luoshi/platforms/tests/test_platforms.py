"""Platform lists in (preview, all-or-nothing, idempotent, evaluations that remove), figures
active on 31 December per place and level from the hand-counted list (see conftest), the
drill-down, role × action for pages and API, constant query counts."""

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import assert_constant_queries
from luoshi.org.models import Region
from luoshi.platforms import computations, permissions, services
from luoshi.platforms.models import Evaluation, Platform
from luoshi.platforms.tests.conftest import ROWS, L, platform_list

pytestmark = pytest.mark.django_db


def _preview(actor, data, name="平台.xlsx"):
    return services.platform_import_preview(actor=actor, file_name=name, data=data)


def test_kind_level_host_and_place_are_read(imported, hosts):
    l1 = Platform.objects.get(name=L[1])
    assert (l1.kind, l1.level, l1.host) == ("engineering_centre", "provincial", hosts[0])
    assert l1.county.name == "船山区" and l1.park.name == "遂宁高新技术产业园区"
    l2 = Platform.objects.get(name=L[2])
    assert (l2.kind, l2.level, l2.host, l2.county.name) == ("key_lab", "city", None, "蓬溪县")
    assert Platform.objects.get(name=L[4]).recognised_on.isoformat() == "2020-01-01"
    assert Evaluation.objects.count() == 3


def test_reimporting_the_same_list_changes_nothing(coordinator, imported):
    events = AuditEvent.objects.count()
    batch = _preview(coordinator, platform_list())
    assert batch.summary["matched"] == 4
    summary = services.platform_import_commit(actor=coordinator, batch=batch)
    assert summary["added"] == summary["updated"] == summary["evaluations"] == 0
    assert AuditEvent.objects.count() == events + 1


def test_an_evaluation_that_removes_is_previewed_as_withdrawn(coordinator, imported):
    rows = [list(r) for r in ROWS]
    rows[0][6], rows[0][7] = "2024-06-01", "撤销"
    batch = _preview(coordinator, platform_list(rows))
    assert [r["outcome"] for r in batch.plan["rows"]][0] == "withdrawn"
    services.platform_import_commit(actor=coordinator, batch=batch)
    city = Region.objects.get(kind="city", name="遂宁市")
    found = computations._counts(None, [city.pk], [2024])
    assert found[(city.pk, 2024)].value == 1  # only L3 is left


@pytest.mark.parametrize(
    "column, value, words",
    [
        (0, "遂宁某某中心", "平台类别"),
        (2, "县级", "级别"),
        (3, "", "依托单位"),
        (5, "不久前", "日期"),
        (5, "", "认定"),
        (7, "还行", "评估结果"),
        (6, "2017-01-01", "早于"),
    ],
)
def test_bad_rows_are_errors_and_nothing_is_imported(coordinator, hosts, column, value, words):
    bad = list(ROWS[0])
    bad[column] = value
    batch = _preview(coordinator, platform_list([tuple(bad), ROWS[1]]))
    first = batch.plan["rows"][0]
    assert first["outcome"] == "error" and any(words in e for e in first["errors"]), first
    with pytest.raises(ValidationFailed):
        services.platform_import_commit(actor=coordinator, batch=batch)
    assert not Platform.objects.exists()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"PK\x03\x04 broken", "x.xlsx"),
        (b"a,b,c\n1,2,3\n", "x.csv"),
        (platform_list([]), "x.xlsx"),
        ("平台名称,类别\n甲,乙\n".encode(), "x.csv"),
    ],
)
def test_malformed_files_are_refused_and_nothing_changes(coordinator, data, name):
    with pytest.raises(ValidationFailed):
        _preview(coordinator, data, name)
    assert not Platform.objects.exists()


def test_only_the_office_imports(county_reporter, leader, units):
    for who in (county_reporter, leader):
        with pytest.raises(PermissionDenied):
            _preview(who, platform_list())


@pytest.fixture
def places(directory):
    get = Region.objects.get
    return {
        "city": get(kind="city", name="遂宁市"),
        "chuanshan": get(name="船山区"),
        "pengxi": get(name="蓬溪县"),
    }


def test_active_on_31_december_per_place_and_level(imported, places):
    ids = [p.pk for p in places.values()]
    every = computations._counts(None, ids, None)
    city = places["city"].pk
    assert [int(every[(city, y)].value) for y in range(2019, 2025)] == [2, 3, 3, 2, 3, 2]
    assert every[(places["chuanshan"].pk, 2023)].value == 2
    assert every[(places["pengxi"].pk, 2021)].value == 2
    assert every[(places["pengxi"].pk, 2024)].value == 0
    by_level = {lv: computations._counts(lv, ids, [2023]) for lv in computations.LEVELS}
    assert by_level["national"][(city, 2023)].value == 1
    assert by_level["provincial"][(city, 2023)].value == 2
    assert (city, 2023) not in by_level["city"]  # no city-level platform left by 2023


def test_drilldown_lists_the_active_platforms(coordinator, imported, places, login):
    from luoshi.indicators import services as indicator_services
    from luoshi.org.models import Unit

    indicator_services.element_save(
        actor=None,
        code="platforms",
        name="创新平台数",
        unit_of_measure="个",
        aggregation="last",
        value_type="integer",
        supplying_unit=Unit.objects.get(code="kjj"),
        computation="platforms_active",
    )
    client = login(coordinator)
    url = reverse("indicators:drilldown", args=["platforms", places["city"].pk, 2022])
    text = client.get(url).content.decode()
    assert L[1] in text and L[4] in text and L[2] not in text and L[3] not in text

    def grow():
        rows = [(f"遂宁市第{n}众创空间", "", "", "遂宁甲科技有限公司", "", "2021-01-01", "", "")
                for n in range(20)]  # fmt: skip
        services.platform_import_commit(
            actor=coordinator, batch=_preview(coordinator, platform_list(rows))
        )

    assert_constant_queries(lambda: client.get(url), grow)


PEOPLE = ["admin_user", "coordinator", "leader", "county_reporter", "park_reporter", "outsider"]
SEES_L1 = {"admin_user", "coordinator", "leader", "county_reporter", "park_reporter"}
SEES_L2 = {"admin_user", "coordinator", "leader"}


@pytest.mark.parametrize("who", PEOPLE)
def test_pages_and_api_show_what_the_viewer_may_see(request, who, imported, login):
    user = request.getfixturevalue(who)
    visible = set(permissions.platforms_visible_to(user).values_list("name", flat=True))
    assert (L[1] in visible) == (who in SEES_L1) and (L[2] in visible) == (who in SEES_L2)
    client = login(user)
    page = client.get(reverse("platforms:list"))
    assert page.status_code == 200
    assert (L[1] in page.content.decode()) == (who in SEES_L1)
    l2 = Platform.objects.get(name=L[2])
    assert client.get(reverse("platforms:detail", args=[l2.pk])).status_code == (
        200 if who in SEES_L2 else 404
    )
    assert client.get(reverse("platforms:import")).status_code == (
        200 if who in {"admin_user", "coordinator"} else 403
    )
    api = client.get("/api/platforms/platforms")
    if who not in SEES_L1:
        assert api.status_code == 403
        return
    names = {p["name"] for p in api.json()["items"]}
    assert (L[2] in names) == (who in SEES_L2)
    detail = client.get(f"/api/platforms/platforms/{l2.pk}")
    assert detail.status_code == (200 if who in SEES_L2 else 404)
    if who in SEES_L2:
        assert detail.json()["active_today"] is False
        assert detail.json()["evaluations"][0]["removes"] is True


def test_list_filters_by_level_and_active_year(coordinator, imported, login):
    text = (
        login(coordinator)
        .get(reverse("platforms:list"), {"level": "provincial", "active_in": "2023"})
        .content.decode()
    )
    assert L[1] in text and L[4] in text and L[2] not in text and L[3] not in text


def test_a_firm_page_shows_its_platforms(coordinator, hosts, imported, login):
    fragment = (
        login(coordinator).get(reverse("platforms:firm", args=[hosts[0].pk])).content.decode()
    )
    assert L[1] in fragment and L[3] in fragment and L[4] not in fragment


def test_list_page_and_endpoint_cost_the_same_for_few_and_many(coordinator, imported, login):
    client = login(coordinator)

    def grow(start):
        def run():
            rows = [(f"遂宁市第{n}众创空间", "", "", "遂宁甲科技有限公司", "", "2021-01-01",
                     "2022-01-01", "合格") for n in range(start, start + 20)]  # fmt: skip
            services.platform_import_commit(
                actor=coordinator, batch=_preview(coordinator, platform_list(rows))
            )

        return run

    assert_constant_queries(lambda: client.get(reverse("platforms:list")), grow(0))
    assert_constant_queries(lambda: client.get("/api/platforms/platforms?limit=100"), grow(100))


def test_import_registry_command_takes_platforms(hosts, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "平台.xlsx"
    path.write_bytes(platform_list())
    call_command("import_registry", "platforms", str(path), "--dry-run")
    assert capsys.readouterr().out.startswith("dry run: 4 rows: 4 new")
    call_command("import_registry", "platforms", str(path))
    assert "4 platforms added, 0 updated, 3 evaluations" in capsys.readouterr().out


def test_a_close_host_name_is_offered_and_once_confirmed_becomes_an_alias(coordinator, hosts):
    row = list(ROWS[0])
    row[3], row[4] = "遂宁甲科技公司", "船山区"
    batch = _preview(coordinator, platform_list([tuple(row)]))
    first = batch.plan["rows"][0]
    assert first["host_id"] is None and [s["id"] for s in first["suggestions"]] == [hosts[0].pk]
    with pytest.raises(ValidationFailed):
        services.platform_import_commit(actor=coordinator, batch=batch, choices={3: 999999})
    services.platform_import_commit(actor=coordinator, batch=batch, choices={3: hosts[0].pk})
    assert Platform.objects.get(name=L[1]).host == hosts[0]
    again = _preview(coordinator, platform_list([tuple(row)]))
    assert again.plan["rows"][0]["outcome"] == "matched"


def test_each_new_platform_and_evaluation_is_audited_once_pointing_at_its_list(
    coordinator, imported
):
    platforms = Platform.objects.all()
    evaluations = Evaluation.objects.all()
    assert (platforms.count(), evaluations.count()) == (4, 3)
    records = [(p, "imported") for p in platforms] + [(e, "evaluated") for e in evaluations]
    for record, verb in records:
        event = AuditEvent.objects.get(
            model=record._meta.label_lower, object_pk=str(record.pk), action="create"
        )
        assert (event.actor, event.verb, event.object_repr) == (coordinator, verb, str(record))
        assert event.changes == {"_extra": {"import": imported.pk}}
    listed = AuditEvent.objects.get(model="platforms.platformimport", object_pk=str(imported.pk))
    assert listed.changes["_extra"]["added"] == 4 and listed.changes["_extra"]["evaluations"] == 3
    # the same list again, previewed and committed: nothing changes, one event for the list
    events = AuditEvent.objects.count()
    kept = list(platforms.values()), list(evaluations.values())
    again = _preview(coordinator, platform_list())
    assert again.summary["new"] == again.summary["changed"] == 0
    summary = services.platform_import_commit(actor=coordinator, batch=again)
    assert summary["added"] == summary["updated"] == summary["evaluations"] == 0
    assert (list(platforms.values()), list(evaluations.values())) == kept
    assert AuditEvent.objects.count() == events + 1
    with pytest.raises(ValidationFailed):  # a committed list is not committed twice
        services.platform_import_commit(actor=coordinator, batch=imported)
    assert AuditEvent.objects.count() == events + 1


def test_a_list_s_plan_is_kept_apart_a_key_once_and_read_back_as_rows(coordinator, hosts):
    """Kept in a table of its own (committing changes the list's row, not the plan's
    megabytes), stored packed (core.bulk.TableJSONField); the batch a preview returns does
    not hold the rows in memory but reads them back when asked."""
    import json

    from django.db import connection

    from luoshi.platforms.models import KeptPlan

    batch = _preview(coordinator, platform_list())
    assert "plan" not in batch.__dict__
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT plan FROM {KeptPlan._meta.db_table} WHERE batch_id = %s", [batch.pk]
        )
        (text,) = cursor.fetchone()
    text = text if isinstance(text, str) else json.dumps(text)
    assert text.count('"host_name"') == 1
    rows = batch.plan["rows"]
    assert [r["name"] for r in rows] == [L[1], L[2], L[3], L[4]]
    assert rows[1]["outcome"] == "new" and rows[1]["evaluated_on"] == "2022-09-01"
    services.platform_import_commit(actor=coordinator, batch=batch)
    assert KeptPlan.objects.get(batch=batch).plan["rows"] == rows


@pytest.mark.parametrize(
    "rows", [ROWS[:1], ROWS[:1] + [(f"遂宁市第{n}众创空间", *ROWS[0][1:]) for n in range(9)]]
)
def test_a_list_finds_its_platforms_in_a_registry_larger_or_smaller_than_itself(
    coordinator, imported, rows
):
    batch = _preview(coordinator, platform_list(rows))
    outcomes = [r["outcome"] for r in batch.plan["rows"]]
    assert outcomes == ["matched"] + ["new"] * (len(rows) - 1)
