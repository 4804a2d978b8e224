"""Valid invention patent numbers for tests and demo data."""

from __future__ import annotations

from luoshi.patents.models import check_character


def patent_number(year: int, serial: int, kind: str = "1") -> str:
    """ZL + the 12-digit application number of an invention patent (kind 1) + its check."""
    digits = f"{year}{kind}{serial:07d}"
    return f"ZL{digits}.{check_character(digits)}"
