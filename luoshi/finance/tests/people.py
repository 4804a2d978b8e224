"""Organisations and their people for programme tests, made through the organisations
services (registered, then verified by the office)."""

from __future__ import annotations

from luoshi.core.testing import PASSWORD


def organisation(serial: int, name: str, kind: str, username: str, *, region=None, verify=True):
    from luoshi.organisations import services
    from luoshi.organisations.codes import synthetic_credit_code

    org = services.organisation_register(
        credit_code=synthetic_credit_code(serial),
        name=name,
        kind=kind,
        region=region,
        contact_name=username,
        contact_phone="0825-0000000",
        username=username,
        password=PASSWORD,
        proof=None,
        # Registration without a proof file is allowed only for demo rows.
        is_demo=True,
        check_password=False,
    )
    if verify:
        org = services.organisation_verify(actor=None, organisation=org)
    return org


def admin_of(org):
    return org.memberships.select_related("user").get().user
