"""Reading published lists and matching their rows to the registry (no writes here).

Accepted layouts, told apart by their headings (the first row, within the first ten, that
names the firm):

- the high-tech recognition announcement (高企认定公告): 序号, 企业名称, 证书编号 and often
  发证日期 / 批次 (when absent, the page's issue date and batch apply to every row);
- the tech-SME registration list (科技型中小企业入库名单): 企业名称, 统一社会信用代码 (often),
  入库登记编号, 年度 (else the year the number starts with, else the page's year);
- the luoshi template (any list): 统一社会信用代码, 企业名称, 注册地址, 行业代码 and, for
  qualifications, the columns above.

Rows are matched by credit code, then exact name, then a former name or alias; a row that
matches none and carries no code gets fuzzy suggestions (rapidfuzz) a person confirms.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.core.spreadsheets import read_spreadsheet
from luoshi.enterprises.attribution import clean_credit_code

MAX_ROWS = 20_000
MAX_CSV_BYTES = 16 * 1024 * 1024

HEADINGS = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit code"),
    "name": ("企业名称", "单位名称", "名称", "name"),
    "number": ("证书编号", "入库登记编号", "入库编号", "登记编号", "编号", "number"),
    "issued_on": ("发证日期", "发证时间", "认定日期", "issued"),
    "batch": ("批次", "认定批次", "batch"),
    "year": ("年度", "入库年度", "year"),
    "address": ("注册地址", "地址", "注册地", "address"),
    "industry_code": ("行业代码", "国民经济行业代码", "所属行业代码", "industry"),
}
CERTIFICATE = re.compile(r"^GR(\d{4})(\d{2})(\d{6})$")
TECH_SME_NUMBER = re.compile(r"^(\d{4})\w{6,30}$")


@dataclass
class Row:
    line: int
    credit_code: str = ""
    name: str = ""
    number: str = ""
    issued_on: str = ""  # ISO date
    batch: str = ""
    year: int | None = None
    address: str = ""
    industry_code: str = ""
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        try:  # 2021-05-20, the common case, read in C
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    m = DATE.match(text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def read_table(data: bytes, file_name: str) -> list[tuple]:
    """The rows of an uploaded .xlsx or .csv, bounded (see core.spreadsheets)."""
    lower = file_name.lower()
    if lower.endswith(".xlsx") or data[:2] == b"PK":
        return read_spreadsheet(data, max_rows=MAX_ROWS + 20)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        if len(data) > MAX_CSV_BYTES:
            raise ValidationFailed(
                _("The CSV file is larger than 16 MB; split it into several files.")
            )
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationFailed(_("The CSV file is neither UTF-8 nor GB18030 text."))
        if "\x00" in text:
            raise ValidationFailed(_("The CSV file holds binary data; it cannot be read."))
        rows = []
        for row in csv.reader(io.StringIO(text)):
            rows.append(tuple(cell[:500] for cell in row[:30]))
            if len(rows) > MAX_ROWS + 20:
                raise ValidationFailed(
                    _("The sheet has more than %(n)s rows; split it into several files.")
                    % {"n": f"{MAX_ROWS:,}"}
                )
        return rows
    raise ValidationFailed(_("Upload the list as an Excel workbook (.xlsx) or a CSV file."))


def heading(value) -> str:
    """A heading cell as compared: no spaces or line breaks, no unit in brackets."""
    text = _text(value).replace(" ", "").replace("\n", "").replace("\u3000", "")
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


def header_row(
    rows: list[tuple], headings: dict[str, tuple[str, ...]] | None = None
) -> tuple[int, dict[str, int]]:
    """The heading row (the first of the first ten naming the firm) and each known column's
    position. Shared by every list luoshi imports."""
    headings = headings or HEADINGS
    for index, row in enumerate(rows[:10]):
        cells = [heading(c) for c in row]
        columns: dict[str, int] = {}
        for key, names in headings.items():
            for position, cell in enumerate(cells):
                if cell and any(cell == n or cell.lower() == n for n in names):
                    columns.setdefault(key, position)
        if "name" in columns:
            return index, columns
    raise ValidationFailed(
        _(
            "No heading row names the firms (企业名称) in the first ten rows; use the published layout or the luoshi template."
        )
    )


def parse_rows(kind: str, table: list[tuple], options: dict) -> list[Row]:
    """Rows of the list with their values checked; each problem in plain words on its row."""
    start, columns = header_row(table)
    if kind == "high_tech" and "number" not in columns:
        raise ValidationFailed(_("The list has no certificate number column (证书编号)."))
    if kind == "tech_sme" and "number" not in columns:
        raise ValidationFailed(_("The list has no registration number column (入库登记编号)."))
    if kind == "enterprises" and "credit_code" not in columns:
        raise ValidationFailed(_("The list has no credit code column (统一社会信用代码)."))
    default_issued = options.get("issued_on") or ""
    default_batch = options.get("batch") or ""
    default_year = options.get("year")
    out = []
    for offset, raw in enumerate(table[start + 1 :], start=start + 2):

        def cell(key, raw=raw):
            pos = columns.get(key)
            return raw[pos] if pos is not None and pos < len(raw) else None

        if not any(_text(c) for c in raw):
            continue
        row = Row(line=offset)
        row.name = _text(cell("name"))[:200]
        row.address = _text(cell("address"))[:300]
        row.industry_code = _text(cell("industry_code"))[:5].upper()
        row.number = _text(cell("number")).upper()[:40]
        row.batch = _text(cell("batch"))[:60] or default_batch
        code = _text(cell("credit_code"))
        if code:
            try:
                row.credit_code = clean_credit_code(code)
            except ValidationFailed as exc:
                row.errors.append(str(exc))
        if not row.name:
            row.errors.append(_("The firm's name is empty."))
        if kind == "enterprises" and not code:
            row.errors.append(_("The unified social credit code is missing."))
        if kind == "high_tech":
            match = CERTIFICATE.match(row.number)
            if not match:
                row.errors.append(
                    _("“%(number)s” is not a certificate number like GR202251001234.")
                    % {"number": row.number or _("(empty)")}
                )
            try:
                issued = _date(cell("issued_on")) or (
                    dt.date.fromisoformat(default_issued) if default_issued else None
                )
            except ValueError:
                issued = None
                row.errors.append(
                    _("The issue date “%(value)s” is not a date like 2023-12-12.")
                    % {"value": _text(cell("issued_on"))}
                )
            else:
                if issued is None:
                    row.errors.append(
                        _(
                            "The issue date is missing (a column 发证日期, or the date on the import page)."
                        )
                    )
                elif match and int(match[1]) != issued.year:
                    row.errors.append(
                        _(
                            "The certificate %(number)s belongs to %(year)s but the issue date is %(date)s."
                        )
                        % {"number": row.number, "year": match[1], "date": issued.isoformat()}
                    )
            row.issued_on = issued.isoformat() if issued else ""
        if kind == "tech_sme":
            year_text = _text(cell("year"))
            year = None
            if year_text:
                m = re.match(r"^(\d{4})", year_text)
                year = int(m[1]) if m else None
                if year is None:
                    row.errors.append(
                        _("The year “%(value)s” is not a year.") % {"value": year_text}
                    )
            elif TECH_SME_NUMBER.match(row.number):
                year = int(row.number[:4])
            elif default_year:
                year = int(default_year)
            if not row.number:
                row.errors.append(_("The registration number is empty."))
            if year is None and not row.errors:
                row.errors.append(
                    _("The year is missing (a column 年度, or the year on the import page).")
                )
            if year is not None and not 2000 <= year <= 2100:
                row.errors.append(_("The year %(year)s is out of range.") % {"year": year})
                year = None
            row.year = year
        out.append(row)
        if len(out) > MAX_ROWS:
            raise ValidationFailed(
                _("The sheet has more than %(n)s rows; split it into several files.")
                % {"n": f"{MAX_ROWS:,}"}
            )
    if not out:
        raise ValidationFailed(_("The list has a heading row but no firms under it."))
    return out
