"""Patent lists in: preview, all-or-nothing commit, idempotent re-import, legal status
changes, hostile and malformed files refused with a clear message and nothing changed."""

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.patents import imports, services
from luoshi.patents.models import Patent, StatusChange
from luoshi.patents.testing import patent_number
from luoshi.patents.tests.conftest import HEAD, ROWS, P, patent_list

pytestmark = pytest.mark.django_db


def _preview(actor, data, name="专利.xlsx"):
    return services.patent_import_preview(actor=actor, file_name=name, data=data)


@pytest.mark.parametrize(
    "text, number",
    [
        ("ZL201710601862.3", "ZL201710601862.3"),
        ("201710601862.3", "ZL201710601862.3"),
        ("ZL 2017 1 0601862.3", "ZL201710601862.3"),
        ("201710601862", "ZL201710601862.3"),  # the check character computed
        ("ZL95115608.X", "ZL95115608.X"),
    ],
)
def test_patent_numbers_are_read_and_checked(text, number):
    assert imports.clean_number(text) == (number, "")


@pytest.mark.parametrize(
    "text, words",
    [
        ("ZL201710601862.4", "校验位不符"),
        ("ZL201720601862.1", "不是发明专利"),
        ("CN1234", "不是专利号"),
    ],
)
def test_bad_patent_numbers_say_why(text, words):
    number, problem = imports.clean_number(text)
    assert words in problem


def test_holders_are_matched_and_places_attributed(coordinator, holders, imported):
    a, b = holders
    p1 = Patent.objects.get(number=P[1])
    assert p1.holder == a and p1.county.name == "船山区" and p1.park.name == "遂宁高新技术产业园区"
    p2 = Patent.objects.get(number=P[2])
    assert p2.holder_name == "遂宁甲科技有限公司"  # the first of several holders
    p4 = Patent.objects.get(number=P[4])
    assert p4.holder is None and p4.county.name == "蓬溪县" and p4.city.name == "遂宁市"
    assert p4.overseas_family and p4.award and not p4.strategic_emerging
    assert list(p4.changes.values_list("status", "changed_on")) == [
        ("invalidated", p4.changes.get().changed_on)
    ]
    assert imported.summary["unmatched_holders"] == 1
    assert Patent.objects.get(number=P[5]).holder == b


def test_reimporting_the_same_list_changes_nothing(coordinator, imported):
    events = AuditEvent.objects.count()
    batch = _preview(coordinator, patent_list())
    assert batch.summary["matched"] == 5 and batch.summary["new"] == 0
    summary = services.patent_import_commit(actor=coordinator, batch=batch)
    assert summary["added"] == summary["updated"] == summary["status_changes"] == 0
    assert AuditEvent.objects.count() == events + 1  # the list imported, nothing else
    assert StatusChange.objects.count() == 2


def test_a_lapse_and_a_restoration_are_legal_status_changes(coordinator, imported):
    rows = [list(r) for r in ROWS]
    rows[0][7], rows[0][8] = "未缴年费专利权终止", "2024-03-01"  # P1 lapses
    rows[2][7], rows[2][8] = "有效（权利恢复）", "2023-09-01"  # P3 restored
    batch = _preview(coordinator, patent_list(rows))
    outcomes = {r["number"]: r["outcome"] for r in batch.plan["rows"]}
    assert outcomes[P[1]] == "withdrawn" and outcomes[P[3]] == "changed"
    assert batch.summary["withdrawn"] == 1
    services.patent_import_commit(actor=coordinator, batch=batch)
    p3 = Patent.objects.get(number=P[3])
    assert [c.status for c in p3.changes.order_by("changed_on")] == ["lapsed", "in_force"]


def test_a_changed_title_is_shown_then_applied_and_audited(coordinator, imported):
    rows = [list(r) for r in ROWS]
    rows[1][1] = "天然气脱硫净化装置"
    batch = _preview(coordinator, patent_list(rows))
    changed = [r for r in batch.plan["rows"] if r["outcome"] == "changed"]
    assert len(changed) == 1 and len(changed[0]["changes"]) == 1
    services.patent_import_commit(actor=coordinator, batch=batch)
    p2 = Patent.objects.get(number=P[2])
    assert p2.title == "天然气脱硫净化装置"
    assert AuditEvent.objects.filter(object_pk=str(p2.pk), verb="changed by import").exists()


BAD = [
    (0, patent_number(2013, 101, kind="2"), "不是发明专利"),
    (0, "ZL201310000101.9", "校验位不符"),
    (4, "去年", "不是日期"),
    (5, "2012-01-01", "授权日早于申请日"),
    (4, "2014-03-01", "申请年份为2013"),
    (7, "待定", "不是法律状态"),
    (7, "专利权终止", "法律状态日期"),
    (9, "也许", "战略性新兴产业"),
    (2, "", "专利权人"),
    (1, "", "专利名称"),
]


@pytest.mark.parametrize("column, value, words", BAD)
def test_bad_rows_are_errors_in_plain_words_and_nothing_is_imported(
    coordinator, holders, column, value, words
):
    bad = list(ROWS[0])
    bad[column] = value
    batch = _preview(coordinator, patent_list([tuple(bad), ROWS[1]]))
    first = batch.plan["rows"][0]
    assert first["outcome"] == "error"
    assert any(words in e for e in first["errors"]), first["errors"]
    with pytest.raises(ValidationFailed):
        services.patent_import_commit(actor=coordinator, batch=batch)
    assert not Patent.objects.exists()


def test_a_holder_nowhere_to_be_placed_is_an_error(coordinator, holders):
    row = list(ROWS[3])
    row[3] = ""  # the university has no county any more
    batch = _preview(coordinator, patent_list([tuple(row)]))
    assert "所在县（市、区）" in batch.plan["rows"][0]["errors"][0]


def test_the_same_number_twice_is_an_error(coordinator, holders):
    batch = _preview(coordinator, patent_list([ROWS[0], ROWS[0]]))
    assert batch.plan["rows"][1]["outcome"] == "error"


@pytest.mark.parametrize(
    "data, name, words",
    [
        (b"PK\x03\x04 not really a workbook", "x.xlsx", ""),
        (b"\x00\x01\x02" * 100, "x.csv", "二进制"),
        (b"just,some,words\n1,2,3\n", "x.csv", "专利号"),
        ("专利号,专利名称\nZL1,x\n".encode(), "x.csv", "申请日"),
        (patent_list([]), "x.xlsx", "没有专利"),
        (b"%PDF-1.4", "x.pdf", ".xlsx"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(coordinator, data, name, words):
    with pytest.raises(ValidationFailed) as exc:
        _preview(coordinator, data, name)
    assert words in str(exc.value)
    assert not Patent.objects.exists()


def test_a_gb18030_csv_in_the_published_layout_is_read(coordinator, holders):
    lines = [",".join(HEAD)] + [",".join(str(c) for c in r) for r in ROWS]
    batch = _preview(coordinator, "\n".join(lines).encode("gb18030"), "清单.csv")
    assert batch.summary["new"] == 5 and batch.summary["errors"] == 0


def test_only_the_office_imports(county_reporter, leader, units):
    for who in (county_reporter, leader):
        with pytest.raises(PermissionDenied):
            _preview(who, patent_list())


def test_import_registry_command_takes_patents(holders, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "专利.xlsx"
    path.write_bytes(patent_list())
    call_command("import_registry", "patents", str(path), "--dry-run")
    assert capsys.readouterr().out.startswith("dry run: 5 rows: 5 new")
    assert not Patent.objects.exists()
    call_command("import_registry", "patents", str(path))
    assert "5 patents added" in capsys.readouterr().out
    call_command("import_registry", "patents", str(path))
    assert "5 matched" in capsys.readouterr().out and Patent.objects.count() == 5


def test_a_close_holder_name_is_offered_and_once_confirmed_becomes_an_alias(coordinator, holders):
    row = list(ROWS[0])
    row[2], row[3] = "遂宁甲科技公司", "船山区"  # the list's short form of 遂宁甲科技有限公司
    batch = _preview(coordinator, patent_list([tuple(row)]))
    first = batch.plan["rows"][0]
    assert first["holder_id"] is None and first["outcome"] == "new"
    assert [s["id"] for s in first["suggestions"]] == [holders[0].pk]
    with pytest.raises(ValidationFailed):  # only a suggested firm may be picked
        services.patent_import_commit(actor=coordinator, batch=batch, choices={3: holders[1].pk})
    services.patent_import_commit(actor=coordinator, batch=batch, choices={3: holders[0].pk})
    patent = Patent.objects.get(number=P[1])
    assert patent.holder == holders[0] and patent.park.name == "遂宁高新技术产业园区"
    assert holders[0].names.filter(name="遂宁甲科技公司").exists()
    again = _preview(coordinator, patent_list([tuple(row)]))
    assert again.plan["rows"][0]["outcome"] == "matched"  # the alias matches it now


def test_without_a_choice_the_holder_stays_a_name(coordinator, holders):
    row = list(ROWS[0])
    row[2], row[3] = "遂宁甲科技公司", "船山区"
    batch = _preview(coordinator, patent_list([tuple(row)]))
    services.patent_import_commit(actor=coordinator, batch=batch)
    patent = Patent.objects.get(number=P[1])
    assert patent.holder is None and patent.county.name == "船山区"


def test_each_new_patent_and_its_legal_status_change_are_audited_as_imported(coordinator, imported):
    batch = imported
    patents = AuditEvent.objects.filter(model="patents.patent", action="create")
    assert patents.count() == Patent.objects.count() == 5
    assert {e.object_repr for e in patents} == set(Patent.objects.values_list("number", flat=True))
    assert all(e.actor == coordinator and e.verb == "imported" for e in patents)
    assert all(e.changes == {"_extra": {"import": batch.pk}} for e in patents)
    statuses = AuditEvent.objects.filter(model="patents.statuschange", action="create")
    assert statuses.count() == StatusChange.objects.count() == 2  # P3 lapsed, P4 invalidated
    assert {e.changes["_extra"]["status"] for e in statuses} == {"lapsed", "invalidated"}
    assert {e.object_repr for e in statuses} == {f"{P[3]} lapsed", f"{P[4]} invalidated"}


def test_the_preview_page_confirms_a_suggested_holder_and_refuses_another(
    coordinator, holders, login
):
    row = list(ROWS[0])
    row[2], row[3] = "遂宁甲科技公司", "船山区"
    batch = _preview(coordinator, patent_list([tuple(row)]))
    client = login(coordinator)
    url = f"/patents/import/{batch.pk}/"
    assert 'name="row-3"' in client.get(url).content.decode()
    client.post(url, {"row-3": str(holders[1].pk)}, follow=True)  # not offered: refused
    assert not Patent.objects.exists()
    client.post(url, {"row-3": str(holders[0].pk), "row-x": "1", "row-4": ""})
    assert Patent.objects.get(number=P[1]).holder == holders[0]
