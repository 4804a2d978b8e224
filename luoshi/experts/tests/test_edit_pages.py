"""The office keeps the expert and laboratory databases from pages: add and edit experts and
labs, declare and withdraw an expert's relations (with an organisation or another expert),
every write audited; others get 404; bad input changes nothing. Related experts never sit on
one panel."""

import pytest
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import assert_constant_queries
from luoshi.experts import services
from luoshi.experts.models import Draw, Expert, Lab, Relation
from luoshi.org.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(coordinator):
    return services.expert_add(
        actor=coordinator,
        name="陈教授",
        field_code="480.40",
        field_name="能源材料",
        phone="13800000001",
        email="chen@example.cn",
    )


def test_the_office_adds_an_expert_from_the_page(login, coordinator, units):
    client = login(coordinator)
    chuanshan = Region.objects.get(name="船山区")
    response = client.post(
        reverse("experts:expert_new"),
        {
            "name": "刘研究员",
            "field_code": "480.20",
            "field_name": "材料科学",
            "region": chuanshan.pk,
            "phone": "13900000000",
            "email": "liu@example.cn",
            "is_active": "on",
        },
    )
    expert = Expert.objects.get(name="刘研究员")
    assert response.status_code == 302 and response["Location"].endswith(f"/{expert.pk}/")
    assert expert.region == chuanshan and expert.email == "liu@example.cn"
    assert AuditEvent.objects.filter(model="experts.expert", action="create").count() == 1


def test_a_bad_discipline_code_is_refused_and_nothing_is_saved(login, coordinator, units):
    response = login(coordinator).post(
        reverse("experts:expert_new"), {"name": "某人", "field_code": "ab", "field_name": "x"}
    )
    assert response.status_code == 200
    assert "430.25" in response.content.decode()
    assert not Expert.objects.exists()


def test_the_office_edits_an_expert_and_the_change_is_audited(login, coordinator, expert):
    client = login(coordinator)
    page = client.get(reverse("experts:expert_edit", args=[expert.pk])).content.decode()
    assert "13800000001" in page and "chen@example.cn" in page
    response = client.post(
        reverse("experts:expert_edit", args=[expert.pk]),
        {
            "name": "陈建国",
            "field_code": "480.40",
            "field_name": "能源材料",
            "region_name": "重庆市潼南区",
            "phone": "13800000002",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.name, expert.region, expert.region_name) == ("陈建国", None, "重庆市潼南区")
    assert expert.is_active is False  # the box was not ticked
    event = AuditEvent.objects.get(model="experts.expert", action="update")
    assert event.changes["name"] == ["陈教授", "陈建国"]


def test_relations_with_an_organisation_and_another_expert(login, coordinator, expert, org_admin):
    other = services.expert_add(
        actor=coordinator, name="何工", field_code="480.41", field_name="能源材料"
    )
    firm = org_admin.org_membership.organisation
    client = login(coordinator)
    url = reverse("experts:relation_declare", args=[expert.pk])
    assert client.post(url, {"organisation": firm.pk, "note": "曾任顾问"}).status_code == 302
    assert client.post(url, {"related_expert": other.pk, "note": "师生"}).status_code == 302
    # Neither or both named: refused, nothing added.
    assert client.post(url, {"note": "?"}).status_code == 400
    assert (
        client.post(url, {"organisation": firm.pk, "related_expert": other.pk}).status_code == 400
    )
    assert Relation.objects.count() == 2
    # The relation binds both experts: it shows on the other's page too.
    page = client.get(reverse("experts:expert_edit", args=[other.pk])).content.decode()
    assert "陈教授" in page and "师生" in page
    # Declaring it again from the other side keeps the one record.
    services.relation_declare(actor=coordinator, expert=other, related_expert=expert)
    assert Relation.objects.filter(related_expert__isnull=False).count() == 1
    relation = Relation.objects.get(organisation=firm)
    response = client.post(reverse("experts:relation_withdraw", args=[expert.pk, relation.pk]))
    assert response.status_code == 302 and Relation.objects.count() == 1
    verbs = set(AuditEvent.objects.filter(model="experts.relation").values_list("verb", flat=True))
    assert verbs == {"declare", "withdraw"}


def test_the_office_adds_and_edits_a_lab(login, coordinator, units):
    client = login(coordinator)
    response = client.post(
        reverse("experts:lab_new"),
        {"name": "潼南区检验检测中心", "region_name": "重庆市潼南区", "accreditations": ["CMA"]},
    )
    assert response.status_code == 302
    lab = Lab.objects.get()
    assert lab.region is None and lab.accreditations == ["CMA"]
    # No place at all: refused with the reason at the field.
    response = client.post(reverse("experts:lab_edit", args=[lab.pk]), {"name": "某中心"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    lab.refresh_from_db()
    assert lab.name == "潼南区检验检测中心"
    response = client.post(
        reverse("experts:lab_edit", args=[lab.pk]),
        {
            "name": "射洪检测中心",
            "region": Region.objects.get(name="射洪市").pk,
            "accreditations": ["CMA", "CNAS"],
        },
    )
    lab.refresh_from_db()
    assert (lab.name, lab.region.name, lab.accreditations) == (
        "射洪检测中心",
        "射洪市",
        ["CMA", "CNAS"],
    )
    assert AuditEvent.objects.filter(model="experts.lab").count() == 2


@pytest.mark.parametrize("who", ["leader", "lead_reporter", "org_admin", "outsider"])
def test_only_the_office_reaches_the_edit_pages(request, login, who, expert, coordinator):
    lab = services.lab_add(actor=coordinator, name="检验所", region_name="船山区")
    client = login(request.getfixturevalue(who))
    for url in (
        reverse("experts:expert_new"),
        reverse("experts:expert_edit", args=[expert.pk]),
        reverse("experts:lab_new"),
        reverse("experts:lab_edit", args=[lab.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("experts:relation_declare", args=[expert.pk]), {"related_expert": expert.pk}
    )
    assert response.status_code == 404
    assert not Relation.objects.exists()


def test_the_leader_reads_the_list_without_contacts(login, leader, expert):
    page = login(leader).get(reverse("experts:experts")).content.decode()
    assert "陈教授" in page and "13800000001" not in page
    assert reverse("experts:expert_edit", args=[expert.pk]) not in page


def test_related_experts_are_never_drawn_together(coordinator):
    a = services.expert_add(actor=None, name="甲", field_code="480.40", field_name="材料")
    b = services.expert_add(actor=None, name="乙", field_code="480.40", field_name="材料")
    services.expert_add(actor=None, name="丙", field_code="480.40", field_name="材料")
    services.relation_declare(actor=coordinator, expert=a, related_expert=b)
    for seed in [f"seed-{i}" for i in range(30)]:
        record = services.draw_experts(
            actor=coordinator, review_label="评审", field_codes=["480"], count=2, seed=seed
        )
        assert not {a.pk, b.pk} <= set(record.chosen)
        assert record.conflict_pairs == [sorted([a.pk, b.pk])]
        assert services.draw_verify(record)
    # Three candidates, two of them related: a panel of three cannot be drawn.
    with pytest.raises(ValidationFailed) as refused:
        services.draw_experts(actor=coordinator, review_label="评审", field_codes=["480"], count=3)
    assert "2" in str(refused.value)
    assert Draw.objects.count() == 30


def test_the_list_pages_keep_their_query_count(login, coordinator, units):
    client = login(coordinator)

    def grow():
        for i in range(20):
            services.expert_add(
                actor=None,
                name=f"专家{i}",
                field_code="480.40",
                field_name="材料",
                region_name="船山区",
            )
            services.lab_add(actor=None, name=f"检验所{i}", region_name="重庆市潼南区")

    services.expert_add(actor=None, name="首位", field_code="480.40", field_name="材料")
    services.lab_add(actor=None, name="首家", region_name="船山区")
    assert_constant_queries(lambda: client.get(reverse("experts:experts")), lambda: None)
    assert_constant_queries(
        lambda: (client.get(reverse("experts:experts")), client.get(reverse("experts:labs"))), grow
    )
