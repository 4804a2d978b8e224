"""Well-formed unified social credit codes for demo and test organisations (GB 32100-2015:
registration authority and kind "91" = enterprise, the division code, a 9-character
organisation code with its GB 11714 check character, then the code's own check character)."""

from __future__ import annotations

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code(serial: int) -> str:
    body = f"{serial:08d}"[-8:]
    c = 11 - sum(int(d) * w for d, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def synthetic_credit_code(serial: int, *, division: str = "510903", prefix: str = "91") -> str:
    from stdnum.cn import uscc

    head = prefix + division + _org_code(serial)
    return head + uscc.calc_check_digit(head + "0")
