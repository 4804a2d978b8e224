"""A call from publication to closing, through the services; challenges from publication to
acceptance."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.projects import profile, selectors, services
from luoshi.projects.models import Application, Call, Challenge, Project
from luoshi.projects.tests.conftest import FIELDS, OPEN_DAY, submit

pytestmark = pytest.mark.django_db


def _to_review(coordinator, call, applications):
    services.call_close(actor=coordinator, call=call)
    for app in applications:
        services.formal_review(actor=coordinator, application=app, ok=True)
    return services.panel_draw(actor=coordinator, call=call, field_codes=FIELDS, seed="fixed")


def _score_all(coordinator, panel, scores_by_app):
    experts = list(panel.experts.all())
    sheet = {
        (app.pk, e.pk): score
        for app, scores in scores_by_app.items()
        for e, score in zip(experts, scores, strict=False)
    }
    services.scores_save(actor=coordinator, panel=panel, sheet=sheet)


def test_a_call_runs_from_applications_to_a_closed_project(
    coordinator, applicant_person, university_person, call
):
    a = submit(applicant_person, call)
    b = submit(university_person, call, title="硅基负极", requested=500_000)
    c = submit(applicant_person, call, title="低分项目", requested=100_000)
    assert a.profile["credit_code"] == applicant_person.org_membership.organisation.credit_code
    assert a.profile["region"] == "船山区"
    panel = _to_review(coordinator, call, [a, b, c])
    assert panel.experts.count() == 7
    assert "本单位专家" in panel.draw_record["excluded_for_conflict"]
    _score_all(
        coordinator,
        panel,
        {
            a: [80, 82, 78, 81, 79, 40, 85],
            b: [90, 88, 92, 91, 89, 90, 90],
            c: [50, 55, 52, 51, 50, 53, 54],
        },
    )
    sheet = selectors.call_page(viewer=coordinator, call=call)["sheet"]
    row_a = next(r for r in sheet["rows"] if r.item.pk == a.pk)
    assert row_a.aggregate.score == Decimal("80.00") and len(row_a.outlier_experts) == 1
    services.call_publish_list(actor=coordinator, call=call, today=dt.date(2025, 6, 1))
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.state, b.state, c.state) == ("approved", "approved", "not_approved")
    with pytest.raises(ValidationFailed):
        services.call_decide(actor=coordinator, call=call, today=dt.date(2025, 6, 3))
    services.call_decide(actor=coordinator, call=call, today=dt.date(2025, 6, 8))
    project = services.contract_sign(
        actor=coordinator,
        application=a,
        starts_on=dt.date(2025, 7, 1),
        ends_on=dt.date(2027, 6, 30),
        targets={"发明专利申请": 3, "新增销售收入(万元)": 500},
        tranches=[("签约", 50), ("中期", 30), ("验收", 20)],
    )
    assert [t.amount for t in project.tranches.all()] == [
        Decimal(150_000),
        Decimal(90_000),
        Decimal(60_000),
    ]
    services.tranche_pay(
        actor=coordinator, tranche=project.tranches.first(), on=dt.date(2025, 7, 10)
    )
    services.acceptance(
        actor=coordinator, project=project, stage="mid", achieved={"发明专利申请": 1}
    )
    assert project.state == Project.State.MID_PASSED
    services.acceptance(
        actor=coordinator,
        project=project,
        stage="final",
        achieved={"发明专利申请": 3, "新增销售收入(万元)": 600},
    )
    assert project.state == Project.State.ACCEPTED


def test_a_failed_project_that_followed_the_rules_closes_as_tolerated(
    coordinator, applicant_person, call
):
    project = _signed(coordinator, applicant_person, call)
    achieved = {"发明专利申请": 1}
    with pytest.raises(ValidationFailed):
        services.acceptance(
            actor=coordinator,
            project=project,
            stage="final",
            achieved=achieved,
            tolerate=True,
            tolerance_reason="tech_route",
            conditions=["procedures", "funds"],
            note="技术路线不可行",
        )
    services.acceptance(
        actor=coordinator,
        project=project,
        stage="final",
        achieved=achieved,
        tolerate=True,
        tolerance_reason="tech_route",
        conditions=["procedures", "funds", "integrity"],
        note="技术路线不可行",
    )
    assert project.state == Project.State.TOLERATED and project.tolerance_reason == "tech_route"


def test_a_failed_project_without_tolerance_is_failed(coordinator, applicant_person, call):
    project = _signed(coordinator, applicant_person, call)
    services.acceptance(
        actor=coordinator, project=project, stage="final", achieved={"发明专利申请": 0}
    )
    assert project.state == Project.State.FAILED


def _signed(coordinator, applicant_person, call):
    a = submit(applicant_person, call)
    panel = _to_review(coordinator, call, [a])
    _score_all(coordinator, panel, {a: [80] * 7})
    services.call_publish_list(actor=coordinator, call=call, today=dt.date(2025, 6, 1))
    services.call_decide(actor=coordinator, call=call, today=dt.date(2025, 6, 8))
    a.refresh_from_db()
    return services.contract_sign(
        actor=coordinator,
        application=a,
        starts_on=dt.date(2025, 7, 1),
        ends_on=dt.date(2027, 6, 30),
        targets={"发明专利申请": 3},
        tranches=[("签约", 100)],
    )


def test_an_incomplete_or_ineligible_application_is_refused_before_submission(
    coordinator, applicant_person, call
):
    with pytest.raises(ValidationFailed) as exc:
        submit(applicant_person, call, title="", summary="")
    assert {"title", "summary"} <= set(exc.value.errors)
    with pytest.raises(ValidationFailed):
        submit(applicant_person, call, requested=600_000)
    with pytest.raises(ValidationFailed):
        submit(applicant_person, call, today=dt.date(2025, 5, 2))
    assert not Application.objects.exists()


def test_a_call_for_high_tech_enterprises_refuses_a_firm_without_the_qualification(
    coordinator, applicant_person
):
    call = services.call_create(
        actor=coordinator,
        title="高企专项",
        year=2025,
        guide="",
        categories=["重点研发"],
        budget=1_000_000,
        max_request=500_000,
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
        org_kinds=["enterprise"],
        accepted_kinds=["high_tech"],
    )
    services.call_open(actor=coordinator, call=call)
    with pytest.raises(ValidationFailed) as exc:
        submit(applicant_person, call)
    assert "declared_kinds" in exc.value.errors
    assert submit(applicant_person, call, declared_kinds=["high_tech"]).profile[
        "qualifications"
    ] == ["high_tech"]


def test_the_second_application_asks_nothing_the_organisation_has_given_before(
    applicant_person, applicant, call
):
    """The form holds only the project's own fields; the profile is taken from the account
    and what the organisation gave last time is offered again."""
    from luoshi.projects.forms import ApplicationForm

    submit(applicant_person, call, declared_kinds=["tech_sme"])
    known = profile.profile_of(applicant, on=OPEN_DAY)
    remembered = profile.remembered(applicant)
    form = ApplicationForm(call=call, initial=remembered)
    asked = set(form.fields)
    assert not asked & set(known), "the form asks for something the profile holds"
    given_before = {"leader_name", "leader_phone", "team", "declared_kinds"}
    empty = {name for name in asked if not form.initial.get(name)}
    assert not empty & given_before, f"asked again: {empty & given_before}"
    assert empty == {"category", "title", "summary", "requested", "matching"}


def test_scores_out_of_range_are_refused_and_nothing_is_saved(coordinator, applicant_person, call):
    a = submit(applicant_person, call)
    panel = _to_review(coordinator, call, [a])
    expert = panel.experts.first()
    for bad in ("101", "-1", "abc", "NaN"):
        with pytest.raises(ValidationFailed):
            services.scores_save(actor=coordinator, panel=panel, sheet={(a.pk, expert.pk): bad})
    assert not expert.scores.exists()


def test_only_the_office_reviews(applicant_person, university_person, call, leader):
    a = submit(applicant_person, call)
    for who in (applicant_person, university_person, leader):
        with pytest.raises(PermissionDenied):
            services.formal_review(actor=who, application=a, ok=True)


def test_a_challenge_is_published_taken_signed_paid_and_accepted_by_its_indicators(
    coordinator, applicant, applicant_person, university_person
):
    challenge = services.challenge_create(
        actor=applicant_person,
        title="高镍正极材料循环寿命提升",
        goal="循环寿命≥2000次",
        indicators={"循环寿命(次)": 2000, "能量密度(Wh/kg)": 280},
        budget=5_000_000,
        deadline=dt.date(2025, 8, 31),
        org_kinds=["university", "institute"],
    )
    assert challenge.publisher == applicant
    with pytest.raises(PermissionDenied):
        services.challenge_publish(actor=applicant_person, challenge=challenge)
    services.challenge_publish(actor=coordinator, challenge=challenge)
    with pytest.raises(PermissionDenied):  # the publisher does not take its own challenge
        services.bid_submit(
            actor=applicant_person, challenge=challenge, plan="x", price=1, leader_name="x"
        )
    bid = services.bid_submit(
        actor=university_person,
        challenge=challenge,
        plan="掺杂包覆",
        price=4_000_000,
        leader_name="王教授",
        today=dt.date(2025, 8, 1),
    )
    services.challenge_close(actor=coordinator, challenge=challenge)
    panel = services.panel_draw(
        actor=coordinator, challenge=challenge, field_codes=FIELDS, seed="s"
    )
    assert panel.experts.count() == 5
    services.scores_save(
        actor=coordinator, panel=panel, sheet={(bid.pk, e.pk): 85 for e in panel.experts.all()}
    )
    services.challenge_sign(
        actor=coordinator,
        challenge=challenge,
        bid=bid,
        contract_amount=4_000_000,
        milestones=[("签约", 30), ("中试", 40), ("验收", 30)],
        on=dt.date(2025, 9, 15),
        defence_note="答辩通过",
    )
    assert challenge.city_funding == Decimal(1_600_000)
    assert sum(t.amount for t in challenge.milestones.all()) == Decimal(1_600_000)
    services.tranche_pay(
        actor=coordinator, tranche=challenge.milestones.first(), on=dt.date(2025, 9, 20)
    )
    services.challenge_accept(
        actor=coordinator,
        challenge=challenge,
        achieved={"循环寿命(次)": 2100, "能量密度(Wh/kg)": 285},
    )
    assert challenge.state == Challenge.State.ACCEPTED


def test_the_challenge_funding_cap_applies_and_is_configurable(
    coordinator, applicant, university_person
):
    challenge = services.challenge_create(
        actor=coordinator,
        publisher=applicant,
        title="t",
        goal="g",
        indicators={"x": 1},
        budget=9_000_000,
        deadline=dt.date(2025, 8, 31),
        funding_rate=30,
        funding_cap=1_000_000,
    )
    services.challenge_publish(actor=coordinator, challenge=challenge)
    bid = services.bid_submit(
        actor=university_person,
        challenge=challenge,
        plan="p",
        price=8_000_000,
        leader_name="l",
        today=dt.date(2025, 8, 1),
    )
    services.challenge_close(actor=coordinator, challenge=challenge)
    services.challenge_sign(
        actor=coordinator,
        challenge=challenge,
        bid=bid,
        contract_amount=8_000_000,
        milestones=[("全部", 100)],
        on=dt.date(2025, 9, 1),
    )
    assert challenge.city_funding == Decimal(1_000_000)
    services.challenge_accept(actor=coordinator, challenge=challenge, achieved={"x": 0})
    assert challenge.state == Challenge.State.FAILED


def test_a_draw_is_reproducible_from_its_record(coordinator, applicant_person, call):
    from luoshi.experts.models import Draw
    from luoshi.experts.services import draw_verify

    a = submit(applicant_person, call)
    panel = _to_review(coordinator, call, [a])
    draw = Draw.objects.get(pk=panel.draw_record["draw_id"])
    assert draw_verify(draw)
    assert [str(pk) for pk in draw.chosen] == [e.ref for e in panel.experts.all()]
    assert Call.objects.get().state == "review"


def test_city_funding_contracted_feeds_the_plan_by_county(coordinator, applicant_person, call):
    from luoshi.indicators import computations
    from luoshi.org.models import Region

    _signed(coordinator, applicant_person, call)
    county = Region.objects.get(name="船山区")
    figures = computations.get("st_projects_city_funding").values(
        [county.pk, county.parent_id], [2025]
    )
    assert figures[(county.pk, 2025)].value == Decimal("30.00")
    assert figures[(county.parent_id, 2025)].value == Decimal("30.00")
