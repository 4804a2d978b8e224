"""Inspecting and making .xlsx files for the corpus."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl


def formulas_in(content: bytes) -> list[str]:
    """Every formula (`<f>` element) in any worksheet of the .xlsx."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += [f"{name}: {m}" for m in re.findall(r"<f[ >][^<]*", xml)]
    return found


def string_cells(content: bytes) -> set[str]:
    """The text of every string cell (other types are not collected)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "s" and isinstance(cell.value, str)
    }


def assert_text_not_formulas(content: bytes, payloads) -> None:
    assert formulas_in(content) == []
    cells = string_cells(content)
    # openpyxl turns the CR of "\r=…" into "_x000D_" on the way out and back: compare stripped.
    normalised = {c.replace("_x000D_", "\r").strip() for c in cells}
    for payload in payloads:
        assert payload.strip() in normalised, payload
