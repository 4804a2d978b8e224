"""The entry template (.xlsx) a supplying unit downloads, fills in and uploads back.

One row per element × place for the year. Columns A–F and K identify the row and are
for reading; G–J (value, status, source, note) are filled in. Reading the file back
checks every row and returns all problems at once, with the row number and column as
Excel shows them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from luoshi.core import spreadsheets
from luoshi.core.errors import ValidationFailed
from luoshi.core.spreadsheets import read_spreadsheet
from luoshi.indicators.models import DataElement, DataValue
from luoshi.org.models import Region

MARKER = "luoshi-indicators-template-v1"
EDITABLE = {7, 8, 9, 10}  # G..J
# A unit supplies a few elements for a few dozen places: an upload with more rows is not ours.
MAX_TEMPLATE_ROWS = 5000


def place_key(region: Region) -> str:
    return region.code or f"id{region.pk}"


def _headers() -> list[str]:
    return [
        _("Element code"),
        _("Data element"),
        _("Unit of measure"),
        _("Place code"),
        _("Place"),
        _("Year"),
        _("Value"),
        _("Status"),
        _("Source"),
        _("Note / explanation"),
        _("Approval"),
    ]


def _status_labels() -> dict[str, str]:
    return {str(label): code for code, label in DataValue.Status.choices}


def build_template(*, unit, year: int, rows: Sequence[dict]) -> bytes:
    """rows: dicts with element, region, value (DataValue or None), allowed (bool)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Values")[:31]
    headers = _headers()
    ws.append(headers)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    yellow = PatternFill("solid", fgColor="FFF8DC")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=1, column=col)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    statuses = [str(label) for _code, label in DataValue.Status.choices]
    check = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True)
    ws.add_data_validation(check)
    for row in rows:
        element, region, value = row["element"], row["region"], row.get("value")
        ws.append(
            [
                element.code,
                element.name,
                element.unit_of_measure,
                place_key(region),
                region.name,
                year,
                value.value if value is not None else None,
                (
                    value.get_status_display()
                    if value is not None
                    else str(DataValue.Status.PROVISIONAL.label)
                ),
                value.source if value is not None else "",
                value.note if value is not None else "",
                value.get_state_display() if value is not None else "",
            ]
        )
        r = ws.max_row
        locked = value is not None and value.locked
        for col in range(1, len(headers) + 1):
            cell = ws.cell(row=r, column=col)
            editable = col in EDITABLE and not locked
            cell.fill = yellow if editable else grey
            cell.protection = Protection(locked=not editable)
        check.add(f"H{r}")
    for col, width in zip(range(1, 12), (22, 26, 10, 12, 20, 8, 14, 10, 24, 36, 16), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "G2"

    info = wb.create_sheet(_("Instructions")[:31])
    info.append([MARKER])
    info.append([_("%(unit)s · figures for %(year)s") % {"unit": unit, "year": year}])
    info.append(
        [
            _(
                "Fill in the yellow columns (value, status, source, note) and upload the file on the entry page."
            )
        ]
    )
    info.append(
        [_("Grey rows are approved or accepted and cannot change; ask for an unlock first.")]
    )
    info.append(
        [
            _(
                "Leave a value empty to skip it. If any row is wrong, nothing is saved and every problem is listed."
            )
        ]
    )
    info.append([])
    info.append(
        [
            _("Element code"),
            _("Data element"),
            _("Unit of measure"),
            _("Allowed range"),
            _("Year-on-year change needing a comment (%)"),
            _("Definition"),
        ]
    )
    seen = set()
    for row in rows:
        element = row["element"]
        if element.pk in seen:
            continue
        seen.add(element.pk)
        low = "" if element.min_value is None else f"{element.min_value.normalize():f}"
        high = "" if element.max_value is None else f"{element.max_value.normalize():f}"
        info.append(
            [
                element.code,
                element.name,
                element.unit_of_measure,
                f"{low} – {high}" if (low or high) else "",
                "" if element.yoy_threshold is None else f"{element.yoy_threshold.normalize():f}",
                element.definition,
            ]
        )
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 28
    info.column_dimensions["F"].width = 60
    info.sheet_state = "visible"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    spreadsheets.text_only(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_template(upload, *, elements: Sequence[DataElement], places: Sequence[Region], year: int):
    """(entries, problems): ValueInput per filled row, RowError per problem."""
    import filetype

    from luoshi.indicators.inputs import RowError, ValueInput, decimal_or_none

    headers = _headers()
    problems: list[RowError] = []
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ("xlsx", "zip"):
        return [], [RowError(None, "", _("The file is not an Excel workbook (.xlsx)."))]
    data = upload.read()
    not_ours = RowError(
        None,
        "",
        _("This is not the template luoshi generates; download the template and fill it in."),
    )
    try:
        instructions = read_spreadsheet(data, sheet=1, max_rows=MAX_TEMPLATE_ROWS)
        values = read_spreadsheet(data, sheet=0, max_rows=MAX_TEMPLATE_ROWS)
    except ValidationFailed as exc:
        return [], [
            not_ours if isinstance(exc.__cause__, KeyError) else RowError(None, "", str(exc))
        ]
    if not (instructions and instructions[0] and instructions[0][0] == MARKER):
        return [], [not_ours]
    by_code = {e.code: e for e in elements}
    place_by_key = {place_key(p): p for p in places}
    status_by_label = _status_labels()
    entries: list[ValueInput] = []
    for number, row in enumerate(values[1:], start=2):
        cells = list(row) + [None] * (11 - len(row))
        code, _name, _uom, pkey, _place, row_year, raw, status, source, note = cells[:10]
        if all(c in (None, "") for c in cells[:10]):
            continue
        if raw in (None, ""):
            continue  # an empty value is skipped, never cleared
        element = by_code.get(str(code or "").strip())
        if element is None:
            problems.append(
                RowError(
                    number,
                    headers[0],
                    _("Unknown element code “%(code)s”, or your unit does not supply it.")
                    % {"code": code or ""},
                )
            )
            continue
        place = place_by_key.get(str(pkey or "").strip())
        if place is None:
            problems.append(
                RowError(
                    number, headers[3], _("Unknown place code “%(code)s”.") % {"code": pkey or ""}
                )
            )
            continue
        try:
            row_year_int = int(row_year)
        except (TypeError, ValueError):
            row_year_int = None
        if row_year_int != year:
            problems.append(
                RowError(number, headers[5], _("This template is for %(year)s.") % {"year": year})
            )
            continue
        try:
            value = decimal_or_none(raw)
        except ValueError:
            problems.append(
                RowError(number, headers[6], _("“%(text)s” is not a number.") % {"text": raw})
            )
            continue
        status_text = str(status or "").strip()
        if not status_text:
            status_code = DataValue.Status.PROVISIONAL
        elif status_text in status_by_label:
            status_code = status_by_label[status_text]
        elif status_text in DataValue.Status.values:
            status_code = status_text
        else:
            problems.append(
                RowError(
                    number,
                    headers[7],
                    _("Unknown status “%(text)s”; choose from the list.") % {"text": status_text},
                )
            )
            continue
        entries.append(
            ValueInput(
                element=element,
                region=place,
                year=year,
                value=value,
                status=status_code,
                source=str(source or "")[:200],
                note=str(note or ""),
                row=number,
            )
        )
    return entries, problems
