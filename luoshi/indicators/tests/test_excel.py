"""The Excel template round trip: download, fill in, upload. A single bad row rejects
the whole file and every problem is listed with its row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from luoshi.indicators import exports, selectors, services
from luoshi.indicators.models import DataValue
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _template(user, year=2023):
    grid = selectors.entry_grid(viewer=user, year=year)
    return load_workbook(io.BytesIO(exports.entry_template_xlsx(grid)))


def _fill(wb, values: dict[tuple[str, str], object]):
    """values: (element code, place name) -> value cell content."""
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[4].value)
        if key in values:
            row[6].value = values[key]
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("filled.xlsx", buffer.getvalue(), content_type=XLSX)


def _upload(user, catalogue, upload, year=2023):
    return services.values_upload(actor=user, unit=catalogue["unit"], year=year, upload=upload)


def test_the_template_lists_every_element_for_every_place(catalogue, lead_reporter, places):
    ws = _template(lead_reporter).worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 * len(places)
    assert {r[0] for r in rows} == {"rd", "gdp", "firms"}
    assert all(r[5] == 2023 for r in rows)


def test_a_filled_template_uploads_every_value(catalogue, lead_reporter, city):
    upload = _fill(
        _template(lead_reporter),
        {
            ("rd", "遂宁市"): 14.5,
            ("gdp", "遂宁市"): "1,740.6",
            ("firms", "遂宁市"): 209,
            ("firms", "船山区"): 60,
        },
    )
    result = _upload(lead_reporter, catalogue, upload)
    assert result.created == 4
    value = DataValue.objects.get(element=catalogue["gdp"], region=city)
    assert str(value.value) == "1740.6000" and value.state == DataValue.State.DRAFT
    assert value.entered_by == lead_reporter


def test_a_bad_row_rejects_the_whole_file_and_each_problem_names_its_row(catalogue, lead_reporter):
    wb = _template(lead_reporter)
    ws = wb.worksheets[0]
    rows = {(r[0].value, r[4].value): r[0].row for r in ws.iter_rows(min_row=2)}
    upload = _fill(
        wb,
        {
            ("firms", "遂宁市"): 209,  # fine
            ("firms", "船山区"): "六十",  # not a number
            ("firms", "射洪市"): 20.5,  # not a whole number
            ("rd", "安居区"): 2000,  # above the allowed 1000
        },
    )
    with pytest.raises(services.RowsInvalid) as exc:
        _upload(lead_reporter, catalogue, upload)
    problems = {p.row for p in exc.value.rows}
    assert problems == {
        rows[("firms", "船山区")],
        rows[("firms", "射洪市")],
        rows[("rd", "安居区")],
    }
    assert not DataValue.objects.exists()


def test_problems_across_rows_are_reported_together(catalogue, lead_reporter):
    wb = _template(lead_reporter)
    rows = {(r[0].value, r[4].value): r[0].row for r in wb.worksheets[0].iter_rows(min_row=2)}
    upload = _fill(wb, {("firms", "射洪市"): 20.5, ("rd", "安居区"): 2000, ("gdp", "安居区"): 10})
    with pytest.raises(services.RowsInvalid) as exc:
        _upload(lead_reporter, catalogue, upload)
    assert {p.row for p in exc.value.rows} == {rows[("firms", "射洪市")], rows[("rd", "安居区")]}
    assert all(p.column for p in exc.value.rows)


def test_problems_are_explained_in_chinese(catalogue, lead_reporter):
    upload = _fill(_template(lead_reporter), {("firms", "船山区"): "六十"})
    with pytest.raises(services.RowsInvalid) as exc:
        _upload(lead_reporter, catalogue, upload)
    text = str(exc.value.rows[0])
    assert "第" in text and "行" in text and "不是数字" in text


def test_a_locked_value_cannot_be_changed_by_upload(catalogue, lead_reporter, city):
    publish(catalogue["unit"], [entry(catalogue["firms"], city, 2023, 209)])
    upload = _fill(_template(lead_reporter), {("firms", "遂宁市"): 300})
    with pytest.raises(services.RowsInvalid):
        _upload(lead_reporter, catalogue, upload)
    assert DataValue.objects.get().value == 209


def test_a_file_that_is_not_the_template_is_refused(catalogue, lead_reporter):
    with pytest.raises(services.RowsInvalid):
        _upload(
            lead_reporter,
            catalogue,
            SimpleUploadedFile("x.xlsx", b"not a workbook", content_type=XLSX),
        )
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(services.RowsInvalid):
        _upload(
            lead_reporter,
            catalogue,
            SimpleUploadedFile("other.xlsx", buffer.getvalue(), content_type=XLSX),
        )


def test_the_upload_page_lists_the_problems_and_saves_nothing(catalogue, lead_reporter, login):
    upload = _fill(
        _template(lead_reporter), {("firms", "船山区"): "六十", ("firms", "遂宁市"): 209}
    )
    response = login(lead_reporter).post("/indicators/entry/2023/upload/", {"file": upload})
    assert response.status_code == 422
    assert 'data-testid="upload-problems"' in response.content.decode()
    assert not DataValue.objects.exists()


def test_the_template_downloads_from_the_entry_page(catalogue, lead_reporter, login):
    response = login(lead_reporter).get("/indicators/entry/2023/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row > 1
