"""Attachments on project applications: the call's required kinds, uploads checked by
content and size, a missing one blocking submission, downloads for whoever reads the
application, and a file given before offered again instead of uploaded twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import PASSWORD
from luoshi.finance.tests.people import admin_of
from luoshi.projects import selectors, services
from luoshi.projects.models import Application, Attachment
from luoshi.projects.tests.conftest import OPEN_DAY, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
KINDS = ["申报书", "财务报表", "营业执照"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="申报书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def file_call(coordinator):
    call = services.call_create(
        actor=coordinator,
        title="2025年市级科技计划项目(附件)",
        year=2025,
        guide="",
        categories=["重点研发"],
        budget=Decimal(1_000_000),
        max_request=Decimal(500_000),
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
        org_kinds=["enterprise", "university"],
        attachment_kinds=KINDS,
    )
    return services.call_open(actor=coordinator, call=call)


@pytest.fixture
def licensed(units):
    """An enterprise registered with its business licence as proof, then verified."""
    from luoshi.organisations import services as orgs
    from luoshi.organisations.codes import synthetic_credit_code

    org = orgs.organisation_register(
        credit_code=synthetic_credit_code(7391),
        name="遂宁持照科技有限公司",
        kind="enterprise",
        region=None,
        contact_name="李四",
        contact_phone="0825-1111111",
        username="t-licensed",
        password=PASSWORD,
        proof=pdf("营业执照.pdf"),
        check_password=False,
    )
    return orgs.organisation_verify(actor=None, organisation=org)


def _all_files():
    return {"申报书": pdf(), "财务报表": pdf("财务报表.pdf"), "营业执照": pdf("licence.pdf")}


def test_a_missing_required_attachment_blocks_submission_and_names_it(applicant_person, file_call):
    with pytest.raises(ValidationFailed) as exc:
        submit(applicant_person, file_call, attachments={"申报书": pdf()})
    assert "财务报表、营业执照" in exc.value.errors["attachments"][0]
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_a_complete_application_keeps_its_files_and_audits_them(applicant_person, file_call):
    app = submit(applicant_person, file_call, attachments=_all_files())
    assert sorted(app.attachments.values_list("kind", flat=True)) == sorted(KINDS)
    stored = app.attachments.get(kind="申报书")
    assert stored.name == "申报书.pdf" and stored.content_type == "application/pdf"
    assert "申报书" not in stored.file.name  # an unguessable stored name
    assert AuditEvent.objects.filter(verb="attach").count() == 3


@pytest.mark.parametrize(
    "name,content",
    [
        ("申报书.pdf", b"<html><script>alert(1)</script></html>"),  # a page named .pdf
        ("申报书.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>\n%%EOF\n"),  # PDF + markup
        ("申报书.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # a Windows program
        ("申报书.pdf", b"%PDF-1.4 no end"),  # truncated PDF
        ("申报书.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ],
)
def test_a_disguised_or_hostile_file_is_refused_and_nothing_is_written(
    applicant_person, file_call, name, content
):
    files = _all_files()
    files["申报书"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        submit(applicant_person, file_call, attachments=files)
    assert "attachment-0" in exc.value.errors
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_file_is_refused(applicant_person, file_call, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 100
    files = _all_files()
    files["财务报表"] = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n")
    with pytest.raises(ValidationFailed) as exc:
        submit(applicant_person, file_call, attachments=files)
    assert "attachment-1" in exc.value.errors
    assert not Application.objects.exists()


def test_an_image_is_accepted_by_its_content_whatever_its_name(applicant_person, file_call):
    files = _all_files()
    files["财务报表"] = SimpleUploadedFile("报表.pdf", PNG, content_type="application/pdf")
    app = submit(applicant_person, file_call, attachments=files)
    assert app.attachments.get(kind="财务报表").content_type == "image/png"


def test_the_business_licence_given_at_registration_is_offered_and_reused(licensed, file_call):
    person = admin_of(licensed)
    offers = selectors.attachment_offers(organisation=licensed, call=file_call)
    assert list(offers) == ["营业执照"] and offers["营业执照"].name == "营业执照.pdf"
    app = submit(
        person,
        file_call,
        attachments={"申报书": pdf(), "财务报表": pdf()},
        reuse={"营业执照": offers["营业执照"].ref},
    )
    licence = app.attachments.get(kind="营业执照")
    assert licence.reused and licence.file.name == licensed.proof.name


def test_a_file_of_an_earlier_application_is_offered_for_the_same_kind(
    applicant, applicant_person, file_call
):
    first = submit(applicant_person, file_call, attachments=_all_files())
    offers = selectors.attachment_offers(organisation=applicant, call=file_call)
    assert {k: o.given for k, o in offers.items()} == {k: first.title for k in KINDS}
    second = submit(
        applicant_person,
        file_call,
        title="第二个项目",
        attachments={"申报书": pdf("新申报书.pdf")},
        reuse={k: offers[k].ref for k in ("财务报表", "营业执照")},
    )
    assert second.attachments.get(kind="申报书").name == "新申报书.pdf"
    reused = second.attachments.get(kind="财务报表")
    assert reused.reused
    assert reused.file.name == first.attachments.get(kind="财务报表").file.name


def test_another_organisations_file_cannot_be_claimed_for_reuse(
    applicant_person, university_person, file_call
):
    theirs = submit(applicant_person, file_call, attachments=_all_files())
    foreign = theirs.attachments.get(kind="财务报表")
    with pytest.raises(ValidationFailed) as exc:
        submit(
            university_person,
            file_call,
            attachments={"申报书": pdf(), "营业执照": pdf()},
            reuse={"财务报表": str(foreign.pk)},
        )
    assert "attachment-1" in exc.value.errors
    assert Application.objects.count() == 1


def test_a_call_asks_for_a_dozen_kinds_at_most(coordinator):
    with pytest.raises(ValidationFailed) as exc:
        services.call_create(
            actor=coordinator,
            title="x",
            year=2025,
            guide="",
            categories=["a"],
            budget=1,
            max_request=1,
            opens_on=dt.date(2025, 4, 1),
            closes_on=dt.date(2025, 4, 30),
            attachment_kinds=[f"附件{i}" for i in range(13)],
        )
    assert "attachment_kinds" in exc.value.errors


def _download(client, user, attachment):
    client.force_login(user)
    return client.get(reverse("projects:attachment", args=[attachment.pk]))


def test_downloads_for_the_office_leaders_and_the_applicant_only(
    client, personas, coordinator, applicant_person, university_person, file_call, elsewhere
):
    app = submit(applicant_person, file_call, attachments=_all_files())
    item = app.attachments.get(kind="申报书")
    for user in (coordinator, personas["leader"], applicant_person, personas["admin"]):
        answer = _download(client, user, item)
        assert answer.status_code == 200, user
        assert b"".join(answer.streaming_content) == PDF
        assert "attachment" in answer["Content-Disposition"]
    for user in (university_person, personas["lead_reporter"], elsewhere["office"]):
        assert _download(client, user, item).status_code == 404, user


def test_the_apply_page_takes_the_files_and_offers_what_was_given(
    client, licensed, file_call, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: OPEN_DAY)
    client.force_login(admin_of(licensed))
    url = reverse("projects:apply", args=[file_call.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "营业执照.pdf" in page and 'name="reuse-2"' in page
    base = {
        "category": "重点研发",
        "title": "页面上的项目",
        "summary": "内容",
        "requested": "100000",
        "matching": "0",
        "leader_name": "王工",
        "leader_phone": "139",
        "reuse-2": "on",
    }
    answer = client.post(url, {**base, "attachment-0": pdf()}, follow=True)
    assert "财务报表" in answer.content.decode()
    assert not Application.objects.exists()
    client.post(url, {**base, "attachment-0": pdf(), "attachment-1": pdf("表.pdf")})
    app = Application.objects.get()
    assert app.attachments.count() == 3 and app.attachments.get(kind="营业执照").reused


def test_the_call_page_costs_the_same_queries_with_one_application_or_many(
    client, coordinator, applicant_person, file_call
):
    from luoshi.core.testing import assert_constant_queries

    submit(applicant_person, file_call, attachments=_all_files())
    client.force_login(coordinator)

    def grow():
        offers = selectors.attachment_offers(
            organisation=applicant_person.org_membership.organisation, call=file_call
        )
        for i in range(8):
            submit(
                applicant_person,
                file_call,
                title=f"项目{i}",
                reuse={k: o.ref for k, o in offers.items()},
            )

    page = lambda: client.get(reverse("projects:call", args=[file_call.pk]))  # noqa: E731
    assert_constant_queries(page, grow)
    assert page().content.decode().count('data-testid="attachment-link"') == 27


@pytest.mark.parametrize("ref", ["other-kind", "99999999999999999999999", "-1", "proof", "abc"])
def test_a_reuse_of_a_file_of_another_kind_or_a_made_up_one_is_refused(
    applicant_person, file_call, ref
):
    first = submit(applicant_person, file_call, attachments=_all_files())
    if ref == "other-kind":
        ref = str(first.attachments.get(kind="申报书").pk)
    with pytest.raises(ValidationFailed) as exc:
        submit(
            applicant_person,
            file_call,
            title="另一个",
            attachments={"申报书": pdf(), "营业执照": pdf()},
            reuse={"财务报表": ref},
        )
    assert "attachment-1" in exc.value.errors
    assert Application.objects.count() == 1
