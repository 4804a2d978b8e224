"""What a person or a workbook hands in to the indicator services: a value, a yearly target,
a row's error, a number read from text. Below both the services and the workbook readers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from luoshi.indicators.models import DataElement, DataValue, Goal
from luoshi.org.models import Region


@dataclass
class ValueInput:
    """One cell as a person typed it. value=None clears a draft cell."""

    element: DataElement
    region: Region
    year: int
    value: Decimal | None
    quarter: int = 0
    status: str = DataValue.Status.PROVISIONAL
    source: str = ""
    note: str = ""
    version: int | None = None  # the version the person saw; None skips the concurrency check
    row: int | None = None  # spreadsheet row, for messages
    key: str = ""  # form field prefix, for messages
    demo: bool = False  # generated, not reported

    @property
    def label(self) -> str:
        period = str(self.year) + (f"Q{self.quarter}" if self.quarter else "")
        return f"{self.element.name} · {self.region.name} · {period}"


@dataclass
class RowError:
    row: int | None
    column: str
    message: str
    key: str = ""

    def __str__(self) -> str:
        if self.row is not None:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return self.message


@dataclass
class YearlyTargetInput:
    goal: Goal
    region: Region
    year: int
    value: Decimal | None  # None clears the cell
    note: str = ""
    row: int | None = None  # spreadsheet row, for messages
    key: str = ""  # form field, for messages
    demo: bool = False


def decimal_or_none(text) -> Decimal | None:
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Decimal(str(text))
    text = str(text).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
