"""Attachments: pdf/docx/xlsx/jpg/png only, decided by content; a size limit; downloads
follow the report's visibility."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.supervision import services
from luoshi.supervision.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 400


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("材料")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "台账"
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(period, tasks, coop_reporter):
    return services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="x"
    )


def attach(user, report, name, content):
    return services.report_attach(
        actor=user, period=report.period, task=report.task, upload=SimpleUploadedFile(name, content)
    )


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("照片.png", PNG, "png"),
        ("现场.JPG", JPG, "jpg"),
        ("现场.jpeg", JPG, "jpg"),
        ("报告.pdf", PDF, "pdf"),
        ("说明.docx", None, "docx"),
        ("台账.xlsx", None, "xlsx"),
    ],
)
def test_allowed_types_are_accepted(draft, coop_reporter, name, content, kind):
    content = content or (docx_bytes() if kind == "docx" else xlsx_bytes())
    attachment = attach(coop_reporter, draft, name, content)
    assert (attachment.kind, attachment.original_name, attachment.size) == (
        kind,
        name,
        len(content),
    )
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


def test_a_renamed_exe_is_refused(draft, coop_reporter):
    with pytest.raises(ValidationFailed) as caught:
        attach(coop_reporter, draft, "通知.pdf", EXE)
    assert "file" in caught.value.errors
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name,content", [("a.xlsx", None), ("a.png", JPG), ("a.pdf", PNG), ("a.docx", PDF)]
)
def test_content_must_match_the_extension(draft, coop_reporter, name, content):
    with pytest.raises(ValidationFailed):
        attach(coop_reporter, draft, name, content or docx_bytes())


@pytest.mark.parametrize("name", ["setup.exe", "notes.txt", "archive.zip", "noextension", "a.doc"])
def test_other_types_are_refused_by_name(draft, coop_reporter, name):
    with pytest.raises(ValidationFailed):
        attach(coop_reporter, draft, name, PDF)


def test_files_over_the_limit_are_refused(draft, coop_reporter, settings):
    settings.LUOSHI_ATTACHMENT_MAX_BYTES = 1000
    attach(coop_reporter, draft, "small.png", PNG)
    with pytest.raises(ValidationFailed) as caught:
        attach(coop_reporter, draft, "big.png", PNG + b"\x00" * 1000)
    assert (
        "1000" in str(caught.value)
        or "1,000" in str(caught.value)
        or "1000" in str(caught.value.errors)
    )


def test_an_empty_file_is_refused(draft, coop_reporter):
    with pytest.raises(ValidationFailed):
        attach(coop_reporter, draft, "empty.pdf", b"")


def test_the_upload_page_reports_a_refused_file_and_stores_nothing(
    period, tasks, coop_reporter, draft
):
    client = Client()
    client.force_login(coop_reporter, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("supervision:report_attach", args=[period.pk, tasks["1"].pk]),
        {"file": SimpleUploadedFile("通知.pdf", EXE)},
        follow=True,
    )
    assert response.status_code == 200
    assert any("通知.pdf" in str(m) for m in response.context["messages"])
    assert not Attachment.objects.exists()


def test_downloads_follow_the_reports_visibility(
    draft, coop_reporter, coop_approver, lead_reporter, outsider
):
    attachment = attach(coop_reporter, draft, "报告.pdf", PDF)
    url = reverse("supervision:attachment", args=[attachment.pk])

    def fetch(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.get(url).status_code

    assert fetch(coop_reporter) == 200
    assert fetch(lead_reporter) == 404  # a draft's files stay in the unit
    draft.refresh_from_db()  # the file is content: attaching it moved the version on
    services.report_sign_off(
        actor=coop_approver, period=draft.period, task=draft.task, version=draft.version
    )
    assert fetch(lead_reporter) == 200
    assert fetch(outsider) == 404


def test_attachments_are_listed_in_the_submitted_version(draft, coop_reporter, coop_approver):
    attach(coop_reporter, draft, "报告.pdf", PDF)
    draft.refresh_from_db()
    report = services.report_sign_off(
        actor=coop_approver, period=draft.period, task=draft.task, version=draft.version
    )
    assert report.versions.get().content["attachments"] == ["报告.pdf"]
