"""Official documents in the national layout (GB/T 9704-2012): what each says, its page
setup and fonts, issuing with a number, and — where LibreOffice is installed — the PDF it
renders to (kept under test-results/official-documents/ with a PNG of its first page)."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from luoshi.assessment import documents, services
from luoshi.assessment.models import IssuedDocument
from luoshi.assessment.selectors import documents as reads
from luoshi.assessment.selectors import scheme as scheme_reads
from luoshi.core import officialdoc
from luoshi.core.errors import ValidationFailed
from luoshi.supervision import services as supervision

pytestmark = pytest.mark.django_db
OUT = Path("test-results") / "official-documents"


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def consolidate(period, task, lead_approver, office=None, **fields):
    c = supervision.consolidation_save(
        actor=lead_approver, period=period, task=task, version=0, **fields
    )
    c = supervision.consolidation_submit(
        actor=lead_approver, period=period, task=task, version=c.version, confirm_missing=True
    )
    if office is not None:
        c = supervision.consolidation_approve(actor=office, consolidation=c)
    return c


def test_the_layout_is_a4_with_the_standard_margins_and_official_fonts():
    content = officialdoc.OfficialDocument(
        issuer="遂宁市科学技术局",
        title="关于测试的通报",
        doc_number="遂科督〔2026〕3号",
        recipients="各县（市、区）人民政府",
        signer="遂宁市科学技术局",
    ).save()
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(x.mm)
        for x in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    texts = [p.text for p in document.paragraphs]
    assert "遂宁市科学技术局文件" in texts and "遂科督〔2026〕3号" in texts
    assert "各县（市、区）人民政府：" in texts
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    assert {"方正小标宋简体", "仿宋_GB2312"} <= fonts
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and " PAGE " in footer._p.xml
    assert document.settings.odd_and_even_pages_header_footer
    assert "GB/T 9704-2012" in document.core_properties.keywords


def test_absent_official_fonts_are_named_with_their_substitutes(monkeypatch):
    monkeypatch.setattr(officialdoc, "installed_families", lambda: frozenset({"Noto Serif CJK SC"}))
    note = officialdoc.OfficialDocument.fonts_note()
    assert "仿宋_GB2312→Noto Serif CJK SC" in note and "黑体→Noto Sans CJK SC" in note
    monkeypatch.setattr(
        officialdoc, "installed_families", lambda: frozenset(officialdoc.SUBSTITUTES)
    )
    assert "未安装" not in officialdoc.OfficialDocument.fonts_note()


def test_the_bulletin_names_late_units_and_says_it_is_demo_when_it_is(plan, reported, coordinator):
    plan.is_demo = True
    plan.save()
    data = reads.bulletin(viewer=coordinator, plan=plan)
    text = text_of(documents.bulletin(data, documents.Header(doc_number="遂科督〔2026〕1号")))
    assert plan.title in text and "遂科督〔2026〕1号" in text
    assert "演示数据" in text


def test_the_quarterly_report_is_built_from_the_consolidations(
    plan, tasks, round_, reported, coordinator, lead_approver
):
    consolidate(
        round_,
        tasks["1"],
        lead_approver,
        summary="与成渝两地签订合作协议3份。",
        problems="项目资金到位较慢。",
        next_steps="加快推进重点项目。",
        progress_pct=80,
        self_status="on_track",
    )
    data = reads.quarterly(viewer=coordinator, plan=plan, period=round_)
    text = text_of(documents.quarterly(data, documents.Header()))
    assert "签订合作协议3份" in text and "项目资金到位较慢" in text and "加快推进重点项目" in text
    assert "80%" in text
    assert "任务3（牵头单位：市发展改革委）：本期未报送汇总报告。" in text


def test_issuing_numbers_and_keeps_the_document(plan, reported, coordinator, login):
    document = services.document_issue(
        actor=coordinator,
        plan=plan,
        kind=IssuedDocument.Kind.BULLETIN,
        doc_number="遂科督〔2026〕7号",
    )
    assert "遂科督〔2026〕7号" in text_of(bytes(document.content))
    response = login(coordinator).get(reverse("assessment:issued_docx", args=[document.pk]))
    assert response.status_code == 200 and response.content == bytes(document.content)


@pytest.mark.parametrize(
    "number", ["遂科督[2026]7号", "遂科督〔26〕7号", "〔2026〕7", "遂科督〔2026〕07号"]
)
def test_a_number_not_in_the_standard_form_is_refused(plan, coordinator, number):
    with pytest.raises(ValidationFailed) as caught:
        services.document_issue(
            actor=coordinator, plan=plan, kind=IssuedDocument.Kind.BULLETIN, doc_number=number
        )
    assert "doc_number" in caught.value.errors
    assert not IssuedDocument.objects.exists()


def test_the_assessment_result_is_issued_only_once_locked(
    plan, reported, year, due_after, coordinator
):
    scheme = services.scheme_create(actor=coordinator, plan=plan, year=year)
    with pytest.raises(ValidationFailed):
        services.document_issue(
            actor=coordinator,
            plan=plan,
            kind=IssuedDocument.Kind.ASSESSMENT,
            doc_number="遂科考〔2026〕1号",
            scheme=scheme,
        )
    services.scheme_publish(actor=coordinator, scheme=scheme, today=due_after)
    services.scheme_lock(actor=coordinator, scheme=scheme)
    document = services.document_issue(
        actor=coordinator,
        plan=plan,
        kind=IssuedDocument.Kind.ASSESSMENT,
        doc_number="遂科考〔2026〕1号",
        scheme=scheme,
    )
    text = text_of(bytes(document.content))
    assert "市经济和信息化局" in text and "【草稿】" not in text


def test_a_demo_document_is_not_published(plan, coordinator):
    plan.is_demo = True
    plan.save()
    document = services.document_issue(
        actor=coordinator,
        plan=plan,
        kind=IssuedDocument.Kind.BULLETIN,
        doc_number="遂科督〔2026〕8号",
    )
    assert document.is_demo
    with pytest.raises(ValidationFailed):
        services.document_publish(actor=coordinator, document=document, published=True)


@pytest.mark.skipif(
    officialdoc.soffice() is None, reason="LibreOffice is not installed (make test installs it)"
)
def test_the_assessment_bulletin_renders_to_pdf_in_the_official_layout(
    plan, reported, year, due_after, coordinator
):
    scheme = services.scheme_create(actor=coordinator, plan=plan, year=year)
    services.scheme_publish(actor=coordinator, scheme=scheme, today=due_after)
    services.scheme_lock(actor=coordinator, scheme=scheme)
    page = scheme_reads.assessment_page(viewer=coordinator, scheme=scheme, today=due_after)
    content = documents.assessment_result(
        page, documents.Header(doc_number="遂科考〔2026〕1号", date=due_after)
    )
    pdf = officialdoc.render_pdf(content)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "assessment-result.pdf"
    target.write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        assert "595" in size and "841" in size  # A4 in points
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
        assert "CJK" in fonts  # the CJK substitutes are embedded
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True
        ).stdout.replace(" ", "")
        assert "遂宁市科学技术局文件" in text and "遂科考〔2026〕1号" in text
        assert "—1—" in text and "印发" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                str(target),
                str(OUT / "assessment-result"),
            ],
            check=True,
        )
        assert list(OUT.glob("assessment-result*.png"))
