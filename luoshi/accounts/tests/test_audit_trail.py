"""The audit trail page (操作日志): the office filters it; old links still reach it."""

import pytest

from luoshi.org import services

pytestmark = pytest.mark.django_db


def test_the_office_filters_the_audit_trail_by_unit_and_record(
    directory, coordinator, units, login
):
    services.alias_add(actor=coordinator, unit=units["kjj"], name="科技局")
    services.unit_update(actor=coordinator, unit=units["fgw"], email="fgw@example.gov.cn")
    client = login(coordinator)
    page = client.get("/accounts/audit/", {"model": "org.unitalias"}).content.decode()
    assert "科技局" in page and "fgw@example.gov.cn" not in page
    page = client.get(
        "/accounts/audit/", {"model": "org.unit", "object_pk": units["fgw"].pk}
    ).content.decode()
    assert "fgw@example.gov.cn" in page
    page = client.get("/accounts/audit/", {"unit": units["fgw"].pk}).content.decode()
    assert "fgw@example.gov.cn" not in page  # the office (市科技局) made that change


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/audit/?model=org.unit", "/accounts/audit/?model=org.unit"),
        ("/admin-home/", "/accounts/admin-home/"),
    ],
)
def test_the_old_addresses_of_the_audit_trail_and_administration_redirect(client, old, new):
    response = client.get(old)
    assert response.status_code == 302 and response["Location"] == new
