"""The public page (政务公开): off until the office turns it on; no sign-in; only accepted
figures, approved task status and published documents; nothing about people; answered from
the cache, with the office's own changes shown at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.assessment import services as assessment
from luoshi.assessment.models import IssuedDocument
from luoshi.indicators import services as indicators
from luoshi.indicators.models import Goal
from luoshi.indicators.tests.helpers import entry, publish
from luoshi.public import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def figures(plan, directory, units):
    """The plan's target with an accepted 2023 figure and a 2024 one still in draft."""
    firms = indicators.element_save(
        actor=None,
        code="firms",
        name="高新技术企业",
        unit_of_measure="家",
        aggregation="last",
        value_type="integer",
        supplying_unit=units["fgw"],
    )
    indicator = indicators.indicator_save(
        actor=None,
        code="firm_count",
        name="国家高新技术企业",
        formula="firms",
        unit_of_measure="家",
        decimals=0,
    )
    Goal.objects.create(
        plan=plan,
        region=directory,
        name="国家高新技术企业",
        indicator=indicator,
        comparator=">=",
        baseline_year=2022,
        target_year=2025,
        target_value=Decimal("300"),
    )
    publish(units["fgw"], [entry(firms, directory, 2023, 209)])
    indicators.values_save(
        actor=None, unit=units["fgw"], entries=[entry(firms, directory, 2024, 987654)]
    )
    return indicator


def page(client, plan):
    return client.get(reverse("public:plan", args=[plan.pk]))


def test_the_page_is_off_until_the_office_turns_it_on(
    plan, coordinator, anonymous, django_capture_on_commit_callbacks
):
    assert page(anonymous, plan).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True)
    response = page(anonymous, plan)
    assert response.status_code == 200 and plan.title in response.content.decode()


def test_only_accepted_figures_are_shown(
    plan, figures, coordinator, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True)
    html = page(anonymous, plan).content.decode()
    assert "209" in html and "987,654" not in html and "987654" not in html


def test_nothing_about_people_and_no_report_text_is_shown(
    plan,
    tasks,
    coordinator,
    lead_reporter,
    lead_approver,
    anonymous,
    django_capture_on_commit_callbacks,
    cycle_period,
):
    from luoshi.supervision import services as supervision

    c = supervision.consolidation_save(
        actor=lead_reporter,
        period=cycle_period,
        task=tasks["1"],
        version=0,
        summary="联系人张三，电话13800000000。",
        progress_pct=60,
        self_status="on_track",
    )
    c = supervision.consolidation_submit(
        actor=lead_approver,
        period=cycle_period,
        task=tasks["1"],
        version=c.version,
        confirm_missing=True,
    )
    supervision.consolidation_approve(actor=coordinator, consolidation=c)
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True)
    html = page(anonymous, plan).content.decode()
    assert "60%" in html  # the approved status is public
    for private in ("张三", "13800000000", lead_reporter.username, coordinator.username):
        assert private not in html


def test_a_cached_page_reads_nothing_from_the_database(
    plan, figures, coordinator, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True)
    page(anonymous, plan)
    with CaptureQueriesContext(connection) as queries:
        assert page(anonymous, plan).status_code == 200
    assert len(queries) == 0


def test_a_published_document_shows_at_once_and_a_demo_one_never(
    plan, coordinator, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True)
    document = assessment.document_issue(
        actor=coordinator,
        plan=plan,
        kind=IssuedDocument.Kind.BULLETIN,
        doc_number="遂科督〔2026〕5号",
    )
    assert "遂科督〔2026〕5号" not in page(anonymous, plan).content.decode()
    download = reverse("public:document", args=[document.pk])
    assert anonymous.get(download).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assessment.document_publish(actor=coordinator, document=document, published=True)
    assert "遂科督〔2026〕5号" in page(anonymous, plan).content.decode()
    assert anonymous.get(download).status_code == 200


def test_the_office_can_hide_the_documents(
    plan, coordinator, anonymous, django_capture_on_commit_callbacks
):
    document = assessment.document_issue(
        actor=coordinator,
        plan=plan,
        kind=IssuedDocument.Kind.BULLETIN,
        doc_number="遂科督〔2026〕6号",
    )
    assessment.document_publish(actor=coordinator, document=document, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.public_page_save(actor=coordinator, plan=plan, enabled=True, show_documents=False)
    assert "遂科督〔2026〕6号" not in page(anonymous, plan).content.decode()
    assert anonymous.get(reverse("public:document", args=[document.pk])).status_code == 404
