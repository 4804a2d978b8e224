"""The demo ships the Suining plan, imported into the Suining directory, every name resolved."""

import io

import pytest

from luoshi.demo import accounts, org
from luoshi.demo import plans as demo
from luoshi.plans.models import Plan, Task

pytestmark = pytest.mark.django_db


def test_the_shipped_document_is_the_shared_suining_plan():
    assert demo.DOCUMENT.exists()
    assert "遂宁市增强协同创新发展能力行动方案" in demo.DOCUMENT.read_text("utf-8")


def test_every_unit_name_of_the_suining_plan_resolves_in_the_directory_fixture(directory):
    from luoshi.plans import services

    preview = services.plan_import_preview(
        actor=None, data=demo.DOCUMENT.read_bytes(), filename=demo.DOCUMENT.name, region=directory
    )
    assert preview.unknown == []
    assert len(preview.names) >= 30


def test_loading_the_demo_imports_the_plan_once():
    out = io.StringIO()
    org.load(stdout=out)
    accounts.load(stdout=out)
    demo.load(stdout=out)
    plan = Plan.objects.get()
    assert (
        plan.is_demo
        and plan.coordinating_unit.short_name == "市科技局"
        and plan.region.name == "遂宁市"
    )
    assert Task.objects.filter(plan=plan, active=True).count() == 25
    assert "25 tasks" in out.getvalue()
    # Running the plans loader again (e.g. after a fresh directory load) changes nothing.
    demo.load(stdout=io.StringIO())
    assert Plan.objects.count() == 1 and plan.revisions.count() == 1
