import datetime as dt

from ninja import Schema


class OrganisationPublicOut(Schema):
    """What everyone signed in reads of a verified organisation (the catalogues' fields)."""

    id: int
    name: str
    kind: str
    place: str | None = None  # county or park
    is_demo: bool


class OrganisationOut(OrganisationPublicOut):
    """The whole record: the organisation's own people, the office and leaders."""

    credit_code: str
    state: str
    contact_name: str
    contact_phone: str
    address: str
    registered: dt.datetime
    decided_at: dt.datetime | None = None
    full: bool = True
