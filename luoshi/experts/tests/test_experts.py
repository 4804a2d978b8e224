"""Search in Chinese (锂电 finds 锂电池), the draw with conflicts excluded, re-verification."""

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.experts import draw as drawing
from luoshi.experts import selectors, services
from luoshi.experts.models import Draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(org_admin, other_org_admin):
    """Six energy-materials experts: one works at the firm under review (org_admin's), one
    declared a relation with it, four are free."""
    firm = org_admin.org_membership.organisation
    university = other_org_admin.org_membership.organisation
    experts = {}
    experts["insider"] = services.expert_add(
        actor=None,
        name="张工",
        field_code="480.40",
        field_name="能源材料",
        organisation=firm,
        expertise="动力锂电池正极材料",
    )
    experts["related"] = services.expert_add(
        actor=None,
        name="李教授",
        field_code="480.40",
        field_name="能源材料",
        organisation=university,
        relations=[firm],
        expertise="储能电池",
    )
    for i, name in enumerate(["王研究员", "赵教授", "钱高工", "孙博士"]):
        experts[name] = services.expert_add(
            actor=None,
            name=name,
            field_code=f"480.4{i}",
            field_name="材料",
            organisation=university,
        )
    services.expert_add(actor=None, name="周医生", field_code="320.11", field_name="临床医学")
    return experts


def test_search_finds_lithium_batteries_from_a_partial_word(coordinator, pool):
    assert [e.name for e in selectors.experts(viewer=coordinator, q="锂电")] == ["张工"]
    assert [e.name for e in selectors.experts(viewer=coordinator, q="电池")] == ["张工", "李教授"]


def test_labs_are_found_by_partial_words_and_place(coordinator, lead_reporter):
    services.lab_add(
        actor=coordinator,
        name="遂宁市产品质量监督检验所",
        region_name="遂宁市船山区",
        accreditations=["CMA", "CNAS"],
        scope="锂电池安全性能检测、电子电器检测",
    )
    services.lab_add(
        actor=coordinator,
        name="潼南区检验检测中心",
        region_name="重庆市潼南区",
        accreditations=["CMA"],
        scope="食品检测、农产品检测",
    )
    assert [lab.name for lab in selectors.labs(viewer=lead_reporter, q="锂电")] == [
        "遂宁市产品质量监督检验所"
    ]
    assert [lab.name for lab in selectors.labs(viewer=lead_reporter, place="潼南")] == [
        "潼南区检验检测中心"
    ]
    assert [lab.name for lab in selectors.labs(viewer=lead_reporter, accreditation="CNAS")] == [
        "遂宁市产品质量监督检验所"
    ]


def test_a_draw_excludes_conflicts_and_can_be_reverified(coordinator, org_admin, pool):
    firm = org_admin.org_membership.organisation
    record = services.draw_experts(
        actor=coordinator,
        review_label="2026年揭榜挂帅项目评审",
        field_codes=["480"],
        count=3,
        exclude_organisation_ids=[firm.pk],
    )
    assert record.excluded == {
        str(pool["insider"].pk): "same_organisation",
        str(pool["related"].pk): "declared_relation",
    }
    assert len(record.chosen) == 3 and set(record.chosen) <= set(record.candidates)
    assert pool["insider"].pk not in record.chosen and pool["related"].pk not in record.chosen
    assert services.draw_verify(record)
    # The same seed and candidates give the same experts; a tampered record does not verify.
    assert drawing.choose(seed=record.seed, candidates=record.candidates, count=3) == record.chosen
    Draw.objects.filter(pk=record.pk).update(chosen=list(reversed(record.chosen)))
    record.refresh_from_db()
    assert not services.draw_verify(record)
    assert AuditEvent.objects.filter(model="experts.draw", verb="draw").count() == 1


def test_a_draw_with_too_few_eligible_experts_is_refused(coordinator, org_admin, pool):
    with pytest.raises(ValidationFailed):
        services.draw_experts(
            actor=coordinator,
            review_label="x",
            field_codes=["480"],
            count=5,
            exclude_organisation_ids=[org_admin.org_membership.organisation.pk],
        )
    assert not Draw.objects.exists()


@pytest.mark.parametrize("who", ["leader", "lead_reporter", "org_admin"])
def test_only_the_office_draws(request, who, pool):
    with pytest.raises(PermissionDenied):
        services.draw_experts(
            actor=request.getfixturevalue(who), review_label="x", field_codes=["480"], count=1
        )


def test_the_draw_page_names_the_excluded_expert(login, coordinator, org_admin, pool):
    client = login(coordinator)
    response = client.post(
        reverse("experts:draw_new"),
        {
            "review_label": "项目评审",
            "field_codes": "480",
            "count": "2",
            "exclude_organisations": [org_admin.org_membership.organisation.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "张工" in page and "李教授" in page and 'data-testid="draw-verified"' in page


@pytest.mark.parametrize(
    "who,experts_page,labs_page,draw_page",
    [
        ("coordinator", 200, 200, 200),
        ("leader", 200, 200, 404),
        ("lead_reporter", 404, 200, 404),
        ("org_admin", 404, 200, 404),
    ],
)
def test_who_sees_which_database(request, login, who, experts_page, labs_page, draw_page, units):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("experts:experts")).status_code == experts_page
    assert client.get(reverse("experts:labs")).status_code == labs_page
    assert client.get(reverse("experts:draw_new")).status_code == draw_page
