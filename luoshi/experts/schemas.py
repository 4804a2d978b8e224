import datetime as dt

from ninja import Schema


class ExpertOut(Schema):
    id: int
    name: str
    field_code: str
    field_name: str
    title: str
    employer: str
    organisation_id: int | None = None
    place: str  # county, park or city of ours, or the name of a place outside
    in_city: bool
    expertise: str
    is_active: bool
    is_demo: bool
    # Only for those who keep the database (the edit page shows them); else null.
    phone: str | None = None
    email: str | None = None


class LabOut(Schema):
    id: int
    name: str
    organisation_id: int | None = None
    accreditations: list[str]
    scope: str
    equipment: str
    place: str
    in_city: bool
    contact: str
    is_demo: bool
    created_at: dt.datetime
