"""Every create, update and delete leaves who, when, before/after and the request."""

import pytest

from luoshi.core.models import AuditEvent
from luoshi.org import services
from luoshi.org.models import UnitAlias

pytestmark = pytest.mark.django_db


def test_create_update_and_delete_are_recorded_with_before_and_after(directory, coordinator, units):
    alias = services.alias_add(actor=coordinator, unit=units["kjj"], name="科技局")
    services.unit_update(actor=coordinator, unit=units["kjj"], email="kjj@example.gov.cn")
    services.alias_remove(actor=coordinator, alias=alias)

    created = AuditEvent.objects.get(model="org.unitalias", action="create")
    assert created.actor == coordinator and created.actor_unit == units["kjj"]
    assert created.changes["name"] == [None, "科技局"]

    updated = AuditEvent.objects.get(model="org.unit", action="update")
    assert updated.changes == {"email": ["", "kjj@example.gov.cn"]}

    deleted = AuditEvent.objects.get(model="org.unitalias", action="delete")
    assert deleted.changes["name"] == ["科技局", None]
    assert not UnitAlias.objects.filter(pk=alias.pk).exists()


def test_a_write_through_a_page_records_the_request(directory, coordinator, units, login):
    client = login(coordinator)
    response = client.post(
        f"/org/units/{units['kjj'].pk}/", {"alias-name": "科技局"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(model="org.unitalias")
    assert event.ip == "10.1.2.3"
    assert event.path == f"/org/units/{units['kjj'].pk}/"
    assert event.request_id == response["X-Request-ID"]


def test_an_empty_file_field_is_recorded_as_none():
    from django.db import models
    from django.db.models.fields.files import FieldFile

    from luoshi.core.audit import _plain

    field = models.FileField(upload_to="files")
    assert _plain(FieldFile(None, field, "")) is None
    assert _plain(FieldFile(None, field, "files/a.xlsx")) == "files/a.xlsx"
