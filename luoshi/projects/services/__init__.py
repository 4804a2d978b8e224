"""Project and challenge writes. Each service checks permission and state, writes, and
records the audit event; money is Decimal yuan rounded once (rules.py).

    common      checks and fields every service shares
    calls       calls, applications, review, approval list, contracts, acceptance
    challenges  揭榜挂帅
"""

from luoshi.projects.services.calls import (
    acceptance,
    aggregates,
    application_submit,
    call_close,
    call_create,
    call_decide,
    call_open,
    call_publish_list,
    contract_sign,
    formal_review,
    panel_draw,
    scores_save,
    tranche_pay,
    tranches_of,
)
from luoshi.projects.services.challenges import (
    bid_submit,
    challenge_accept,
    challenge_close,
    challenge_create,
    challenge_publish,
    challenge_sign,
)
from luoshi.projects.services.common import (
    TOLERANCE_CONDITIONS,
)

__all__ = [
    "TOLERANCE_CONDITIONS",
    "acceptance",
    "aggregates",
    "application_submit",
    "bid_submit",
    "call_close",
    "call_create",
    "call_decide",
    "call_open",
    "call_publish_list",
    "challenge_accept",
    "challenge_close",
    "challenge_create",
    "challenge_publish",
    "challenge_sign",
    "contract_sign",
    "formal_review",
    "panel_draw",
    "scores_save",
    "tranche_pay",
    "tranches_of",
]
