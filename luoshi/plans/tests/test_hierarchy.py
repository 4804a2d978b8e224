"""Province → city → county plans side by side, each resolving names in its own directory."""

import pytest
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.org import services as org
from luoshi.org.models import Region, Unit
from luoshi.plans import services
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.tests.factories import plan_text

pytestmark = pytest.mark.django_db

PROVINCE_UNITS = ["省科技厅", "省发展改革委", "省财政厅"]


@pytest.fixture
def province(directory):
    region = Region.objects.get(name="四川省")
    for name, short in [
        ("四川省科学技术厅", "省科技厅"),
        ("四川省发展和改革委员会", "省发展改革委"),
        ("四川省财政厅", "省财政厅"),
    ]:
        org.unit_create(actor=None, region=region, name=name, short_name=short)
    org.unit_create(
        actor=None,
        region=region,
        name="各市(州)人民政府",
        short_name="各市(州)政府",
        kind=Unit.Kind.GROUP,
    )
    return region


@pytest.fixture
def shehong(directory):
    """射洪市 (a county-level city) has its own directory, where 市科技局 is its own bureau."""
    region = Region.objects.get(name="射洪市")
    for name, short in [
        ("射洪市科学技术局", "市科技局"),
        ("射洪市发展和改革局", "市发展改革局"),
        ("射洪市财政局", "市财政局"),
    ]:
        org.unit_create(actor=None, region=region, name=name, short_name=short)
    return region


def province_document() -> bytes:
    text = plan_text(
        "四川省增强协同创新发展能力行动方案", 3, units=PROVINCE_UNITS, group="各市(州)政府"
    )
    return ("四川省人民政府办公厅\n川办发〔2022〕13号\n" + text).encode()


def county_document() -> bytes:
    text = plan_text(
        "射洪市增强协同创新发展能力实施方案",
        3,
        units=["市科技局", "市发展改革局", "市财政局"],
        group="",
    )
    text = text.replace(
        "一、总体要求",
        "根据《遂宁市增强协同创新发展能力行动方案》(遂府办发〔2022〕15号)精神,制定本方案。\n一、总体要求",
    )
    return ("射洪市人民政府办公室\n射府办发〔2022〕30号\n" + text).encode()


def test_a_city_plan_imported_after_its_provincial_plan_links_to_it(
    province, directory, coordinator, suining_bytes
):
    parent = services.plan_import(
        actor=None, data=province_document(), filename="sc.txt", region=province
    ).plan
    assert parent.doc_number == "川办发〔2022〕13号"
    city = services.plan_import(
        actor=coordinator, data=suining_bytes, filename="sn.txt", region=directory
    ).plan
    assert city.parent == parent and city.parent_reference == "川办发〔2022〕13号"


def test_a_provincial_plan_imported_later_adopts_the_city_plans_citing_it(plan, province):
    parent = services.plan_import(
        actor=None, data=province_document(), filename="sc.txt", region=province
    ).plan
    plan.refresh_from_db()
    assert plan.parent == parent
    assert list(parent.children.all()) == [plan]


def test_two_plans_in_different_directories_resolve_the_same_name_to_their_own_units(
    plan, shehong, units, coordinator
):
    county = services.plan_import(
        actor=None, data=county_document(), filename="sh.txt", region=shehong
    ).plan
    assert county.region == shehong and county.parent_reference == "遂府办发〔2022〕15号"
    county_bureau = Unit.objects.get(region=shehong, name="射洪市科学技术局")
    assert Assignment.objects.filter(task__plan=county, unit=county_bureau).exists()
    assert not Assignment.objects.filter(task__plan=county, unit=units["kjj"]).exists()
    assert not Assignment.objects.filter(task__plan=plan, unit=county_bureau).exists()
    assert Assignment.objects.filter(task__plan=plan, unit=units["kjj"]).exists()
    assert Plan.objects.count() == 2


def test_a_name_unknown_in_the_county_directory_is_not_resolved_from_the_citys(shehong):
    text = county_document().decode().replace("市发展改革局", "市发展改革委")
    preview = services.plan_import_preview(
        actor=None, data=text.encode(), filename="sh.txt", region=shehong
    )
    assert "市发展改革委" in preview.unknown


def test_the_same_title_in_another_directory_is_a_separate_plan(plan, shehong, suining_bytes):
    preview = services.plan_import_preview(
        actor=None, data=suining_bytes, filename="s.txt", region=shehong
    )
    assert preview.plan is None  # not taken for a new version of the city's plan


def test_a_task_links_to_the_parent_plans_task_and_both_pages_show_it(
    plan, province, coordinator, login
):
    parent = services.plan_import(
        actor=None, data=province_document(), filename="sc.txt", region=province
    ).plan
    services.plan_set_parent(actor=coordinator, plan=plan, parent=parent)
    task = Task.objects.get(plan=plan, number="1")
    target = Task.objects.get(plan=parent, number="1")
    services.task_link_parent(actor=coordinator, task=task, parent_task=target)
    task.refresh_from_db()
    assert task.parent_task == target
    client = login(coordinator)
    assert target.title in client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert task.title in client.get(reverse("plans:task", args=[target.pk])).content.decode()


def test_a_task_cannot_link_to_a_task_outside_its_parent_plan(plan, directory, coordinator):
    other = services.plan_import(
        actor=coordinator,
        data=plan_text("无关方案", 2).encode(),
        filename="x.txt",
        region=directory,
    ).plan
    task = Task.objects.get(plan=plan, number="1")
    with pytest.raises(ValidationFailed):
        services.task_link_parent(actor=coordinator, task=task, parent_task=other.tasks.first())
    services.plan_set_parent(actor=coordinator, plan=plan, parent=other)
    unrelated = services.plan_import(
        actor=coordinator,
        data=plan_text("另一无关方案", 2).encode(),
        filename="y.txt",
        region=directory,
    ).plan
    with pytest.raises(ValidationFailed):
        services.task_link_parent(actor=coordinator, task=task, parent_task=unrelated.tasks.first())
    assert Task.objects.get(pk=task.pk).parent_task is None


def test_a_plan_cannot_become_its_own_ancestor(plan, directory, coordinator):
    child = services.plan_import(
        actor=coordinator,
        data=plan_text("下级方案", 2).encode(),
        filename="c.txt",
        region=directory,
    ).plan
    services.plan_set_parent(actor=coordinator, plan=child, parent=plan)
    with pytest.raises(ValidationFailed):
        services.plan_set_parent(actor=coordinator, plan=plan, parent=child)
    with pytest.raises(ValidationFailed):
        services.plan_set_parent(actor=coordinator, plan=plan, parent=plan)


def test_changing_the_parent_plan_drops_task_links_into_the_old_one(
    plan, province, directory, coordinator
):
    parent = services.plan_import(
        actor=None, data=province_document(), filename="sc.txt", region=province
    ).plan
    services.plan_set_parent(actor=coordinator, plan=plan, parent=parent)
    task = Task.objects.get(plan=plan, number="1")
    services.task_link_parent(actor=coordinator, task=task, parent_task=parent.tasks.first())
    services.plan_set_parent(actor=coordinator, plan=plan, parent=None)
    assert Task.objects.get(pk=task.pk).parent_task is None


def test_the_upload_page_imports_into_the_chosen_directory(plan, shehong, login, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(admin_user)
    page = client.get(reverse("plans:import")).content.decode()
    assert "射洪市" in page and "遂宁市" in page
    response = client.post(
        reverse("plans:import"),
        {"file": SimpleUploadedFile("sh.txt", county_document()), "region": shehong.pk},
    )
    assert response.status_code == 302
    # The document states no rule for its comma-split clauses: every task is confirmed.
    client.post(response["Location"], {"action": "confirm", "confirmed_all": "on"})
    county = Plan.objects.get(region=shehong)
    assert county.title == "射洪市增强协同创新发展能力实施方案"
    # The default office name (市科技局) resolves in the county's own directory.
    assert county.coordinating_unit.name == "射洪市科学技术局"
