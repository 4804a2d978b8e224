"""A year's assessment from rules to locked result, through the services: the draft is
computed live, review freezes it, units object and the office answers, the lock keeps it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.assessment import services
from luoshi.assessment.models import Group, Measure, Objection, Result, Scheme
from luoshi.assessment.selectors import scheme as reads
from luoshi.assessment.tests.conftest import submit
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.supervision.models import Notification

pytestmark = pytest.mark.django_db


def line_of(page, unit):
    return next(ln for ln in page["lines"] if ln.unit_id == unit.pk)


@pytest.fixture
def scheme(plan, reported, year, coordinator):
    return services.scheme_create(actor=coordinator, plan=plan, year=year)


def test_a_new_scheme_starts_from_the_defaults_then_from_the_previous_year(plan, coordinator):
    first = services.scheme_create(actor=coordinator, plan=plan, year=2024)
    assert first.criteria.filter(group=Group.COUNTIES, measure=Measure.TARGETS).get().weight == 40
    services.criteria_save(
        actor=coordinator,
        scheme=first,
        rows=[
            {"group": g, "measure": Measure.ON_TIME, "goal": None, "weight": "70"}
            for g in Group.values
        ],
    )
    services.scheme_update(actor=coordinator, scheme=first, notice_deduction="5")
    second = services.scheme_create(actor=coordinator, plan=plan, year=2025)
    assert second.notice_deduction == 5
    assert [(c.measure, c.weight) for c in second.criteria.filter(group=Group.PARKS)] == [
        (Measure.ON_TIME, Decimal("70.00"))
    ]
    with pytest.raises(ValidationFailed):
        services.scheme_create(actor=coordinator, plan=plan, year=2025)


def test_the_draft_is_computed_live_and_excludes_the_default_categories(
    scheme, units, due_after, coordinator
):
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    jxj, fgw = line_of(page, units["jxj"]), line_of(page, units["fgw"])
    # jxj reported both tasks on time; fgw reported task 1 of its two.
    assert jxj.total == 100.0 and jxj.part(Measure.ON_TIME).inputs == "2/2"
    assert fgw.part(Measure.COMPLETENESS).inputs == "1/2"
    assert fgw.total == pytest.approx(100 * (40 * 0.5 + 30 * 0.5 + 10 * 1) / 80, abs=0.05)
    assert all(ln.group == Group.DEPARTMENTS for ln in (jxj, fgw))


def test_a_category_left_out_is_not_ranked_until_the_office_includes_it(
    plan, units, scheme, due_after, coordinator, tasks
):
    units["jxj"].category = "vertical"
    units["jxj"].save(update_fields=["category"])
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    assert units["jxj"].pk not in {ln.unit_id for ln in page["lines"]}
    assert units["jxj"] in page["excluded"]
    services.scheme_update(actor=coordinator, scheme=scheme, excluded_categories=["court"])
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    assert units["jxj"].pk in {ln.unit_id for ln in page["lines"]}


def test_review_freezes_the_results_and_tells_the_units(
    scheme,
    units,
    due_after,
    coordinator,
    coop_reporter,
    round_,
    tasks,
    lead_reporter,
    lead_approver,
):
    services.scheme_publish(actor=coordinator, scheme=scheme, today=due_after)
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.REVIEW
    assert scheme.objections_until == due_after + dt.timedelta(days=7)
    frozen = Result.objects.get(scheme=scheme, unit=units["fgw"])
    assert Notification.objects.filter(
        recipient=coop_reporter, kind="assessment_published"
    ).exists()
    # A report sent afterwards does not change a published result until it is recomputed.
    submit(round_, tasks["3"], lead_reporter, lead_approver)
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    assert line_of(page, units["fgw"]).total == float(frozen.total)
    services.scheme_recompute(actor=coordinator, scheme=scheme, today=due_after)
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    assert line_of(page, units["fgw"]).total > float(frozen.total)


def test_a_unit_objects_the_office_answers_and_only_then_locks(
    scheme, units, due_after, coordinator, coop_reporter, lead_reporter
):
    services.scheme_publish(
        actor=coordinator, scheme=scheme, objections_until=due_after, today=due_after
    )
    objection = services.objection_file(
        actor=coop_reporter, scheme=scheme, text="第3项任务已按时报送。", today=due_after
    )
    with pytest.raises(ValidationFailed):
        services.scheme_lock(actor=coordinator, scheme=scheme)
    with pytest.raises(PermissionDenied):
        services.objection_answer(actor=lead_reporter, objection=objection, upheld=True, answer="x")
    services.objection_answer(
        actor=coordinator, objection=objection, upheld=False, answer="经核实，无误。"
    )
    assert Objection.objects.get().state == Objection.State.REJECTED
    services.scheme_lock(actor=coordinator, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.locked and scheme.locked_by == coordinator
    with pytest.raises(ValidationFailed):
        services.scheme_recompute(actor=coordinator, scheme=scheme)
    with pytest.raises(ValidationFailed):
        services.adjustment_add(
            actor=coordinator,
            scheme=scheme,
            unit=units["jxj"],
            kind="bonus",
            points="1",
            reason="迟到的加分",
            evidence_text="文件",
        )


def test_objections_close_on_their_date(scheme, due_after, coordinator, coop_reporter):
    services.scheme_publish(
        actor=coordinator, scheme=scheme, objections_until=due_after, today=due_after
    )
    with pytest.raises(ValidationFailed):
        services.objection_file(
            actor=coop_reporter, scheme=scheme, text="晚了", today=due_after + dt.timedelta(days=1)
        )
    assert not Objection.objects.exists()


def test_a_unit_that_was_not_assessed_cannot_object(scheme, due_after, coordinator, outsider):
    services.scheme_publish(actor=coordinator, scheme=scheme, today=due_after)
    with pytest.raises(PermissionDenied):
        services.objection_file(actor=outsider, scheme=scheme, text="?", today=due_after)


def test_a_bonus_needs_evidence_and_counts_up_to_the_cap(
    scheme, units, due_after, coordinator, settings, tmp_path
):
    with pytest.raises(ValidationFailed) as caught:
        services.adjustment_add(
            actor=coordinator,
            scheme=scheme,
            unit=units["fgw"],
            kind="bonus",
            points="3",
            reason="获奖",
        )
    assert "evidence_text" in caught.value.errors
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    services.adjustment_add(
        actor=coordinator,
        scheme=scheme,
        unit=units["fgw"],
        kind="bonus",
        points="3",
        reason="获省级表彰",
        evidence_file=pdf,
    )
    services.adjustment_add(
        actor=coordinator,
        scheme=scheme,
        unit=units["fgw"],
        kind="bonus",
        points="4",
        reason="获国家级表彰",
        evidence_text="国科发〔2025〕1号",
    )
    page = reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    fgw = line_of(page, units["fgw"])
    assert fgw.bonus == 5 and len(fgw.bonus_items) == 2


def test_an_item_names_only_a_unit_responsible_for_the_plans_tasks(scheme, units, coordinator):
    with pytest.raises(ValidationFailed) as caught:
        services.adjustment_add(
            actor=coordinator,
            scheme=scheme,
            unit=units["sfj"],
            kind="deduction",
            points="1",
            reason="x",
            evidence_text="y",
        )
    assert "unit" in caught.value.errors


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([{"group": "departments", "measure": "on_time", "goal": None, "weight": "abc"}], "row-0"),
        ([{"group": "departments", "measure": "nonsense", "goal": None, "weight": "10"}], "row-0"),
        (
            [{"group": "departments", "measure": "on_time", "goal": None, "weight": "0"}],
            "group-departments",
        ),
    ],
)
def test_bad_criteria_are_refused_and_change_nothing(scheme, coordinator, rows, field):
    before = list(scheme.criteria.values_list("group", "measure", "weight"))
    with pytest.raises(ValidationFailed) as caught:
        services.criteria_save(actor=coordinator, scheme=scheme, rows=rows)
    assert field in caught.value.errors
    assert list(scheme.criteria.values_list("group", "measure", "weight")) == before


def test_the_page_and_the_document_show_the_same_formula(
    scheme, plan, coordinator, login, due_after
):
    import io

    from docx import Document

    client = login(coordinator)
    page = client.get(reverse("assessment:scheme", args=[scheme.pk])).content.decode()
    response = client.get(reverse("assessment:result_docx", args=[scheme.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    from django.utils import translation

    from luoshi.assessment import calculation

    rules = reads.rules_of(scheme)
    with translation.override("zh-hans"):
        formula = calculation.formula_text(rules, Group.DEPARTMENTS)
    assert formula in page and formula in text


def test_the_office_walks_the_pages_from_rules_to_lock(scheme, plan, coordinator, login, units):
    client = login(coordinator)
    rules_url = reverse("assessment:scheme_rules", args=[scheme.pk])
    rows = {
        f"c-{i}-{k}": v
        for i, (g, m, w) in enumerate(
            [
                ("departments", "on_time", "50"),
                ("departments", "completeness", "50"),
                ("counties", "on_time", "100"),
                ("parks", "on_time", "100"),
            ]
        )
        for k, v in (("group", g), ("measure", m), ("goal", ""), ("weight", w))
    }
    response = client.post(
        rules_url,
        {
            "notice_deduction": "1",
            "bonus_cap": "5",
            "deduction_cap": "10",
            "excluded_categories": ["court", "procuratorate"],
            **rows,
        },
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.criteria.count() == 4 and scheme.notice_deduction == 1
    assert client.post(reverse("assessment:scheme_publish", args=[scheme.pk])).status_code == 302
    assert client.post(reverse("assessment:scheme_lock", args=[scheme.pk])).status_code == 302
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.FINAL
    page = client.get(reverse("assessment:scheme", args=[scheme.pk])).content.decode()
    assert 'data-testid="state"' in page and 'data-testid="publish"' not in page


def test_the_old_scorecard_address_leads_to_the_assessment(plan, scheme, coordinator, login):
    client = login(coordinator)
    response = client.get("/supervision/scorecard/", {"plan": plan.pk}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("assessment:scheme", args=[scheme.pk])
