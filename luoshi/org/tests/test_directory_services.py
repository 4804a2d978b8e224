"""The coordinating office edits the directory: add unit, add alias, merge duplicates."""

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.org import services
from luoshi.org.models import Unit
from luoshi.org.resolver import Directory

pytestmark = pytest.mark.django_db


def test_office_adds_a_unit_with_aliases_that_then_resolve(directory, coordinator):
    unit = services.unit_create(
        actor=coordinator,
        region=directory,
        name="遂宁市应急管理局",
        short_name="市应急局",
        aliases=["市应急管理局"],
    )
    assert Directory(directory).resolve("市应急管理局").unit == unit
    assert AuditEvent.objects.filter(
        model="org.unit", object_pk=str(unit.pk), action="create"
    ).exists()


def test_a_name_already_used_by_another_unit_is_refused(directory, coordinator, units):
    with pytest.raises(ValidationFailed):
        services.alias_add(actor=coordinator, unit=units["kjj"], name="市发改委")
    with pytest.raises(ValidationFailed):
        services.unit_create(actor=coordinator, region=directory, name="市科技局")


def test_reporters_cannot_edit_the_directory(directory, lead_reporter, units):
    with pytest.raises(PermissionDenied):
        services.alias_add(actor=lead_reporter, unit=units["fgw"], name="发改委")


def test_merging_a_duplicate_moves_its_users_and_names_to_the_kept_unit(
    directory, coordinator, units
):
    from luoshi.accounts import services as account_services

    dup = services.unit_create(
        actor=coordinator, region=directory, name="遂宁市科技局（重复）", short_name="遂宁科技局"
    )
    person = account_services.user_create(actor=None, username="dup-user", password=None, unit=dup)
    services.units_merge(actor=coordinator, keep=units["kjj"], duplicate=dup)
    person.refresh_from_db()
    dup.refresh_from_db()
    assert person.unit == units["kjj"]
    assert dup.merged_into == units["kjj"] and not dup.active
    assert Directory(directory).resolve("遂宁科技局").unit == units["kjj"]
    event = AuditEvent.objects.get(model="org.unit", object_pk=str(dup.pk), verb="merge")
    assert event.changes["_extra"]["moved"] == {"accounts.user.unit": 1}
    assert event.changes["merged_into"] == [None, units["kjj"].pk]


def test_loading_the_fixture_twice_adds_nothing(directory):
    import yaml

    from conftest import FIXTURE

    before = (Unit.objects.count(), Directory(directory).units.__len__())
    counts = services.directory_load(actor=None, data=yaml.safe_load(FIXTURE.read_text("utf-8")))
    assert counts == {"regions": 0, "units": 0, "aliases": 0}
    assert (Unit.objects.count(), len(Directory(directory).units)) == before


def test_merging_two_units_assigned_to_the_same_task_is_refused_and_changes_nothing(
    directory, coordinator, units
):
    from luoshi.plans.models import Assignment, Plan, Task

    plan = Plan.objects.create(region=directory, title="测试方案")
    task = Task.objects.create(plan=plan, number="1", title="任务")
    dup = services.unit_create(actor=coordinator, region=directory, name="遂宁市科技局（重复）")
    Assignment.objects.create(task=task, unit=units["kjj"], role="lead")
    Assignment.objects.create(task=task, unit=dup, role="cooperating")
    with pytest.raises(ValidationFailed):
        services.units_merge(actor=coordinator, keep=units["kjj"], duplicate=dup)
    dup.refresh_from_db()
    assert dup.merged_into is None and dup.active
    assert Assignment.objects.filter(unit=dup).count() == 1
