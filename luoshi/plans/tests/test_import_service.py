"""Importing the Suining plan: outline, tasks, who is responsible, targets, revision, audit."""

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.org.models import Unit
from luoshi.plans import services
from luoshi.plans.models import Assignment, Chapter, Plan, PlanRevision, Section, Target, Task

pytestmark = pytest.mark.django_db

LEAD, COOP, IMPLICIT = Assignment.Role.LEAD, Assignment.Role.COOPERATING, Assignment.Role.IMPLICIT
COUNTIES = {"chuanshan", "anju", "shehong", "pengxi", "daying"}
PARKS = {"etdz", "hitech", "hedong"}


def roles(plan, number):
    """{unit code: (role, via group code or None)} of a task."""
    task = Task.objects.get(plan=plan, number=number)
    return {
        a.unit.code: (a.role, a.via_group.code if a.via_group else None)
        for a in task.assignments.select_related("unit", "via_group")
    }


def codes(plan, number, role):
    return {code for code, (r, _group) in roles(plan, number).items() if r == role}


def test_the_suining_plan_imports_25_tasks_in_8_sections_of_the_key_tasks_chapter(plan):
    assert Task.objects.filter(plan=plan, active=True).count() == 25
    key = Chapter.objects.get(plan=plan, title="重点任务")
    assert key.number == "二"
    sections = list(Section.objects.filter(chapter=key).order_by("order"))
    assert len(sections) == 8
    assert [s.number for s in sections[:3]] == ["一", "二", "三"]
    assert sections[0].title == "融入协同创新格局"
    assert Task.objects.get(plan=plan, number="1").section == sections[0]
    assert Task.objects.get(plan=plan, number="25").section == sections[7]
    assert [c.title for c in Chapter.objects.filter(plan=plan).order_by("order")] == [
        "总体要求",
        "重点任务",
        "保障措施",
    ]


def test_plan_metadata_is_read_from_the_document(plan):
    assert plan.title == "遂宁市增强协同创新发展能力行动方案"
    assert plan.issuer == "遂宁市人民政府办公室"
    assert plan.issued_on.isoformat() == "2022-06-02"
    assert plan.region.name == "遂宁市"


def test_task_1_is_led_by_the_development_and_reform_commission_with_groups_expanded(plan, units):
    assert codes(plan, "1", LEAD) == {"fgw"}
    cooperating = roles(plan, "1")
    assert {"zzb", "jxj", "kjj"} <= codes(plan, "1", COOP)
    # The county and park groups named as cooperating units expand to their members.
    for code in COUNTIES:
        assert cooperating[code] == (COOP, "counties")
    for code in PARKS:
        assert cooperating[code] == (COOP, "parks")
    assert codes(plan, "1", IMPLICIT) == set()
    assert not Assignment.objects.filter(task__plan=plan, unit__kind=Unit.Kind.GROUP).exists()


def test_tasks_2_to_25_implicitly_involve_every_county_and_city_park_through_their_groups(plan):
    for number in range(2, 26):
        involved = {
            code: group
            for code, (role, group) in roles(plan, str(number)).items()
            if role == IMPLICIT
        }
        assert set(involved) == COUNTIES | PARKS, number
        assert {involved[c] for c in COUNTIES} == {"counties"}
        assert {involved[c] for c in PARKS} == {"parks"}


def test_tasks_10_and_14_have_two_lead_units(plan):
    assert codes(plan, "10", LEAD) == {"jmrh", "kjj"}
    assert codes(plan, "14", LEAD) == {"zzb", "kjj"}


def test_task_2_cooperating_unit_is_the_leading_group_itself(plan):
    assert codes(plan, "2", LEAD) == {"suitong"}
    assert codes(plan, "2", COOP) == {"suitong-lg"}
    assignment = Assignment.objects.get(task__plan=plan, task__number="2", unit__code="suitong-lg")
    assert assignment.via_group is None
    assert assignment.source_name == "遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位"


def test_task_25_is_led_by_market_regulation_with_judicial_bodies_cooperating(plan):
    assert codes(plan, "25", LEAD) == {"scjgj"}
    assert {"fy", "jcy", "gaj", "sfj", "xcb"} == codes(plan, "25", COOP)


def test_names_as_written_are_kept_per_role(plan):
    task = Task.objects.get(plan=plan, number="2")
    assert task.units_raw["lead"] == ["遂潼园区筹委会"]
    assert task.units_raw["implicit"] == ["各县(市、区)政府", "市直园区管委会"]
    assert "推进遂潼一体化发展" in task.text


def test_targets_are_imported_with_comparator_value_unit_and_year(plan):
    numeric = list(Target.objects.filter(plan=plan, qualitative=False).order_by("order"))
    assert len(numeric) == 6
    rd = numeric[0]
    assert (rd.indicator_name, rd.comparator, float(rd.value), rd.unit, rd.year) == (
        "全社会研发投入强度",
        ">=",
        1.05,
        "%",
        2025,
    )
    contracts = Target.objects.get(plan=plan, indicator_name="技术合同认定登记额")
    assert (contracts.comparator, float(contracts.value), contracts.unit) == (">", 10.0, "亿元")
    assert Target.objects.filter(
        plan=plan, qualitative=True, text__contains="成功创建国家高新技术产业开发区"
    ).exists()


def test_a_unit_named_twice_keeps_its_strongest_role(directory, coordinator):
    text = (
        "测试行动方案\n一、重点任务\n(一)测试\n"
        "1.做好一项工作。(责任单位:市科技局,市科技局、射洪市政府、各县(市、区)政府)\n"
        "2.做好另一项工作。(责任单位:市财政局,各县(市、区)政府、射洪市政府)\n"
    )
    plan = services.plan_import(
        actor=coordinator, data=text.encode(), filename="twice.txt", region=directory
    ).plan
    first = roles(plan, "1")
    assert first["kjj"] == (LEAD, None)
    # Named directly and through its group at the same role: the direct mention wins.
    assert first["shehong"] == (COOP, None)
    assert first["pengxi"] == (COOP, "counties")
    assert roles(plan, "2")["shehong"] == (COOP, None)
    assert (
        Assignment.objects.filter(task__plan=plan, task__number="1", unit__code="kjj").count() == 1
    )


def test_the_import_records_a_revision_with_the_hash_and_the_parsed_document(plan, suining_bytes):
    revision = PlanRevision.objects.get(plan=plan)
    assert revision.number == 1
    import hashlib

    assert revision.sha256 == hashlib.sha256(suining_bytes).hexdigest()
    assert len(revision.parsed["tasks"]) == 25
    assert revision.changes["initial"] is True and revision.changes["summary"]["added"] == 25


def test_the_import_is_audited_with_the_actor(plan, coordinator):
    event = AuditEvent.objects.get(model="plans.plan", object_pk=str(plan.pk), verb="import")
    assert event.actor == coordinator
    assert event.changes["_extra"]["tasks"] == 25
    assert AuditEvent.objects.filter(model="plans.planrevision").count() == 1


def test_the_coordinating_office_defaults_to_the_city_science_and_technology_bureau(plan, units):
    assert plan.coordinating_unit == units["kjj"]


def test_an_administrator_import_also_defaults_to_the_bureau_and_can_choose_another(
    directory, admin_user, units, suining_bytes
):
    plan = services.plan_import(
        actor=admin_user, data=suining_bytes, filename="s.txt", region=directory
    ).plan
    assert plan.coordinating_unit == units["kjj"]
    text = suining_bytes.decode().replace(
        "遂宁市增强协同创新发展能力行动方案", "遂宁市另一个行动方案"
    )
    other = services.plan_import(
        actor=admin_user,
        data=text.encode(),
        filename="o.txt",
        region=directory,
        coordinating_unit=units["fgw"],
    ).plan
    assert other.pk != plan.pk and other.coordinating_unit == units["fgw"]


def test_the_parent_plan_reference_is_the_cited_document_number(plan):
    assert plan.parent_reference == "川办发〔2022〕13号"
    assert plan.parent is None


@pytest.mark.parametrize(
    "persona", ["leader", "lead_reporter", "lead_approver", "county_reporter", "outsider"]
)
def test_only_the_coordinating_office_and_administrators_may_import(
    persona, personas, directory, suining_bytes
):
    with pytest.raises(PermissionDenied):
        services.plan_import(
            actor=personas[persona], data=suining_bytes, filename="s.txt", region=directory
        )
    assert not Plan.objects.exists()


def test_an_unknown_unit_name_refuses_the_import_and_changes_nothing(
    directory, coordinator, suining_text
):
    text = suining_text.replace("市科协)", "市科学技术普及协会)")
    with pytest.raises(ValidationFailed) as caught:
        services.plan_import(
            actor=coordinator, data=text.encode(), filename="s.txt", region=directory
        )
    assert "市科学技术普及协会" in str(caught.value)
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_mapping_an_unknown_name_saves_an_alias_and_imports(
    directory, coordinator, units, suining_text
):
    text = suining_text.replace("市科协)", "市科学技术普及协会)")
    result = services.plan_import(
        actor=coordinator,
        data=text.encode(),
        filename="s.txt",
        region=directory,
        mappings={"市科学技术普及协会": units["kx"].pk},
    )
    assert units["kx"].aliases.filter(name="市科学技术普及协会").exists()
    assert Assignment.objects.get(
        task__plan=result.plan, task__number="7", unit=units["kx"]
    ).source_name == ("市科学技术普及协会")


def test_a_mapping_to_a_unit_of_another_directory_is_refused(
    directory, coordinator, units, suining_text
):
    from luoshi.org.models import Region

    county = Region.objects.get(name="射洪市")
    stranger = Unit.objects.create(region=county, name="射洪市科学技术局", short_name="市科技局")
    text = suining_text.replace("市科协)", "市科学技术普及协会)")
    with pytest.raises(ValidationFailed):
        services.plan_import(
            actor=coordinator,
            data=text.encode(),
            filename="s.txt",
            region=directory,
            mappings={"市科学技术普及协会": stranger.pk},
        )
    assert not Plan.objects.exists()


def test_the_preview_resolves_every_name_and_writes_nothing(directory, coordinator, suining_bytes):
    preview = services.plan_import_preview(
        actor=coordinator, data=suining_bytes, filename="s.txt", region=directory
    )
    assert preview.unknown == []
    assert len(preview.tasks) == 25
    counties = next(n for n in preview.names if n.name == "各县(市、区)政府")
    assert len(counties.members) == 5
    assert preview.coordinating_unit.code == "kjj"
    assert preview.parent_reference == "川办发〔2022〕13号"
    assert preview.plan is None and preview.can_confirm
    assert (
        not Plan.objects.exists()
        and not AuditEvent.objects.filter(model__startswith="plans.").exists()
    )


def test_a_set_based_insert_gives_each_row_its_own_fresh_default(directory, coordinator):
    """core.bulk.insert_rows computes a default once for all rows, except a callable one
    that differs call by call (a draft's uuid4 token), which each row gets afresh."""
    from luoshi.core.bulk import insert_rows
    from luoshi.plans.models import PlanImportDraft

    row = {
        "region_id": directory.pk,
        "filename": "a.txt",
        "sha256": "0" * 64,
        "data": b"x",
        "created_by_id": coordinator.pk,
    }
    assert insert_rows(PlanImportDraft, [dict(row), dict(row), dict(row)]) == 3
    drafts = list(PlanImportDraft.objects.all())
    assert len({d.token for d in drafts}) == 3
    assert all(d.parsed == {} and d.choices == {} and bytes(d.data) == b"x" for d in drafts)
