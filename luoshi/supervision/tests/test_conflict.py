"""Two people edit one report: the second save gets a conflict, keeps their text, and
never silently overwrites the first."""

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import Conflict
from luoshi.supervision import services
from luoshi.supervision.models import UnitReport


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_stale_version_raises_conflict_with_the_stored_report(
    period, tasks, coop_reporter, coop_approver
):
    first = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="A"
    )
    services.report_save_draft(
        actor=coop_approver, period=period, task=tasks["1"], version=first.version, work_done="B"
    )
    with pytest.raises(Conflict) as caught:
        services.report_save_draft(
            actor=coop_reporter,
            period=period,
            task=tasks["1"],
            version=first.version,
            work_done="A2",
        )
    assert caught.value.current.work_done == "B"
    assert UnitReport.objects.get(pk=first.pk).work_done == "B"


def test_two_editors_starting_the_same_report_do_not_overwrite_each_other(
    period, tasks, coop_reporter, coop_approver
):
    services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="甲"
    )
    with pytest.raises(Conflict):
        services.report_save_draft(
            actor=coop_approver, period=period, task=tasks["1"], version=0, work_done="乙"
        )


def test_the_autosave_answers_a_conflict_with_both_texts_and_keeps_the_second_editors(
    period, tasks, coop_reporter, coop_approver
):
    url = reverse("supervision:report_save", args=[period.pk, tasks["1"].pk])
    one, two = client_for(coop_reporter), client_for(coop_approver)
    assert (
        one.post(
            url, {"version": 0, "work_done": "第一人的文字"}, HTTP_HX_REQUEST="true"
        ).status_code
        == 200
    )
    # Both loaded version 1; the first saves again (version 2), then the second saves version 1.
    assert (
        one.post(
            url, {"version": 1, "work_done": "第一人的修改"}, HTTP_HX_REQUEST="true"
        ).status_code
        == 200
    )
    response = two.post(url, {"version": 1, "work_done": "第二人的文字"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page and "第一人的修改" in page
    # The offer to save over theirs carries their version, so it is a deliberate choice.
    assert '"version": "2"' in page
    # No version swap: the second editor's form keeps its stale version until they choose.
    assert "hx-swap-oob" not in page
    assert UnitReport.objects.get(period=period, task=tasks["1"]).work_done == "第一人的修改"


def test_the_plain_form_shows_the_conflict_and_keeps_the_typed_text(
    period, tasks, coop_reporter, coop_approver
):
    url = reverse("supervision:report_save", args=[period.pk, tasks["1"].pk])
    client_for(coop_reporter).post(url, {"version": 0, "work_done": "先保存的"})
    response = client_for(coop_approver).post(url, {"version": 0, "work_done": "后输入的文字"})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page and "先保存的" in page
    assert "后输入的文字</textarea>" in page  # the typed text is still in the form
    assert 'name="version" value="1"' in page  # saving again now is a deliberate overwrite


def test_choosing_to_keep_ones_text_saves_it_with_the_current_version(
    period, tasks, coop_reporter, coop_approver
):
    url = reverse("supervision:report_save", args=[period.pk, tasks["1"].pk])
    client_for(coop_reporter).post(url, {"version": 0, "work_done": "甲"}, HTTP_HX_REQUEST="true")
    response = client_for(coop_approver).post(
        url, {"version": 1, "work_done": "乙"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert UnitReport.objects.get(period=period, task=tasks["1"]).work_done == "乙"


def test_the_consolidation_is_version_checked_too(period, tasks, lead_reporter, lead_approver):
    first = services.consolidation_save(
        actor=lead_reporter, period=period, task=tasks["1"], version=0, summary="甲"
    )
    services.consolidation_save(
        actor=lead_approver, period=period, task=tasks["1"], version=first.version, summary="乙"
    )
    with pytest.raises(Conflict):
        services.consolidation_save(
            actor=lead_reporter, period=period, task=tasks["1"], version=first.version, summary="丙"
        )
