"""The breakdown workbook (目标分解表): one row per monitored target × place, one column per
year, filled with the yearly targets set so far. The office fills it in and uploads it back;
reading checks every cell and returns all problems at once, with the row and column Excel
shows. An empty cell is skipped, never cleared (clear a cell on the target's page)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from luoshi.indicators.excel import place_key
from luoshi.indicators.models import Goal
from luoshi.org.models import Region

MARKER = "luoshi-breakdown-v1"
FIXED = 4  # target code, target, place code, place
MAX_ROWS = 5000
MAX_YEARS = 40


def _headers() -> list[str]:
    return [_("Target code"), _("Target"), _("Place code"), _("Place")]


def build_workbook(
    *,
    plan,
    goals: Sequence[Goal],
    places: Sequence[Region],
    years: list[int],
    values: dict,
    demo: set | frozenset = frozenset(),
) -> bytes:
    """values: (goal id, place id, year) → Decimal; demo: the keys of demo values, named in
    the last column."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Yearly targets")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    for col, text in enumerate([*_headers(), *[str(y) for y in years], _("Notes")], start=1):
        cell = sheet.cell(row=1, column=col, value=text)
        cell.font, cell.fill = bold, fill
    line = 1
    for goal in goals:
        for place in places:
            line += 1
            unit = goal.indicator.unit_of_measure if goal.indicator else ""
            sheet.cell(row=line, column=1, value=f"g{goal.pk}")
            sheet.cell(row=line, column=2, value=f"{goal.name}（{unit}）" if unit else goal.name)
            sheet.cell(row=line, column=3, value=place_key(place))
            sheet.cell(row=line, column=4, value=place.name)
            for i, year in enumerate(years):
                value = values.get((goal.pk, place.pk, year))
                if value is not None:
                    sheet.cell(row=line, column=FIXED + 1 + i, value=float(value))
            demo_years = [str(y) for y in years if (goal.pk, place.pk, y) in demo]
            if demo_years:
                sheet.cell(
                    row=line,
                    column=FIXED + len(years) + 1,
                    value=_("demo data: %(years)s") % {"years": "、".join(demo_years)},
                )
    widths = [8, 36, 10, 22] + [10] * len(years)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "E2"
    info = book.create_sheet(_("About"))
    info.append([MARKER])
    info.append([plan.title])
    info.append(
        [
            _(
                "Fill in each place's target for each year; an empty cell is left as it is. "
                "Do not change the codes in columns A and C."
            )
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_workbook(upload, *, goals: Sequence[Goal], places: Sequence[Region]):
    """(entries, problems): a YearlyTargetInput per filled cell, a RowError per problem."""
    import filetype

    from luoshi.indicators.inputs import RowError, YearlyTargetInput, decimal_or_none

    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    not_a_workbook = [RowError(None, "", _("The file is not an Excel workbook (.xlsx)."))]
    if kind is None or kind.extension not in ("xlsx", "zip"):
        return [], not_a_workbook
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        return [], not_a_workbook
    sheets = book.worksheets
    if (
        len(sheets) < 2
        or next(sheets[1].iter_rows(min_row=1, max_row=1, values_only=True), (None,))[0] != MARKER
    ):
        book.close()
        return [], [
            RowError(
                None,
                "",
                _(
                    "This is not the breakdown workbook luoshi generates; download it and fill it in."
                ),
            )
        ]
    by_code = {f"g{g.pk}": g for g in goals}
    by_place = {place_key(p): p for p in places}
    entries, problems = [], []
    rows = sheets[0].iter_rows(values_only=True, max_col=FIXED + MAX_YEARS)
    header = list(next(rows, ()) or ())
    years: list[int | None] = []
    for text in header[FIXED:]:
        try:
            years.append(int(str(text).strip()) if text not in (None, "") else None)
        except ValueError:
            years.append(None)
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problems.append(
                RowError(None, "", _("At most %(count)s rows are read.") % {"count": MAX_ROWS})
            )
            break
        cells = list(row) + [None] * (FIXED + len(years) - len(row))
        if all(c in (None, "") for c in cells):
            continue
        goal = by_code.get(str(cells[0] or "").strip())
        if goal is None:
            problems.append(
                RowError(
                    number,
                    _("Target code"),
                    _("Unknown target code “%(code)s”.") % {"code": cells[0] or ""},
                )
            )
            continue
        place = by_place.get(str(cells[2] or "").strip())
        if place is None:
            problems.append(
                RowError(
                    number,
                    _("Place code"),
                    _("Unknown place code “%(code)s”.") % {"code": cells[2] or ""},
                )
            )
            continue
        for i, year in enumerate(years):
            raw = cells[FIXED + i]
            if raw in (None, ""):
                continue
            column = get_column_letter(FIXED + 1 + i)
            if year is None:
                continue  # a column of notes
            try:
                value = decimal_or_none(raw)
            except ValueError:
                problems.append(
                    RowError(number, column, _("“%(text)s” is not a number.") % {"text": raw})
                )
                continue
            entries.append(
                YearlyTargetInput(goal=goal, region=place, year=year, value=value, row=number)
            )
    book.close()
    return entries, problems
