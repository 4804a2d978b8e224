"""The task-breakdown workbook (任务分解表) from the plan page and the command line."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from luoshi.plans import services

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限"]


def download(client, plan, fmt):
    response = client.get(reverse("plans:export", args=[plan.pk, fmt]))
    assert response.status_code == 200
    return response


def test_the_xlsx_has_title_header_section_rows_frozen_header_print_titles_and_a4_landscape(
    login, leader, plan
):
    from openpyxl import load_workbook

    response = download(login(leader), plan, "xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert (
        "attachment" in response["Content-Disposition"]
        and ".xlsx" in response["Content-Disposition"]
    )
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws["A1"].value == "遂宁市增强协同创新发展能力行动方案任务分解表"
    assert [c.value for c in ws[2]] == HEADERS
    column_a = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert "(一)融入协同创新格局" in column_a and "(八)共建协同创新生态" in column_a
    assert column_a.count(None) == 0
    first = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "1")
    assert ws.cell(row=first, column=2).value == "融入成渝地区双城经济圈建设"
    assert ws.cell(row=first, column=4).value == "市发展改革委"
    assert "市委组织部" in ws.cell(row=first, column=5).value
    assert ws.cell(row=first, column=3).alignment.wrap_text
    assert sum(1 for v in column_a if v and re.fullmatch(r"\d+", str(v))) == 25
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows in ("2:2", "$2:$2")
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)


def test_the_docx_is_a4_landscape_with_a_repeated_header_row(login, leader, plan):
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document(io.BytesIO(download(login(leader), plan, "docx").content))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    texts = [row.cells[1].text for row in table.rows]
    assert "加大知识产权保护力度" in texts


def test_the_workbook_follows_the_current_version(
    login, leader, plan, coordinator, directory, suining_text
):
    revised = re.sub(r"\n20\.协同实施国际大科学培育计划[^\n]*", "", suining_text)
    services.plan_import(
        actor=coordinator, data=revised.encode(), filename="v2.txt", region=directory
    )
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(download(login(leader), plan, "xlsx").content)).worksheets[0]
    titles = [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)]
    assert "协同实施国际大科学培育计划" not in titles and "加大知识产权保护力度" in titles


def test_an_unknown_format_is_not_found(login, leader, plan):
    assert login(leader).get(reverse("plans:export", args=[plan.pk, "csv"])).status_code == 404


def test_the_command_line_writes_the_same_workbook(plan, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "breakdown.xlsx"
    call_command(
        "export_breakdown", plan=plan.pk, fmt="xlsx", output=str(out), stdout=io.StringIO()
    )
    assert load_workbook(out).worksheets[0]["A1"].value.endswith("任务分解表")


SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


@pytest.mark.skipif(
    not Path(SOFFICE).exists() or not shutil.which("pdftoppm"), reason="LibreOffice not installed"
)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_libreoffice_renders_the_workbook_to_a_pdf_page(login, leader, plan, tmp_path, fmt):
    source = tmp_path / f"breakdown.{fmt}"
    source.write_bytes(download(login(leader), plan, fmt).content)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "breakdown.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 1
    width, height = (
        float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    )
    assert round(width) == 842 and round(height) == 595  # A4 landscape, in points
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = next(tmp_path.glob("page*.png"))
    assert image.stat().st_size > 10_000
    # Kept for a person to look at, like the browser screenshots.
    keep = Path(__file__).resolve().parents[3] / "test-results" / "plans-workbook"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(image, keep / f"breakdown-{fmt}-page1.png")
