"""Spreadsheets in and out: people's text is written as text, never as a formula, and an
uploaded workbook is read within bounds.

Writing: a report, a task title or a note that starts with `=` (or `+`, `-`, `@`) must not
become a live formula (or a link) in the file someone opens in Excel — formula injection.
Every writer goes through this module: XlsxWriter books are made by `xlsxwriter_book`
(strings stay strings), openpyxl cells pass through `as_text`/`append`, or a finished
openpyxl workbook through `text_only`. The planparse package cannot import core (it is
Django-free and stands alone) and applies the same rule in its own writer; a test in
tests/security checks every writer's output for formulas.

Reading: see `read_xlsx_rows`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# XlsxWriter turns "=…" into a formula, "http://…" into a link and "12" into a number unless
# told otherwise; user text must stay exactly what was typed.
XLSXWRITER_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def xlsxwriter_book(target, **options):
    """An XlsxWriter Workbook that writes every str as a string cell."""
    import xlsxwriter

    return xlsxwriter.Workbook(target, {**options, **XLSXWRITER_OPTIONS})


def as_text(cell):
    """An openpyxl cell whose str value is kept as a string (openpyxl makes "=…" a formula
    and "#N/A" an error otherwise). Returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def append(ws, values: Iterable[Any]) -> None:
    """`ws.append(values)` with every str written as text; works in write-only mode too."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    if isinstance(ws, WriteOnlyWorksheet):
        ws.append(
            [v if isinstance(v, Cell) else as_text(WriteOnlyCell(ws, value=v)) for v in values]
        )
        return
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        as_text(cell)


def text_only(workbook) -> None:
    """Mark every str cell of a (not write-only) openpyxl workbook as text before saving."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                as_text(cell)


# -- reading ------------------------------------------------------------------------------


class SpreadsheetTooLarge(ValueError):
    """The workbook is beyond a documented limit; str() says which, in English (callers
    show their own translated message with `limit` and `what`)."""

    def __init__(self, what: str, limit: int):
        super().__init__(f"{what} exceeds the limit of {limit}")
        self.what = what
        self.limit = limit


@dataclass(frozen=True)
class XlsxLimits:
    """Bounds on an uploaded .xlsx, checked before and while it is read (README, Security)."""

    max_entries: int = 100  # files in the zip archive
    max_expanded_bytes: int = 16 * 1024 * 1024  # sum of the entries' uncompressed sizes
    max_rows: int = 20_000  # rows read from the sheet
    max_columns: int = 30  # columns kept from a row (cells further right are ignored)
    max_cells_per_row: int = 1_000  # cells a row may hold at all


DEFAULT_XLSX_LIMITS = XlsxLimits()


def check_archive(source, limits: XlsxLimits = DEFAULT_XLSX_LIMITS) -> None:
    """Refuse a zip whose entry count or expanded size is beyond `limits`, reading only its
    central directory (declared sizes; `read_xlsx_rows` also stops a stream that inflates
    past its declared size, as zipfile checks). Raises SpreadsheetTooLarge, or
    zipfile.BadZipFile for a file that is no zip."""
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise SpreadsheetTooLarge("entries", limits.max_entries)
        if sum(info.file_size for info in infos) > limits.max_expanded_bytes:
            raise SpreadsheetTooLarge("expanded size", limits.max_expanded_bytes)


def read_xlsx_rows(
    data: bytes, *, sheet: str | int = 0, limits: XlsxLimits = DEFAULT_XLSX_LIMITS
) -> Iterator[tuple]:
    """The rows of one sheet of an uploaded .xlsx, as tuples of at most `limits.max_columns`
    values (trailing empty cells dropped), in bounded memory and time:

    - the archive's entry count and expanded size are checked before anything is parsed;
    - the sheet's declared `<dimension>` is ignored: rows are streamed as they are in the
      file, never padded to a declared size;
    - each cell is decoded as soon as it ends and dropped, so a row with a million cells
      costs no memory; a row with more than `max_cells_per_row` cells, or more than
      `max_rows` rows, stops the read with SpreadsheetTooLarge;
    - XML is parsed by defusedxml (no entity expansion, no external entities).

    Shared strings, styles (which numbers are dates) and cell decoding are openpyxl's.
    `sheet` is an index or a name; a missing sheet raises KeyError. openpyxl's errors on a
    damaged file pass through."""
    from defusedxml.ElementTree import iterparse
    from openpyxl import load_workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser

    source = io.BytesIO(data)
    check_archive(source, limits)
    source.seek(0)
    book = load_workbook(source, read_only=True, data_only=True)
    try:
        if isinstance(sheet, int):
            if sheet >= len(book.worksheets):
                raise KeyError(sheet)
            ws = book.worksheets[sheet]
        else:
            ws = book[sheet]
        decoder = WorkSheetParser(
            None,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        rows = 0
        with book._archive.open(ws._worksheet_path) as stream:
            row_element = None
            values: list = []
            cells = column = 0
            for event, element in iterparse(stream, events=("start", "end")):
                if element.tag == ROW_TAG:
                    if event == "start":
                        row_element, values, cells, column = element, [], 0, 0
                        # Rows without cells are left out of the file: yield them empty so
                        # row numbers stay the sheet's (bounded by max_rows like the rest).
                        number = element.get("r")
                        target = int(number) if number and number.isdigit() else rows + 1
                        while rows + 1 < target:
                            rows += 1
                            if rows > limits.max_rows:
                                raise SpreadsheetTooLarge("rows", limits.max_rows)
                            yield ()
                        rows += 1
                        if rows > limits.max_rows:
                            raise SpreadsheetTooLarge("rows", limits.max_rows)
                        continue
                    while values and values[-1] is None:
                        values.pop()
                    row_element = None
                    element.clear()
                    yield tuple(values)
                elif element.tag == CELL_TAG and event == "end" and row_element is not None:
                    cells += 1
                    if cells > limits.max_cells_per_row:
                        raise SpreadsheetTooLarge("cells in a row", limits.max_cells_per_row)
                    reference = element.get("r")
                    if reference:
                        column = column_index_from_string(coordinate_from_string(reference)[0])
                    else:
                        column += 1
                    if column <= limits.max_columns:
                        value = decoder.parse_cell(element)["value"]
                        if value is not None:
                            values.extend([None] * (column - len(values)))
                            values[column - 1] = value
                    row_element.remove(element)
    finally:
        book.close()


def read_spreadsheet(
    data: bytes,
    *,
    sheet: str | int = 0,
    max_rows: int | None = None,
    max_columns: int | None = None,
) -> list[tuple]:
    """`read_xlsx_rows` for an upload: every row, or ValidationFailed with a message for the
    person (a damaged file, a missing sheet, or a limit passed, saying which)."""
    from django.utils.translation import gettext as _

    from luoshi.core.errors import ValidationFailed

    limits = DEFAULT_XLSX_LIMITS
    if max_rows is not None or max_columns is not None:
        limits = XlsxLimits(
            **{
                **limits.__dict__,
                **({"max_rows": max_rows} if max_rows is not None else {}),
                **({"max_columns": max_columns} if max_columns is not None else {}),
            }
        )
    try:
        return list(read_xlsx_rows(data, sheet=sheet, limits=limits))
    except SpreadsheetTooLarge as exc:
        messages = {
            "entries": _("The workbook holds more than %(n)s parts; it cannot be read."),
            "expanded size": _(
                "The workbook expands to more than %(n)s bytes when opened; it cannot be read."
            ),
            "rows": _("The sheet has more than %(n)s rows; split it into several files."),
            "cells in a row": _("A row of the sheet has more than %(n)s cells; it cannot be read."),
        }
        raise ValidationFailed(messages[exc.what] % {"n": f"{exc.limit:,}"}) from exc
    except KeyError as exc:
        raise ValidationFailed(_("The workbook lacks the expected sheet.")) from exc
    except Exception as exc:  # openpyxl and zipfile raise many kinds of errors on damaged files
        raise ValidationFailed(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from exc
