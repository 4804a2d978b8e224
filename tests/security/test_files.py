"""Files people upload: stored under unguessable names, served only through views that
check permission and always as downloads, never from MEDIA_URL; a file that only pretends
to be a PDF is refused; an empty file is called empty."""

from __future__ import annotations

import importlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from luoshi.supervision.models import Attachment

pytestmark = pytest.mark.django_db

GENUINE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_THEN_HTML = (
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _attach(user, period, task, name, content):
    return client_for(user).post(
        reverse("supervision:report_attach", args=[period.pk, task.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_a_pdf_header_followed_by_html_is_refused(period, tasks, lead_reporter):
    response = _attach(lead_reporter, period, tasks["1"], "report.pdf", PDF_THEN_HTML)
    assert not Attachment.objects.exists()
    assert "report.pdf" in response.content.decode()


def test_an_empty_attachment_is_called_empty(period, tasks, lead_reporter):
    response = _attach(lead_reporter, period, tasks["1"], "empty.pdf", b"")
    body = response.content.decode()
    assert "“empty.pdf”是空文件" in body
    assert not Attachment.objects.exists()


def test_an_attachment_is_stored_under_an_unguessable_name_and_served_as_a_download(
    period, tasks, lead_reporter, lead_approver, coop_reporter, outsider
):
    _attach(lead_reporter, period, tasks["1"], "机密 minutes.pdf", GENUINE_PDF)
    attachment = Attachment.objects.get()
    stored = attachment.file.name
    assert "minutes" not in stored and "机密" not in stored
    assert re.search(r"/[0-9a-f]{32}\.pdf$", stored), stored
    url = reverse("supervision:attachment", args=[attachment.pk])
    response = client_for(lead_approver).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A draft's files are the unit's own: others get 404 alike.
    assert client_for(coop_reporter).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_uploaded_files_are_never_served_from_media_url_even_in_development(
    settings, period, tasks, lead_reporter
):
    from django.urls import clear_url_caches

    import luoshi.config.urls as urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(urls)
            patterns = [str(p.pattern) for p in urls.urlpatterns]
        media = settings.MEDIA_URL.lstrip("/")
        assert not any(p.lstrip("^").startswith(media) for p in patterns), patterns
    finally:
        importlib.reload(urls)
        clear_url_caches()


@pytest.fixture
def milestone_step(city, units, coordinator):
    from luoshi.indicators import services as indicator_services
    from luoshi.indicators.models import Goal
    from luoshi.indicators.tests.helpers import suining_plan, ten_indicators

    plan = suining_plan()
    ten_indicators()
    indicator_services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    goal = Goal.objects.get(plan=plan, kind=Goal.Kind.MILESTONE)
    return indicator_services.milestone_step_save(actor=coordinator, goal=goal, title="国务院批复")


def test_evidence_is_stored_under_an_unguessable_name(milestone_step, coordinator):
    from luoshi.indicators import services as indicator_services

    evidence = indicator_services.evidence_add(
        actor=coordinator,
        step=milestone_step,
        upload=SimpleUploadedFile("批复.pdf", GENUINE_PDF),
    )
    assert re.search(r"/[0-9a-f]{32}\.pdf$", evidence.file.name), evidence.file.name


def test_evidence_that_only_pretends_to_be_a_pdf_is_refused(milestone_step, coordinator):
    from luoshi.core.errors import ValidationFailed
    from luoshi.indicators import services as indicator_services
    from luoshi.indicators.models import Evidence

    with pytest.raises(ValidationFailed):
        indicator_services.evidence_add(
            actor=coordinator,
            step=milestone_step,
            upload=SimpleUploadedFile("批复.pdf", PDF_THEN_HTML),
        )
    assert not Evidence.objects.exists()


def test_a_flash_message_reaches_only_the_request_that_caused_it(period, tasks, lead_approver):
    """Two requests of one person at once (two tabs, a double click) share the browser's
    cookies: the winner's "signed off" must not appear on the page the loser gets."""
    winner = client_for(lead_approver)
    form = {"version": "0", "work_done": "已完成", "progress_pct": "50"}
    url = reverse("supervision:report_sign_off", args=[period.pk, tasks["1"].pk])
    signed = winner.post(url, form)
    assert signed.status_code == 302
    loser = Client()
    loser.cookies = winner.cookies.__class__(winner.cookies)  # the jar after the winner's answer
    refused = loser.post(url, form)
    assert refused.status_code in (400, 409)
    assert "已签发并报送" not in refused.content.decode()
    assert "已签发并报送" in winner.get(signed["Location"]).content.decode()


def test_the_csrf_failure_page_is_ours_and_in_chinese(lead_reporter, period, tasks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_reporter, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("supervision:report_save", args=[period.pk, tasks["1"].pk]), {"work_done": "x"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已失效" in body and 'lang="zh-hans"' in body
    assert "CSRF verification failed" not in body
