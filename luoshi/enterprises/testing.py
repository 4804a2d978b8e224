"""Valid credit codes for tests, demo data and the scale generator."""

from __future__ import annotations

import random

from stdnum.cn import uscc

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(division: str, serial: int | None = None, rng: random.Random | None = None) -> str:
    """A code that passes the GB 32100-2015 check for a firm registered in `division`."""
    if serial is None:
        rng = rng or random.Random()
        body = "".join(rng.choice(_ALPHABET) for _ in range(9))
    else:
        body = f"MA{serial:07d}"
    head = f"91{division}{body}"
    return head + uscc.calc_check_digit(head)
