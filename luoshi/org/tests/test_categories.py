"""Unit categories (for the yearly assessment) are data: loaded from the directory fixture,
defaulted from a unit's kind, and kept when the fixture is loaded again."""

import pytest
import yaml

from luoshi.org import services
from luoshi.org.models import Unit


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("fgw", Unit.Category.GOVERNMENT),
        ("chuanshan", Unit.Category.COUNTY),
        ("hitech", Unit.Category.PARK),
        ("zzb", Unit.Category.PARTY),
        ("fy", Unit.Category.COURT),
        ("jcy", Unit.Category.PROCURATORATE),
        ("swj", Unit.Category.VERTICAL),
        ("kx", Unit.Category.MASS),
        ("city", Unit.Category.OTHER),
    ],
)
def test_the_suining_directory_gives_each_unit_its_category(units, code, category):
    assert units[code].category == category


def test_a_new_unit_takes_the_category_its_kind_implies_unless_one_is_given(directory):
    court = services.unit_create(
        actor=None, region=directory, name="射洪市人民检察院", kind=Unit.Kind.JUDICIAL
    )
    vertical = services.unit_create(
        actor=None,
        region=directory,
        name="遂宁市气象局",
        kind=Unit.Kind.DEPARTMENT,
        category=Unit.Category.VERTICAL,
    )
    assert court.category == Unit.Category.PROCURATORATE
    assert vertical.category == Unit.Category.VERTICAL


def test_loading_the_fixture_again_corrects_a_category_it_names(directory, units):
    from conftest import FIXTURE

    units["swj"].category = Unit.Category.GOVERNMENT
    units["swj"].save(update_fields=["category"])
    services.directory_load(actor=None, data=yaml.safe_load(FIXTURE.read_text("utf-8")))
    units["swj"].refresh_from_db()
    assert units["swj"].category == Unit.Category.VERTICAL
