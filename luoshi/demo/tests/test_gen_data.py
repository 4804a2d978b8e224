"""`luoshi gen-data`: the city scale on the test database — the expected rows, the same
rows for the same seed, and only states the supervision services could have produced."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q

from luoshi.accounts.models import User
from luoshi.demo.gen import fingerprint, generate, generated_scales
from luoshi.indicators.models import DataValue, Goal, IndicatorValue
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision.models import (
    Consolidation,
    Milestone,
    Period,
    ReportVersion,
    Review,
    UnitReport,
)

TODAY = dt.date(2026, 11, 27)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city():
    summary = generate(scale="city", seed=7, today=TODAY, progress=False)
    return summary


def test_city_scale_holds_suining_its_plan_sixteen_quarters_and_a_report_per_cell(city):
    region = Region.objects.get(name="遂宁市", kind=Region.Kind.CITY)
    plan = Plan.objects.get()
    assert plan.region == region and plan.is_demo
    assert plan.tasks.filter(active=True).count() == 25
    cells = Assignment.objects.filter(task__plan=plan, active=True).count()
    assert cells == city.counts["assignments"] > 300

    periods = list(Period.objects.filter(plan=plan).order_by("start"))
    past = [p for p in periods if p.due_date < TODAY]
    assert len(past) == 16 and all(p.is_demo for p in periods)
    assert any(p.start <= TODAY <= p.due_date for p in periods)

    sent = UnitReport.objects.filter(period__in=past)
    assert sent.count() == city.counts["unit reports"] - city.counts["drafts"]
    missing = 1 - sent.count() / (cells * len(past))
    assert 0.03 < missing < 0.08, f"{missing:.1%} of reports missing"
    late = sent.filter(first_submitted_at__date__gt=F("period__due_date")).count() / sent.count()
    assert 0.05 < late < 0.2, f"{late:.1%} late"
    assert sent.filter(status="approved", return_count__gte=1).exists()  # returned, then approved
    assert not UnitReport.objects.filter(is_demo=False).exists()
    drafts = UnitReport.objects.filter(status="draft")
    assert drafts.exists() and not drafts.filter(period__in=past).exists()

    assert User.objects.filter(username="sn.office", role="coordinator", unit__code="kjj").exists()
    assert User.objects.filter(is_demo=True).count() == User.objects.count() == city.counts["users"]
    units = Unit.objects.filter(region=region).exclude(kind=Unit.Kind.GROUP)
    assert units.count() == city.counts["units"]

    places = Region.objects.filter(Q(pk=region.pk) | Q(parent=region)).count()
    assert DataValue.objects.count() == places * 8 * 10
    assert IndicatorValue.objects.filter(region=region, value__isnull=False).exists()
    assert Goal.objects.filter(plan=plan).exists()
    assert generated_scales()["city"]["counts"]["unit reports"] == city.counts["unit reports"]


def test_every_generated_state_is_one_the_services_produce(city):
    reports = UnitReport.objects.exclude(status="draft")
    # One report per period, task and unit (the database enforces it; the indexes were
    # dropped while loading and rebuilt).
    assert not (
        UnitReport.objects.values("period", "task", "unit").annotate(n=Count("id")).filter(n__gt=1)
    )
    approved = reports.filter(status="approved")
    assert approved.exists()
    assert not approved.exclude(reviews__decision="approve").exists()
    assert not approved.filter(approved_at__isnull=True).exists()
    assert not approved.exclude(versions__event="approved").exists()
    returned = reports.filter(return_count__gte=1)
    assert not returned.annotate(n=Count("reviews", filter=Q(reviews__decision="return"))).exclude(
        n=F("return_count")
    )
    assert not reports.filter(status="returned").filter(return_comment="").exists()
    assert not reports.filter(submitted_at__isnull=True).exists()
    assert not reports.filter(work_done="", nothing_new=False).exists()
    # Versions carry the report's own version number at each event (as the services number
    # them): rising in time, the last one the report's current version.
    for r in reports[:200]:
        numbers = list(r.versions.order_by("created_at", "id").values_list("number", flat=True))
        assert numbers == sorted(set(numbers)) and numbers[-1] == r.version
    assert not ReportVersion.objects.filter(report__isnull=True, consolidation__isnull=True)
    assert not Review.objects.filter(report__status__in=["draft", "pending"]).exists()
    # Consolidations are written by a lead unit of their task.
    for c in Consolidation.objects.select_related("task")[:200]:
        assert Assignment.objects.filter(task=c.task, unit=c.author_unit, role="lead").exists()
    # A milestone ticked off through a report names a sent report of its owner.
    done = Milestone.objects.filter(done_report__isnull=False)
    assert done.exists()
    assert not done.exclude(done_report__unit=F("owner")).exists()
    assert not done.exclude(done_report__task=F("task")).exists()


def test_the_same_seed_generates_the_same_history_and_another_seed_another(city):
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    generate(scale="city", seed=7, today=TODAY, progress=False)
    assert fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(scale="city", seed=8, today=TODAY, progress=False)
    assert fingerprint() != first


def test_the_command_refuses_a_database_that_already_holds_plans(city):
    with pytest.raises(CommandError, match="empty database"):
        call_command("gen_data", scale="city", no_progress=True, stdout=io.StringIO())
