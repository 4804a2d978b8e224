import pytest

from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import selectors, services
from luoshi.enterprises.models import Enterprise, Qualification
from luoshi.enterprises.tests.conftest import xlsx
from luoshi.org.models import Region

pytestmark = pytest.mark.django_db


def _import(actor, kind, data, name="list.xlsx", **options):
    batch = services.registry_import_preview(
        actor=actor, kind=kind, file_name=name, data=data, options=options
    )
    return batch, services.registry_import_commit(actor=actor, batch=batch)


def test_published_high_tech_list_matches_by_name_then_alias(coordinator, firms, high_tech_list):
    batch = services.registry_import_preview(
        actor=coordinator,
        kind="high_tech",
        file_name="公告.xlsx",
        data=high_tech_list,
        options={"issued_on": "2023-10-16", "batch": "2023-1"},
    )
    assert batch.summary["new"] == 2 and batch.summary["errors"] == 0
    hows = [r["how"] for r in batch.plan["rows"]]
    assert hows == ["name", "alias"]
    assert Qualification.objects.count() == 0  # the preview changes nothing
    summary = services.registry_import_commit(actor=coordinator, batch=batch)
    assert summary["qualifications_added"] == 2
    cert = Qualification.objects.get(number="GR202351000101")
    assert str(cert.valid_until) == "2026-10-16"
    held = selectors.qualifications_on(
        credit_codes=[firms[0].credit_code, firms[1].credit_code], on=cert.issued_on
    )
    assert held[firms[0].credit_code] == {"high_tech"}


def test_reimporting_the_same_list_changes_nothing(coordinator, firms, high_tech_list):
    opts = {"issued_on": "2023-10-16", "batch": "2023-1"}
    _import(coordinator, "high_tech", high_tech_list, **opts)
    events = AuditEvent.objects.exclude(model="enterprises.registryimport").count()
    batch, summary = _import(coordinator, "high_tech", high_tech_list, **opts)
    assert batch.summary["matched"] == 2 and batch.summary["new"] == 0
    assert summary["qualifications_added"] == 0 and summary["qualifications_changed"] == 0
    assert AuditEvent.objects.exclude(model="enterprises.registryimport").count() == events


def test_tech_sme_list_creates_firms_attributed_by_division_code(
    coordinator, directory, tech_sme_list
):
    _batch, summary = _import(coordinator, "tech_sme", tech_sme_list)
    assert summary["firms_created"] == 3
    firm = Enterprise.objects.get(name="蓬溪丁食品有限公司")
    assert firm.county.name == "蓬溪县" and firm.city == directory
    years = selectors.tech_sme_years(credit_codes=[firm.credit_code])
    assert years[firm.credit_code] == {2023}


def test_every_firm_and_registration_an_import_creates_is_audited_pointing_at_its_list(
    coordinator, directory, tech_sme_list
):
    batch, _summary = _import(coordinator, "tech_sme", tech_sme_list)
    kept = {r["credit_code"]: r for r in batch.plan["rows"]}
    firms = Enterprise.objects.all()
    assert firms.count() == 3
    for firm in firms:
        event = AuditEvent.objects.get(model="enterprises.enterprise", object_pk=str(firm.pk))
        assert (event.actor, event.action, event.verb) == (coordinator, "create", "imported")
        assert event.object_repr == firm.name
        assert abs(event.at - firm.created_at).total_seconds() < 5
        # the event points at the kept list, whose row (by the firm's code) made the firm
        assert event.changes["_extra"] == {"import": batch.pk}
        assert kept[firm.credit_code]["name"] == firm.name
    registrations = Qualification.objects.filter(kind="tech_sme")
    assert registrations.count() == 3
    for q in registrations:
        event = AuditEvent.objects.get(model="enterprises.qualification", object_pk=str(q.pk))
        assert event.actor == coordinator and event.changes["_extra"]["import"] == batch.pk
        assert event.changes["_extra"]["number"] == q.number
        assert event.object_repr.endswith(f" {q.number}")
    listed = AuditEvent.objects.get(model="enterprises.registryimport", object_pk=str(batch.pk))
    assert listed.changes["_extra"]["firms_created"] == 3


def test_a_row_error_stops_the_whole_commit(coordinator, directory, codes):
    bad = xlsx(
        [
            ("企业名称", "统一社会信用代码", "入库登记编号"),
            ("甲", codes[0], "20235109030A000001"),
            ("乙", "91510903MA0000000X", "20235109030A000002"),
        ]
    )
    batch = services.registry_import_preview(
        actor=coordinator, kind="tech_sme", file_name="x.xlsx", data=bad
    )
    assert batch.summary["errors"] == 1
    assert (
        "校验" in batch.plan["rows"][1]["errors"][0]
        or "check" in batch.plan["rows"][1]["errors"][0]
    )
    with pytest.raises(ValidationFailed):
        services.registry_import_commit(actor=coordinator, batch=batch)
    assert Enterprise.objects.count() == 0


def test_fuzzy_match_waits_for_a_person(coordinator, firms):
    data = xlsx(
        [("企业名称", "证书编号", "发证日期"), ("遂宁甲科技公司", "GR202351000101", "2023-10-16")]
    )
    batch = services.registry_import_preview(
        actor=coordinator, kind="high_tech", file_name="x.xlsx", data=data
    )
    row = batch.plan["rows"][0]
    assert row["status"] == "ask" and row["suggestions"][0]["id"] == firms[0].pk
    with pytest.raises(ValidationFailed):
        services.registry_import_commit(actor=coordinator, batch=batch)
    services.registry_import_commit(
        actor=coordinator, batch=batch, choices={row["line"]: firms[0].pk}
    )
    assert firms[0].qualifications.get().number == "GR202351000101"


def test_csv_in_gb18030_and_hostile_files(coordinator, directory, codes):
    text = f"企业名称,统一社会信用代码,入库登记编号\n甲,{codes[0]},20235109030A000001\n"
    batch = services.registry_import_preview(
        actor=coordinator, kind="tech_sme", file_name="x.csv", data=text.encode("gb18030")
    )
    assert batch.summary["new"] == 1
    for data, name in (
        (b"\x00\x01garbage", "x.csv"),
        (b"PK\x03\x04broken", "x.xlsx"),
        (b"hi", "x.exe"),
    ):
        with pytest.raises(ValidationFailed):
            services.registry_import_preview(
                actor=coordinator, kind="tech_sme", file_name=name, data=data
            )


def test_complete_list_withdraws_the_missing(coordinator, directory, tech_sme_list, codes):
    _import(coordinator, "tech_sme", tech_sme_list)
    shorter = xlsx(
        [
            ("企业名称", "统一社会信用代码", "入库登记编号"),
            ("遂宁甲科技有限公司", codes[0], "20235109030A000001"),
        ]
    )
    batch, summary = _import(coordinator, "tech_sme", shorter, complete=True)
    assert batch.summary["withdrawn"] == 2 and summary["qualifications_withdrawn"] == 2


def test_only_the_office_imports(county_reporter, leader, high_tech_list):
    from luoshi.core.errors import PermissionDenied

    for person in (county_reporter, leader):
        with pytest.raises(PermissionDenied):
            services.registry_import_preview(
                actor=person, kind="high_tech", file_name="x.xlsx", data=high_tech_list
            )


def test_the_credit_code_check_agrees_with_stdnum_on_valid_and_corrupted_codes():
    import random

    from stdnum.cn import uscc

    from luoshi.core.errors import ValidationFailed
    from luoshi.enterprises.attribution import clean_credit_code
    from luoshi.enterprises.testing import credit_code

    rng = random.Random(7)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    codes = []
    for _ in range(3000):
        code = credit_code(rng.choice(["510903", "510904", "110000", "440300"]), rng=rng)
        codes.append(code)
        wrong = list(code)
        position = rng.randrange(18)
        wrong[position] = rng.choice(alphabet.replace(code[position], "") + "IOSVZ")
        codes.append("".join(wrong))
    # lower case, a letter among the digits, full-width characters from a Chinese sheet
    codes += [codes[0].lower(), "A" + codes[0][1:]]
    agreed = 0
    for code in codes:
        try:
            ours = clean_credit_code(code)
        except ValidationFailed:
            ours = None
        assert (ours is not None) == uscc.is_valid(code), code
        if ours:
            assert ours == uscc.compact(code)
        agreed += ours is not None
    assert 3000 <= agreed < 3100  # every valid one accepted, the corrupted ones refused
    # a code typed in full-width characters (a Chinese input method) reads as the code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in codes[0])
    assert clean_credit_code(full_width) == codes[0]


def test_the_preview_says_where_each_new_firm_will_count_and_the_commit_places_it_so(
    coordinator, directory, tech_sme_list, login
):
    batch = services.registry_import_preview(
        actor=coordinator, kind="tech_sme", file_name="list.xlsx", data=tech_sme_list
    )
    client = login(coordinator)
    page = client.get(f"/enterprises/import/{batch.pk}/").content.decode()
    assert page.count('data-testid="new-firm-place"') == 3
    assert "蓬溪县" in page and "船山区" in page
    # the commit applies the placement the preview showed, not a second reading
    row = next(r for r in batch.kept.plan["rows"] if r["name"] == "蓬溪丁食品有限公司")
    county = Region.objects.get(name="射洪市")
    row["place"] = [directory.pk, county.pk, None, "manual"]
    batch.kept.save()
    services.registry_import_commit(actor=coordinator, batch=batch)
    firm = Enterprise.objects.get(name="蓬溪丁食品有限公司")
    assert (firm.county, firm.attribution) == (county, "manual")


def test_a_list_s_plan_is_kept_a_key_once_and_freed_as_soon_as_the_step_ends(coordinator):
    """The kept plan is stored packed (core.bulk.TableJSONField) and reads back as rows; a
    preview, its page's rows or a commit leave none of it for the cycle collector (a batch
    and a cached KeptPlan would hold each other, and the whole plan, until its next pass)."""
    import gc

    from django.db import connection

    from luoshi.enterprises.models import KeptPlan
    from luoshi.enterprises.testing import credit_code

    lines = ["统一社会信用代码,企业名称,注册地址"] + [
        f"{credit_code('510903', n)},遂宁测试{n:03d}有限公司,遂宁市船山区" for n in range(300)
    ]
    data = "\n".join(lines).encode()  # CSV: reading a workbook leaves openpyxl's own cycles
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        batch = services.registry_import_preview(
            actor=coordinator, kind="enterprises", file_name="l.csv", data=data
        )
        shown, hidden, withdrawn = selectors.import_rows_shown(batch, limit=100)
        services.registry_import_commit(actor=coordinator, batch=batch)
        del batch
        left = gc.collect()
    finally:
        if was:
            gc.enable()
    assert left < 300  # 300 rows left behind would be ~1,500 containers
    assert (len(shown), hidden, withdrawn) == (100, 200, [])
    assert shown[0]["place_name"] == "船山区"
    kept = KeptPlan.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT plan FROM {KeptPlan._meta.db_table}")
        (text,) = cursor.fetchone()
    text = text if isinstance(text, str) else __import__("json").dumps(text)
    assert text.count('"credit_code"') == 1
    rows = kept.plan["rows"]
    assert len(rows) == 300 and rows[0]["name"] == "遂宁测试000有限公司"
    assert rows[0]["status"] == "new" and rows[0]["place"][3]
