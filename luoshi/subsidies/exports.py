"""The payment list (拨付清单) of a round as .xlsx, through the formula-safe writer."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from luoshi.core.spreadsheets import xlsxwriter_book


def payment_list_xlsx(round_, lines) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter_book(out, in_memory=True)
    ws = book.add_worksheet(_("Payment list")[:31])
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    money2 = book.add_format({"num_format": "#,##0.00"})
    ws.write(0, 0, round_.title, bold)
    headings = [
        _("No."),
        pgettext("firm", "Name"),
        _("Unified social credit code"),
        _("County/district"),
        _("Park"),
        _("R&D expenses (yuan)"),
        _("Base (yuan)"),
        _("Subsidy (yuan)"),
    ]
    for col, text in enumerate(headings):
        ws.write(2, col, text, bold)
    row = 3
    total = 0
    for n, line in enumerate(lines, start=1):
        firm = line.enterprise
        ws.write_number(row, 0, n)
        ws.write_string(row, 1, firm.name)
        ws.write_string(row, 2, firm.credit_code)
        ws.write_string(row, 3, firm.county.name if firm.county else "")
        ws.write_string(row, 4, firm.park.name if firm.park else "")
        ws.write_number(row, 5, float(line.spending), money2)
        ws.write_number(row, 6, float(line.base_amount), money2)
        ws.write_number(row, 7, int(line.amount), money)
        total += int(line.amount)
        row += 1
    ws.write_string(row, 1, _("Total"), bold)
    ws.write_number(row, 7, total, money)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 2, 22)
    ws.set_column(3, 7, 14)
    book.close()
    return out.getvalue()
