"""Experts and laboratories as figures of the plan: a place typed as text points to our
county, park or city (Tongnan stays a name outside our figures), the existing rows are mapped
by the data migration, and the computations count them per place at year end."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from luoshi.experts import computations, services
from luoshi.experts.models import Expert, Lab
from luoshi.indicators.computations import get
from luoshi.org.models import Region
from luoshi.organisations import places

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(directory):
    return {r.name: r for r in Region.objects.all()}


def test_a_place_name_points_to_the_longest_of_our_places(regions):
    rows = places.attributable_places().values_list("pk", "name", "short_name", "kind")
    assert places.region_named_in("遂宁市船山区", rows) == regions["船山区"].pk
    assert places.region_named_in("遂宁市河东新区", rows) == regions["遂宁市河东新区"].pk
    assert places.region_named_in("遂宁高新区", rows) == regions["遂宁高新技术产业园区"].pk
    assert places.region_named_in("遂宁市", rows) == regions["遂宁市"].pk
    assert places.region_named_in("重庆市潼南区", rows) is None


def test_a_lab_in_tongnan_keeps_its_name_and_no_region(coordinator, regions):
    ours = services.lab_add(actor=coordinator, name="检验所", region_name="遂宁市射洪市")
    tongnan = services.lab_add(actor=coordinator, name="潼南中心", region_name="重庆市潼南区")
    chosen = services.lab_add(
        actor=coordinator, name="园区平台", region=regions["遂宁经济技术开发区"]
    )
    assert (ours.region, ours.region_name) == (regions["射洪市"], "射洪市")
    assert (tongnan.region, tongnan.region_name) == (None, "重庆市潼南区")
    assert chosen.region_name == "遂宁经济技术开发区"


def test_an_expert_without_a_place_counts_where_the_organisation_is(regions, units):
    from conftest import _organisation

    firm = _organisation(
        9301, "安居新材料有限公司", "enterprise", "t-anju", region=regions["安居区"]
    )
    expert = services.expert_add(
        actor=None, name="钱工", field_code="480.40", field_name="能源材料", organisation=firm
    )
    assert expert.region == regions["安居区"]


def test_the_migration_maps_typed_places_to_regions(regions, org_admin):
    lab = Lab.objects.create(name="旧检验所", region_name="遂宁市蓬溪县")
    outside = Lab.objects.create(name="旧潼南站", region_name="重庆市潼南区")
    expert = Expert.objects.create(name="旧专家", field_code="480", region_name="遂宁市大英县")
    migration = importlib.import_module("luoshi.experts.migrations.0003_places_to_regions")
    migration.forwards(django_apps, None)
    lab.refresh_from_db()
    outside.refresh_from_db()
    expert.refresh_from_db()
    assert (lab.region, lab.region_name) == (regions["蓬溪县"], "蓬溪县")
    assert (outside.region, outside.region_name) == (None, "重庆市潼南区")
    assert expert.region == regions["大英县"]


@pytest.fixture
def databases(coordinator, regions):
    services.lab_add(actor=coordinator, name="船山检验所", region_name="船山区")
    services.lab_add(actor=coordinator, name="经开区平台", region=regions["遂宁经济技术开发区"])
    services.lab_add(actor=coordinator, name="潼南中心", region_name="重庆市潼南区")
    services.expert_add(
        actor=coordinator,
        name="陈教授",
        field_code="480.40",
        field_name="能源材料",
        region=regions["船山区"],
        phone="13800000000",
    )
    services.expert_add(
        actor=coordinator,
        name="成都专家",
        field_code="480.40",
        field_name="能源材料",
        region_name="四川省成都市",
    )


def test_labs_and_experts_are_counted_per_place_at_year_end(databases, regions):
    year = timezone.localdate().year
    ids = [regions[n].pk for n in ("遂宁市", "船山区", "遂宁经济技术开发区", "射洪市")]
    labs = get(computations.LABS).values(ids, [year - 1, year])
    assert {k: f.value for k, f in labs.items()} == {
        (regions["遂宁市"].pk, year): 2,  # Tongnan's lab is in the database, not in our figure
        (regions["船山区"].pk, year): 1,
        (regions["遂宁经济技术开发区"].pk, year): 1,
    }
    experts = get(computations.EXPERTS).values(ids, [year])
    assert {k: f.value for k, f in experts.items()} == {
        (regions["遂宁市"].pk, year): 1,
        (regions["船山区"].pk, year): 1,
    }


def test_the_figures_issue_a_constant_number_of_queries(
    databases, regions, django_assert_num_queries
):
    year = timezone.localdate().year
    ids = list(Region.objects.values_list("pk", flat=True))
    # 1: the rows; 2: the region lineage.
    with django_assert_num_queries(2):
        get(computations.LABS).values(ids, list(range(year - 5, year + 1)))


def test_drilldown_rows_follow_the_pages_visibility(databases, regions, coordinator, lead_reporter):
    year = timezone.localdate().year
    city = regions["遂宁市"].pk
    office = get(computations.EXPERTS).rows(viewer=coordinator, region_id=city, year=year)
    assert office.total == 1 and [r[0] for r in office.rows] == ["陈教授"]
    assert office.links[0].endswith(f"/{Expert.objects.get(name='陈教授').pk}/")
    # A unit's reporter does not see the expert database: the count, no names.
    reporter = get(computations.EXPERTS).rows(viewer=lead_reporter, region_id=city, year=year)
    assert reporter.total == 1 and reporter.rows == []
    labs = get(computations.LABS).rows(viewer=lead_reporter, region_id=city, year=year)
    assert sorted(r[0] for r in labs.rows) == ["经开区平台", "船山检验所"]
    assert labs.links == [None, None]
    earlier = get(computations.LABS).rows(viewer=coordinator, region_id=city, year=year - 1)
    assert earlier.total == 0


def test_a_lab_entered_last_year_counts_this_year_too(coordinator, regions):
    lab = services.lab_add(actor=coordinator, name="老检验所", region_name="船山区")
    Lab.objects.filter(pk=lab.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    year = timezone.localdate().year
    values = get(computations.LABS).values([regions["船山区"].pk], [year - 1, year])
    assert {y for (_p, y) in values} == {year - 1, year}
