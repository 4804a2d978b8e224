"""Shared helpers for the parser tests: small documents built in memory."""

from __future__ import annotations

import io

import pytest

MINI_PLAN = """XX市推进数字乡村建设工作方案
为加快推进数字乡村建设，制定本方案。
一、工作目标
到2025年，全市行政村5G通达率达到95%以上，建成数字乡村示范村50个。
二、重点任务
（一）加强乡村信息基础设施建设
1.推进网络覆盖。推动5G网络向乡村延伸，2024年底前实现行政村全覆盖。（责任单位：市经信局，市农业农村局、各县（市、区）政府）
2.建设益农信息社。完善益农信息社服务功能。（责任单位：市农业农村局，市商务局）
（二）发展农村数字经济
3.发展农村电商。培育农村电商主体，完善县乡村三级物流配送体系。（责任单位：市商务局，市邮政管理局）
三、保障措施
加强组织领导，强化督促落实。
XX市人民政府办公室
2023年5月6日
"""


@pytest.fixture
def mini_plan_text() -> str:
    return MINI_PLAN


def docx_bytes(paragraphs: list[str], tables: dict[int, list[list[str]]] | None = None) -> bytes:
    """A .docx with ``paragraphs``; ``tables[i]`` is inserted after paragraph ``i``."""
    from docx import Document

    doc = Document()
    tables = tables or {}
    for i, text in enumerate(paragraphs):
        doc.add_paragraph(text)
        if i in tables:
            rows = tables[i]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, values in enumerate(rows):
                if len(values) == 1:
                    merged = table.rows[r].cells[0].merge(table.rows[r].cells[-1])
                    merged.text = values[0]
                    continue
                for c, value in enumerate(values):
                    table.rows[r].cells[c].text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A "scanned" PDF: one page that is a picture, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(img)
    for y in range(80, 800, 40):
        draw.rectangle([60, y, 560, y + 14], fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PDF")
    return buf.getvalue()
