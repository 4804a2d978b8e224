"""Role × action for projects and challenges, and the pages walked with the test client."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.projects import permissions, services
from luoshi.projects.models import Application, Challenge
from luoshi.projects.tests.conftest import FIELDS, submit

pytestmark = pytest.mark.django_db

WHO = [
    "admin",
    "office",
    "leader",
    "reporter",
    "applicant",
    "university",
    "other_city",
    "talent_office",
]
MATRIX = {
    "home": {"admin", "office", "leader", "applicant", "university", "talent_office"},
    "read_call": {"admin", "office", "leader", "applicant", "university"},
    "apply": {"applicant", "university"},
    "manage": {"admin", "office"},
    "read_application_sheet": {"admin", "office", "leader"},
    "draft_challenge": {"admin", "office", "applicant"},
    "bid": {"university"},
    "see_bids": {"admin", "office", "leader", "applicant"},
}


@pytest.fixture
def people(personas, elsewhere, applicant_person, university_person, units):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.core.testing import PASSWORD

    talent = accounts.user_create(
        actor=None,
        username="t-rcb",
        password=PASSWORD,
        unit=units["rcb"],
        role=Role.COORDINATOR,
        full_name="t-rcb",
        validate=False,
    )
    return {
        "admin": personas["admin"],
        "office": personas["coordinator"],
        "leader": personas["leader"],
        "reporter": personas["lead_reporter"],
        "applicant": applicant_person,
        "university": university_person,
        "other_city": elsewhere["leader"],
        "talent_office": talent,
    }


@pytest.fixture
def challenge(coordinator, applicant):
    challenge = services.challenge_create(
        actor=coordinator,
        publisher=applicant,
        title="挑战",
        goal="目标",
        indicators={"寿命": 2000},
        budget=5_000_000,
        deadline=dt.date(2099, 1, 1),
    )
    return services.challenge_publish(actor=coordinator, challenge=challenge)


def allowed(action, user, call, challenge, client):
    ok = lambda url: client.get(url).status_code == 200  # noqa: E731
    if action == "home":
        return ok(reverse("projects:home"))
    if action == "read_call":
        return ok(reverse("projects:call", args=[call.pk]))
    if action == "apply":
        return permissions.can_apply(user, call)
    if action == "manage":
        return permissions.is_office(user)
    if action == "read_application_sheet":
        return (
            client.get(reverse("projects:call", args=[call.pk])).context.get("read_all", False)
            if ok(reverse("projects:call", args=[call.pk]))
            else False
        )
    if action == "draft_challenge":
        return ok(reverse("projects:challenge_new"))
    if action == "bid":
        return permissions.can_bid(user, challenge)
    if action == "see_bids":
        return ok(reverse("projects:challenge", args=[challenge.pk])) and permissions.can_see_bids(
            user, challenge
        )
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(action, people, call, challenge, client):
    got = set()
    for name in WHO:
        client.force_login(people[name], backend="django.contrib.auth.backends.ModelBackend")
        if allowed(action, people[name], call, challenge, client):
            got.add(name)
    assert got == MATRIX[action]


def test_the_application_page_shows_the_profile_and_prefills_what_was_given(
    applicant_person, applicant, call, client
):
    submit(applicant_person, call, leader_name="刘总工", team="研发部8人")
    client.force_login(applicant_person, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("projects:apply", args=[call.pk]))
    html = page.content.decode()
    assert applicant.credit_code in html and "船山区" in html
    form = page.context["form"]
    assert form.initial["leader_name"] == "刘总工" and form.initial["team"] == "研发部8人"
    assert "credit_code" not in form.fields and "name" not in form.fields


def test_the_office_runs_the_call_through_the_pages(coordinator, applicant_person, call, client):
    app = submit(applicant_person, call)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")

    def post(name, action, **data):
        return client.post(reverse(name, args=[call.pk, action]) if action else name, data)  # noqa: E731

    post("projects:call_action", "close")
    client.post(reverse("projects:formal", args=[app.pk]), {"ok": "1"})
    post("projects:call_action", "draw", field_codes=FIELDS)
    call.refresh_from_db()
    sheet = {f"s-{app.pk}-{e.pk}": "80" for e in call.panel.experts.all()}
    post("projects:call_action", "scores", **sheet)
    page = client.get(reverse("projects:call", args=[call.pk]))
    assert "80.00" in page.content.decode()
    post("projects:call_action", "publish")
    app.refresh_from_db()
    assert app.state == Application.State.APPROVED


def test_a_score_sheet_with_a_hostile_value_changes_nothing(
    coordinator, applicant_person, call, client
):
    app = submit(applicant_person, call)
    services.call_close(actor=coordinator, call=call)
    services.formal_review(actor=coordinator, application=app, ok=True)
    panel = services.panel_draw(actor=coordinator, call=call, field_codes=FIELDS)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    expert = panel.experts.first()
    response = client.post(
        reverse("projects:call_action", args=[call.pk, "scores"]),
        {f"s-{app.pk}-{expert.pk}": "1e999"},
        follow=True,
    )
    assert response.status_code == 200
    assert not expert.scores.exists()


def test_the_team_takes_the_challenge_through_the_page(university_person, challenge, client):
    client.force_login(university_person, backend="django.contrib.auth.backends.ModelBackend")
    client.post(
        reverse("projects:challenge_action", args=[challenge.pk, "bid"]),
        {"plan": "方案", "price": "3000000", "leader_name": "王教授"},
    )
    assert challenge.bids.count() == 1
    assert Challenge.objects.get().state == "published"


def test_lists_cost_the_same_queries_for_one_row_and_many(
    coordinator, applicant_person, call, client
):
    from luoshi.core.testing import assert_constant_queries

    submit(applicant_person, call)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")

    def grow():
        for i in range(12):
            submit(applicant_person, call, title=f"项目{i}")

    assert_constant_queries(lambda: client.get(reverse("projects:home")), grow)
    assert_constant_queries(
        lambda: client.get(reverse("projects:call", args=[call.pk])),
        lambda: submit(applicant_person, call, title="再一个"),
    )


def _scored_call(coordinator, person, n, title):
    call = services.call_create(
        actor=coordinator,
        title=title,
        year=2025,
        guide="",
        categories=["重点研发"],
        budget=10_000_000,
        max_request=500_000,
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
        org_kinds=["enterprise"],
    )
    services.call_open(actor=coordinator, call=call)
    apps = [submit(person, call, title=f"{title}{i}", requested=10_000) for i in range(n)]
    services.call_close(actor=coordinator, call=call)
    for app in apps:
        services.formal_review(actor=coordinator, application=app, ok=True)
    panel = services.panel_draw(actor=coordinator, call=call, field_codes=FIELDS, seed="q")
    experts = list(panel.experts.all())
    services.scores_save(
        actor=coordinator,
        panel=panel,
        sheet={(a.pk, e.pk): 60 + (a.pk * 7 + e.pk) % 40 for a in apps for e in experts},
    )
    return call


def test_the_review_sheet_of_200_applications_by_7_experts_costs_what_one_costs(
    coordinator, applicant_person, client
):
    from luoshi.core.testing import query_count

    small = _scored_call(coordinator, applicant_person, 1, "小")
    large = _scored_call(coordinator, applicant_person, 200, "大")
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("projects:call", args=[small.pk]))  # warm the session
    one, _ = query_count(lambda: client.get(reverse("projects:call", args=[small.pk])))
    many, sql = query_count(lambda: client.get(reverse("projects:call", args=[large.pk])))
    assert one == many, "\n".join(sql)
    page = client.get(reverse("projects:call", args=[large.pk]))
    assert len(page.context["sheet"]["rows"]) == 200
    assert len(page.context["sheet"]["experts"]) == 7
