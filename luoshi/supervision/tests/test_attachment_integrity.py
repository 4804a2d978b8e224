"""Approvers sign what they saw, and a refused upload writes nothing (issue 10, items 6, 7).

Adding or removing a file changes the report's (or consolidation's) version, so a sign-off
carrying the version the approver opened answers with the conflict message; a file that is
refused leaves no draft and no audit event behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import Conflict
from luoshi.core.models import AuditEvent
from luoshi.supervision import services
from luoshi.supervision.models import Attachment, Consolidation, UnitReport

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def draft(period, tasks, lead_reporter):
    return services.report_save_draft(
        actor=lead_reporter, period=period, task=tasks["1"], version=0, work_done="进展"
    )


def test_adding_an_attachment_changes_the_report_version(draft, lead_reporter):
    seen = draft.version
    services.report_attach(
        actor=lead_reporter,
        period=draft.period,
        task=draft.task,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    assert UnitReport.objects.get(pk=draft.pk).version > seen


def test_a_sign_off_of_the_version_seen_before_a_file_was_swapped_is_a_conflict(
    draft, lead_reporter, lead_approver
):
    first = services.report_attach(
        actor=lead_reporter,
        period=draft.period,
        task=draft.task,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    seen = UnitReport.objects.get(pk=draft.pk).version  # the approver opens the page
    services.attachment_delete(actor=lead_reporter, attachment=first)
    services.report_attach(
        actor=lead_reporter,
        period=draft.period,
        task=draft.task,
        upload=SimpleUploadedFile("b.pdf", PDF),
    )
    with pytest.raises(Conflict):
        services.report_sign_off(
            actor=lead_approver, period=draft.period, task=draft.task, version=seen
        )
    assert UnitReport.objects.get(pk=draft.pk).status == UnitReport.Status.DRAFT


def test_the_approvers_page_answers_the_conflict_message_after_a_swap(
    draft, period, tasks, lead_reporter, lead_approver
):
    seen = UnitReport.objects.get(pk=draft.pk).version
    services.report_attach(
        actor=lead_reporter,
        period=draft.period,
        task=draft.task,
        upload=SimpleUploadedFile("b.pdf", PDF),
    )
    response = client_for(lead_approver).post(
        reverse("supervision:report_sign_off", args=[period.pk, tasks["1"].pk]),
        {"version": str(seen), "work_done": "进展"},
    )
    assert response.status_code == 409
    assert UnitReport.objects.get(pk=draft.pk).status == UnitReport.Status.DRAFT


def test_a_consolidations_attachments_change_its_version(period, tasks, lead_reporter):
    consolidation = services.consolidation_save(
        actor=lead_reporter, period=period, task=tasks["1"], version=0, summary="汇总"
    )
    seen = consolidation.version
    attachment = services.consolidation_attach(
        actor=lead_reporter,
        period=consolidation.period,
        task=consolidation.task,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    added = Consolidation.objects.get(pk=consolidation.pk).version
    assert added > seen
    services.attachment_delete(actor=lead_reporter, attachment=attachment)
    assert Consolidation.objects.get(pk=consolidation.pk).version > added


def test_a_refused_upload_leaves_no_draft_and_no_audit_event(period, tasks, lead_reporter):
    events = AuditEvent.objects.count()
    response = client_for(lead_reporter).post(
        reverse("supervision:report_attach", args=[period.pk, tasks["1"].pk]),
        {"file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100)},
        follow=True,
    )
    assert "setup.exe" in response.content.decode()
    assert not UnitReport.objects.exists()
    assert not Attachment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_refused_upload_leaves_no_consolidation_and_no_audit_event(period, tasks, lead_reporter):
    events = AuditEvent.objects.count()
    response = client_for(lead_reporter).post(
        reverse("supervision:consolidation_attach", args=[period.pk, tasks["1"].pk]),
        {"file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100)},
        follow=True,
    )
    assert "setup.exe" in response.content.decode()
    assert not Consolidation.objects.exists()
    assert AuditEvent.objects.count() == events
