"""Role × action for the registry: the office manages; counties and parks see and comment on
their own firms; leaders read everything of their city; other units and other cities see
nothing."""

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied
from luoshi.enterprises import permissions, services
from luoshi.enterprises.testing import credit_code

pytestmark = pytest.mark.django_db

PEOPLE = [
    "admin_user",
    "coordinator",
    "leader",
    "county_reporter",
    "park_reporter",
    "outsider",
    "other_office",
]
MANAGES = {"admin_user", "coordinator"}
# who sees the 船山区 firm in 高新区, the 蓬溪县 firm outside any park
SEES_CHUANSHAN_PARK = {"admin_user", "coordinator", "leader", "county_reporter", "park_reporter"}
SEES_PENGXI = {"admin_user", "coordinator", "leader"}


@pytest.fixture
def people(request, elsewhere):
    out = {}
    for name in PEOPLE:
        out[name] = elsewhere["office"] if name == "other_office" else request.getfixturevalue(name)
    return out


@pytest.fixture
def two_firms(coordinator):
    a = services.enterprise_save(
        actor=coordinator,
        credit_code=credit_code("510903", 1),
        name="甲",
        address="遂宁高新技术产业园区创新路1号",
    )
    b = services.enterprise_save(actor=coordinator, credit_code=credit_code("510921", 2), name="乙")
    return a, b


@pytest.mark.parametrize("who", PEOPLE)
def test_who_sees_which_firm(who, people, two_firms):
    user = people[who]
    a, b = two_firms
    visible = set(permissions.enterprises_visible_to(user).values_list("name", flat=True))
    assert ("甲" in visible) == (who in SEES_CHUANSHAN_PARK)
    assert ("乙" in visible) == (who in SEES_PENGXI)


@pytest.mark.parametrize("who", PEOPLE)
def test_detail_page_answers_404_alike_for_hidden_and_missing(who, people, two_firms, login):
    client = login(people[who])
    a, b = two_firms
    assert client.get(reverse("enterprises:detail", args=[b.pk])).status_code == (
        200 if who in SEES_PENGXI else 404
    )
    assert client.get(reverse("enterprises:detail", args=[99999])).status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_office_imports_and_keeps_the_pool(who, people, login, two_firms):
    # Another city's office imports its own lists, but keeps no pool of Suining's firms.
    offices = MANAGES | {"other_office"}
    client = login(people[who])
    assert client.get(reverse("enterprises:import")).status_code == (200 if who in offices else 403)
    assert permissions.can_manage(people[who]) == (who in offices)
    if who not in MANAGES:
        with pytest.raises(PermissionDenied):
            services.candidate_add(actor=people[who], enterprise=two_firms[0], year=2025)


@pytest.mark.parametrize("who", PEOPLE)
def test_counties_parks_and_the_office_comment_on_their_firms(who, people, two_firms):
    a, _b = two_firms
    may = who in SEES_CHUANSHAN_PARK - {"leader"}
    if may:
        services.comment_add(actor=people[who], enterprise=a, text="已走访")
        assert a.comments.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=people[who], enterprise=a, text="x")


@pytest.mark.parametrize("who", PEOPLE)
def test_every_role_opens_the_list_and_the_pipeline(who, people, login, two_firms):
    client = login(people[who])
    page = client.get(reverse("enterprises:list"))
    assert page.status_code == 200
    assert ("甲" in page.content.decode()) == (who in SEES_CHUANSHAN_PARK)
    assert client.get(reverse("enterprises:pipeline")).status_code == 200


def test_the_office_attributes_a_firm_by_hand(coordinator, two_firms, directory):
    from luoshi.org.models import Region

    _a, b = two_firms
    park = Region.objects.get(name="遂宁经济技术开发区")
    services.enterprise_attribute(actor=coordinator, enterprise=b, county=b.county, park=park)
    b.refresh_from_db()
    assert b.park == park and b.attribution == "manual"
