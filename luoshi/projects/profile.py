"""What luoshi already knows about an applicant, so an application asks only for the project.

The profile is the organisation's account (name, credit code, kind, place, contact, address)
and the qualifications the registry holds for it; `remembered` is what the organisation gave
in its latest application (project leader, phone, team), offered again as the starting value.
"""

from __future__ import annotations

import datetime as dt

from luoshi.finance import registry
from luoshi.organisations.models import Organisation

# Fields of the profile, in the order the application page shows them.
PROFILE_FIELDS = (
    "name",
    "credit_code",
    "kind",
    "region",
    "contact_name",
    "contact_phone",
    "address",
    "qualifications",
)
REMEMBERED_FIELDS = ("leader_name", "leader_phone", "team")


def profile_of(organisation: Organisation, *, on: dt.date, declared: list[str] = ()) -> dict:
    kinds, _years = registry.held_qualifications(
        credit_code=organisation.credit_code, on=on, declared=list(declared), tech_sme_years=[]
    )
    return {
        "name": organisation.name,
        "credit_code": organisation.credit_code,
        "kind": organisation.kind,
        "region": organisation.region.name if organisation.region_id else "",
        "contact_name": organisation.contact_name,
        "contact_phone": organisation.contact_phone,
        "address": organisation.address,
        "qualifications": sorted(kinds),
    }


def remembered(organisation: Organisation) -> dict:
    """The latest application's leader, phone, team and declared qualifications."""
    last = organisation.project_applications.order_by("-pk").first()
    if last is None:
        return {}
    values = {name: getattr(last, name) for name in REMEMBERED_FIELDS}
    values["declared_kinds"] = list(last.profile.get("qualifications", []))
    return values
