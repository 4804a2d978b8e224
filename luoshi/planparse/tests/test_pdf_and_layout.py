"""Text PDFs and hard-wrapped text: lines broken by the layout join back into paragraphs and
page numbers disappear."""

from __future__ import annotations

from luoshi.planparse import parse_file, parse_text
from luoshi.planparse.readers import pdf_blocks, text_blocks

from .golden import FIXTURES

PDF = FIXTURES / "v08_leshan_text_pdf.pdf"


def test_pdf_paragraphs_are_joined_across_lines_and_pages():
    texts = [b.text for b in pdf_blocks(PDF.read_bytes())]
    # Task 2 runs over a page break in the fixture.
    task2 = next(t for t in texts if t.startswith("2.推进园区集约发展"))
    assert task2.endswith("（责任单位：市自然资源和规划局，市经济和信息化局、市商务局）")


def test_pdf_page_numbers_are_dropped():
    texts = [b.text for b in pdf_blocks(PDF.read_bytes())]
    assert not any("—" in t and t.strip("— 0123456789") == "" for t in texts)


def test_pdf_spaces_between_hanzi_and_digits_are_removed():
    plan = parse_file(PDF)
    assert plan.targets[0].text == "全市园区规模以上工业营业收入突破3000亿元"
    assert plan.date == "2024-01-15"


def test_hard_wrapped_text_is_reflowed_and_page_numbers_dropped():
    wrapped = (
        "XX市实施方案\n为加快发展，制定本方案。\n一、重点任务\n"
        "1.推进网络覆盖。推动5G网络向乡村延伸，完善农村信息基础设施，提升\n"
        "网络服务能力，实现行政村全覆盖，打造数字乡村示范样板，推动城乡信息\n"
        "\n- 2 -\n\n"
        "化协调发展。（责任单位：市经信局，市农业农村局）\n"
        "2.建设益农信息社。完善益农信息社服务功能，拓展便民服务、电子商务、\n"
        "培训体验等功能，推动信息进村入户，提升农民信息化应用水平和能力。\n"
        "（责任单位：市农业农村局）\n"
        "3.发展农村电商。培育农村电商主体，完善县乡村三级物流配送体系，推动\n"
        "农产品上行。（责任单位：市商务局）\n"
    )
    plan = parse_text(wrapped)
    assert [t.title for t in plan.tasks] == ["推进网络覆盖", "建设益农信息社", "发展农村电商"]
    assert plan.tasks[0].text.endswith(
        "推动城乡信息化协调发展。（责任单位：市经信局，市农业农村局）"
    )
    assert plan.tasks[0].lead_units == ("市经信局",)
    assert plan.tasks[1].lead_units == ("市农业农村局",)


def test_unwrapped_text_keeps_each_line_a_paragraph():
    blocks = text_blocks("一、甲\n第一段很长很长很长很长很长。\n第二段。\n")
    assert [b.text for b in blocks] == ["一、甲", "第一段很长很长很长很长很长。", "第二段。"]


def test_form_feed_page_breaks_do_not_split_paragraphs():
    lines = ["这是一行被硬换行的文字，长度相同，没有句号结尾并且继续下去" for _ in range(12)]
    text = "\n".join(lines[:6]) + "\n\f" + "\n".join(lines[6:]) + "。\n"
    assert len(text_blocks(text)) == 1


def test_pdf_task_table_row_broken_over_a_page_is_rejoined():
    plan = parse_file(FIXTURES / "v14_nanchong_pdf_task_table.pdf")
    last = plan.tasks[-1]
    assert (last.title, last.lead_units, last.cooperating_units) == (
        "强化知识产权保护",
        ("市市场监管局",),
        ("市中级人民法院", "市司法局"),
    )


def test_wrapped_text_continues_while_a_bracket_is_open():
    # v22: "（责任单位：市卫生健康委，市财政局、市医疗保障" / "局）" on a line of its own.
    texts = [b.text for b in text_blocks(V22.read_text(encoding="utf-8"))]
    task1 = next(t for t in texts if t.startswith("1.加强临床专科建设"))
    assert task1.endswith("（责任单位：市卫生健康委，市财政局、市医疗保障局）")
    assert "局）" not in texts


V22 = FIXTURES / "v22_pdf_text_hard_breaks.txt"
