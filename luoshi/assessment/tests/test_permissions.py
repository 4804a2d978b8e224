"""Role × action matrices for every action of the assessment, the documents, the end of the
plan and the public page's settings. Personas (conftest.py): 市科技局 runs the office;
市发展改革委 (fgw) and 市经济和信息化局 (jxj) are assessed departments; 船山区 (county) is
involved in tasks 2–4; 市司法局 (outsider) is responsible for nothing; 南充市's office and
leader (elsewhere) belong to another city."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.assessment import permissions, services
from luoshi.assessment.models import IssuedDocument, Scheme
from luoshi.core.errors import LuoshiError, PermissionDenied

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "county_reporter",
    "outsider",
]
OFFICE = {"admin", "coordinator"}
READERS = OFFICE | {"leader"}
ASSESSED = {"lead_reporter", "lead_approver", "coop_reporter", "county_reporter"}


@pytest.fixture
def everyone(personas, elsewhere):
    return {
        **personas,
        "other_office": elsewhere["office"],
        "other_leader": elsewhere["leader"],
    }


ALL = PERSONAS + ["other_office", "other_leader"]


@pytest.fixture
def draft(plan, reported, year, coordinator):
    return services.scheme_create(actor=coordinator, plan=plan, year=year)


@pytest.fixture
def review(draft, coordinator, due_after):
    return services.scheme_publish(actor=coordinator, scheme=draft, today=due_after)


@pytest.fixture
def final(review, coordinator):
    return services.scheme_lock(actor=coordinator, scheme=review)


@pytest.mark.parametrize("who", ALL)
def test_managing_the_assessment_is_the_plans_office_alone(who, everyone, plan):
    assert permissions.can_manage(everyone[who], plan) is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_a_draft_is_read_by_the_office_and_leaders_only(who, everyone, draft):
    assert permissions.can_view_scheme(everyone[who], draft) is (who in READERS)


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("state", ["draft", "review", "final"])
def test_the_list_of_schemes_offers_exactly_the_schemes_the_viewer_may_open(
    who, state, everyone, request
):
    """A link on the assessment page never leads to a 404 (the crawler found one)."""
    scheme = request.getfixturevalue(state)
    user = everyone[who]
    listed = permissions.schemes_visible_to(user).filter(pk=scheme.pk).exists()
    assert listed is permissions.can_view_scheme(user, scheme)


@pytest.mark.parametrize("who", ALL)
def test_under_review_each_unit_reads_its_own_line(who, everyone, review, units):
    user = everyone[who]
    own = getattr(user, "unit_id", None)
    readable = {
        u
        for u in (units["fgw"].pk, units["jxj"].pk, units["chuanshan"].pk)
        if permissions.can_view_scheme(user, review) and permissions.can_view_line(user, review, u)
    }
    if who in READERS:
        assert readable == {units["fgw"].pk, units["jxj"].pk, units["chuanshan"].pk}
    elif who in ASSESSED:
        assert readable == {own}
    else:
        assert readable == set()


@pytest.mark.parametrize("who", ALL)
def test_the_page_shows_the_lines_the_viewer_may_read(who, everyone, review, login, units):
    response = login(everyone[who]).get(reverse("assessment:scheme", args=[review.pk]))
    if who in READERS | ASSESSED:
        assert response.status_code == 200
        names = {ln.unit_name for ln in response.context["lines"]}
        if who in READERS:
            assert {"市发展改革委", "市经济和信息化局"} <= names
        else:
            assert names <= {str(everyone[who].unit)}
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ALL)
def test_once_final_every_unit_of_the_plan_reads_the_ranking(who, everyone, final, units):
    user = everyone[who]
    assert (
        permissions.can_view_scheme(user, final)
        and permissions.can_view_line(user, final, units["fgw"].pk)
    ) is (who in READERS | ASSESSED | {"outsider"})


@pytest.mark.parametrize("who", ALL)
def test_only_an_assessed_units_people_object_while_under_review(who, everyone, review, due_after):
    try:
        services.objection_file(actor=everyone[who], scheme=review, text="异议", today=due_after)
    except LuoshiError:
        allowed = False
    else:
        allowed = True
    assert allowed is (who in ASSESSED)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_acts_on_a_scheme(who, everyone, draft, due_after, units):
    user = everyone[who]
    actions = [
        lambda: services.scheme_update(actor=user, scheme=draft, notice_deduction="3"),
        lambda: services.adjustment_add(
            actor=user,
            scheme=draft,
            unit=units["fgw"],
            kind="bonus",
            points="1",
            reason="r",
            evidence_text="e",
        ),
        lambda: services.scheme_publish(actor=user, scheme=draft, today=due_after),
    ]
    for action in actions:
        if who in OFFICE:
            action()
        else:
            with pytest.raises(PermissionDenied):
                action()
    draft.refresh_from_db()
    assert (draft.state == Scheme.State.REVIEW) is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_documents_are_read_by_the_office_and_leaders_and_issued_by_the_office(
    who, everyone, plan, login, draft
):
    user = everyone[who]
    assert permissions.can_read_documents(user, plan) is (who in READERS)
    assert permissions.can_issue(user, plan) is (who in OFFICE)
    assert permissions.can_publish(user, plan) is (who in OFFICE)
    response = login(user).get(reverse("assessment:draft_docx", args=[plan.pk, "bulletin"]))
    assert response.status_code == (200 if who in READERS else 404)
    try:
        services.document_issue(
            actor=user, plan=plan, kind=IssuedDocument.Kind.BULLETIN, doc_number="遂科督〔2026〕9号"
        )
    except PermissionDenied:
        issued = False
    else:
        issued = True
    assert issued is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_the_final_evaluation_is_run_by_the_office_and_read_by_leaders(
    who, everyone, plan, login, monkeypatch
):
    user = everyone[who]
    assert permissions.can_evaluate(user, plan) is (who in OFFICE)
    assert permissions.can_view_evaluation(user, plan) is (who in READERS)
    response = login(user).get(reverse("assessment:evaluation", args=[plan.pk]))
    assert response.status_code == (200 if who in READERS else 404)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_starts_the_evaluation_closes_rounds_and_links_a_successor(
    who, everyone, plan, goal_2025, cycle
):
    from luoshi.assessment.models import FinalEvaluation

    user = everyone[who]
    today = dt.date(2026, 3, 1)
    for action in (
        lambda: services.evaluation_start(actor=user, plan=plan, today=today),
        lambda: services.rounds_close(actor=user, plan=plan, today=today),
    ):
        if who in OFFICE:
            action()
        else:
            with pytest.raises(PermissionDenied):
                action()
    assert FinalEvaluation.objects.filter(plan=plan).exists() is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_decides_the_public_page(who, everyone, plan, login):
    response = login(everyone[who]).post(
        reverse("public:settings", args=[plan.pk]), {"enabled": "on"}
    )
    from luoshi.public.models import PublicPage

    assert PublicPage.objects.filter(plan=plan, enabled=True).exists() is (who in OFFICE)
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_answers_objections_recomputes_and_locks(
    who, everyone, review, due_after, coop_reporter
):
    objection = services.objection_file(
        actor=coop_reporter, scheme=review, text="请核对", today=due_after
    )
    user = everyone[who]
    for action in (
        lambda: services.scheme_recompute(actor=user, scheme=review, today=due_after),
        lambda: services.objection_answer(
            actor=user, objection=objection, upheld=False, answer="无误"
        ),
        lambda: services.scheme_lock(actor=user, scheme=review),
    ):
        if who in OFFICE:
            action()
        else:
            with pytest.raises(PermissionDenied):
                action()
    review.refresh_from_db()
    assert review.locked is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_links_a_successor_and_publishes_documents(
    who, everyone, plan, tasks, goal_2025, coordinator
):
    from luoshi.plans.models import Plan

    evaluation = services.evaluation_start(actor=coordinator, plan=plan, today=dt.date(2026, 3, 1))
    for task in tasks.values():
        services.evaluation_item_save(
            actor=coordinator, item=evaluation.items.get(task=task), result="continuing"
        )
    services.evaluation_summary_save(actor=coordinator, evaluation=evaluation, summary="总体")
    services.evaluation_finalise(actor=coordinator, evaluation=evaluation)
    document = services.document_issue(
        actor=coordinator, plan=plan, kind=IssuedDocument.Kind.FINAL, doc_number="遂科评〔2026〕1号"
    )
    user = everyone[who]
    for action in (
        lambda: services.successor_link(actor=user, evaluation=evaluation, title="接续方案"),
        lambda: services.document_publish(actor=user, document=document, published=True),
    ):
        if who in OFFICE:
            action()
        else:
            with pytest.raises(PermissionDenied):
                action()
    assert Plan.objects.filter(title="接续方案").exists() is (who in OFFICE)
    document.refresh_from_db()
    assert document.published is (who in OFFICE)


@pytest.mark.parametrize("who", ALL)
def test_only_the_office_of_the_plans_region_breaks_targets_down(who, everyone, goal_2025, units):
    from decimal import Decimal

    from luoshi.indicators import services as indicators
    from luoshi.indicators.models import YearlyTarget

    entry = indicators.YearlyTargetInput(
        goal=goal_2025, region=units["chuanshan"].place, year=2025, value=Decimal("60")
    )
    try:
        indicators.yearly_targets_save(actor=everyone[who], entries=[entry])
    except PermissionDenied:
        pass
    assert YearlyTarget.objects.exists() is (who in OFFICE)
