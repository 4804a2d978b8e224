"""Where programme eligibility learns which qualifications an organisation holds.

One function for every programme (finance and projects call it). The enterprise registry
(luoshi.enterprises) answers for a firm it knows: its qualifications on the day and its
tech-SME registration years, and nothing the applicant declares changes that. For a firm the
registry does not know (not yet imported, or not an enterprise), the applicant declares its
qualifications and the deciding bank or office checks the certificates.
"""

from __future__ import annotations

import datetime as dt

from luoshi.enterprises import selectors as registry
from luoshi.enterprises.models import Enterprise, Qualification

KINDS = dict(Qualification.Kind.choices)
KIND_CHOICES = list(Qualification.Kind.choices)


def knows(credit_code: str) -> bool:
    return Enterprise.objects.filter(credit_code=credit_code).exists()


def held_qualifications(
    *, credit_code: str, on: dt.date, declared: list[str], tech_sme_years: list[int]
) -> tuple[set[str], set[int]]:
    """(kinds held on `on`, years with a tech-SME registration) for one organisation."""
    if knows(credit_code):
        kinds = registry.qualifications_on(credit_codes=[credit_code], on=on)[credit_code]
        years = registry.tech_sme_years(credit_codes=[credit_code])[credit_code]
        return set(kinds), set(years)
    return {k for k in declared if k in KINDS}, {int(y) for y in tech_sme_years}
