import pytest
from django.urls import reverse

from luoshi.assessment import services
from luoshi.assessment.selectors import scheme as reads

pytestmark = pytest.mark.django_db


def test_pages_render(plan, reported, year, due_after, coordinator, leader, login, county_reporter):
    scheme = services.scheme_create(actor=coordinator, plan=plan, year=year)
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    assert page["lines"]
    client = login(coordinator)
    for url in [
        reverse("assessment:home") + f"?plan={plan.pk}&year={year}",
        reverse("assessment:scheme", args=[scheme.pk]),
        reverse("assessment:scheme_rules", args=[scheme.pk]),
        reverse("assessment:documents", args=[plan.pk]),
        reverse("assessment:evaluation", args=[plan.pk]),
        reverse("assessment:result_docx", args=[scheme.pk]),
        reverse("assessment:draft_docx", args=[plan.pk, "bulletin"]),
    ]:
        r = client.get(url, follow=True)
        assert r.status_code == 200, url
