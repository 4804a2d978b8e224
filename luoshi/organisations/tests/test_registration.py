"""An organisation registers with a valid credit code and proof; bad input changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.roles import Role
from luoshi.organisations import selectors, services
from luoshi.organisations.codes import synthetic_credit_code
from luoshi.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

CODE = synthetic_credit_code(4242)


def _post(client, pdf, **over):
    data = {
        "name": "遂宁新材料有限公司",
        "credit_code": CODE.lower(),
        "kind": "enterprise",
        "contact_name": "张三",
        "contact_phone": "13800000000",
        "username": "xincailiao",
        "password": "Kq7-turbine-Nov-2025",
        "proof": pdf,
    }
    data.update(over)
    return client.post(reverse("organisations:register"), data)


def test_registering_creates_a_pending_organisation_and_its_administrator(client, pdf, directory):
    response = _post(client, pdf)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == reverse("organisations:mine")
    organisation = Organisation.objects.get()
    assert organisation.credit_code == CODE  # stored in upper case
    assert organisation.state == Organisation.State.PENDING
    assert organisation.proof_content_type == "application/pdf"
    person = organisation.memberships.get().user
    assert person.role == Role.ORG_ADMIN and person.unit_id is None
    assert person.org_membership.role == Membership.Role.ADMIN
    assert selectors.organisation_of(person) == organisation
    # Signed in, the person sees the organisation awaiting verification.
    page = client.get(reverse("organisations:mine"))
    assert "遂宁新材料有限公司" in page.content.decode()
    verbs = set(
        AuditEvent.objects.filter(model="organisations.organisation").values_list("verb", flat=True)
    )
    assert verbs == {"register"}
    assert AuditEvent.objects.get(model="organisations.organisation").actor == person


@pytest.mark.parametrize(
    "code", ["91510903000000019X", "12345", "91510903MA62A0X12Y", "I15109030000000190"]
)
def test_an_invalid_credit_code_is_refused_with_a_message(client, pdf, directory, code):
    response = _post(client, pdf, credit_code=code)
    assert response.status_code == 200
    assert 'data-testid="error-credit_code"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_second_registration_of_the_same_code_is_refused(client, pdf, directory):
    _post(client, pdf)
    client.logout()
    again = SimpleUploadedFile("b.pdf", pdf.open().read() if False else b"%PDF-1.4\n%%EOF\n")
    response = _post(client, again, username="another")
    assert response.status_code == 200
    assert Organisation.objects.count() == 1


def test_a_disguised_proof_is_refused_and_nothing_is_created(client, directory):
    fake = SimpleUploadedFile("licence.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>\n%%EOF\n")
    response = _post(client, fake)
    assert response.status_code == 200
    assert 'data-testid="error-proof"' in response.content.decode()
    assert not Organisation.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="xincailiao").exists()


def test_an_oversized_proof_is_refused(client, directory, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n")
    response = _post(client, big)
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_a_taken_account_name_changes_nothing(pdf, directory, coordinator):
    with pytest.raises(ValidationFailed):
        services.organisation_register(
            credit_code=CODE,
            name="x",
            kind="enterprise",
            contact_name="a",
            contact_phone="1",
            username=coordinator.username,
            password="Xincai-liao-2025!",
            proof=pdf,
        )
    assert not Organisation.objects.exists()


def test_the_page_is_in_chinese_by_default(client, directory):
    body = client.get(reverse("organisations:register")).content.decode()
    assert "统一社会信用代码" in body
