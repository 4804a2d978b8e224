"""Where programme eligibility learns which qualifications an organisation holds.

One function for every programme (finance and projects call it). Until the enterprise
registry (luoshi.enterprises) is on main, the applicant declares its qualifications and the
deciding bank or office checks the certificates; afterwards this reads
`luoshi.enterprises.selectors.qualifications_on` and `tech_sme_years` instead, and the
declaration becomes a fallback for firms the registry does not know.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

# The kinds of luoshi.enterprises.models.Qualification.Kind (shared interface).
KINDS = {
    "high_tech": _("National high-tech enterprise"),
    "tech_sme": _("Tech-based SME"),
    "srdi": _("Specialised, refined, distinctive and innovative (专精特新)"),
    "little_giant": _("Little giant"),
    "gazelle": _("Gazelle enterprise"),
    "unicorn": _("Unicorn"),
    "advanced_service": _("Advanced technology service enterprise"),
}
KIND_CHOICES = list(KINDS.items())


def held_qualifications(
    *, credit_code: str, on: dt.date, declared: list[str], tech_sme_years: list[int]
) -> tuple[set[str], set[int]]:
    """(kinds held on `on`, years with a tech-SME registration) for one organisation."""
    return {k for k in declared if k in KINDS}, {int(y) for y in tech_sme_years}
