"""Word documents: paragraphs and tables in document order, responsibility tables."""

from __future__ import annotations

from luoshi.planparse import parse_bytes
from luoshi.planparse.readers import docx_blocks

from .conftest import docx_bytes

HEADER = ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限"]


def test_paragraphs_and_tables_come_in_document_order():
    data = docx_bytes(["标题", "前文", "后文"], {1: [["甲", "乙", "丙"], ["1", "2", "3"]]})
    blocks = docx_blocks(data)
    assert [b.text or b.cells for b in blocks] == [
        "标题",
        "前文",
        ("甲", "乙", "丙"),
        ("1", "2", "3"),
        "后文",
    ]


def test_task_table_rows_become_tasks_with_units_by_column():
    data = docx_bytes(
        ["XX市营商环境攻坚方案", "一、重点任务", "二、保障措施", "加强领导。"],
        {
            1: [
                HEADER,
                ["（一）提升政务服务"],
                ["1", "推行一网通办", "推动全程网办。", "市政务服务局", "市级各部门", "2023年底前"],
                [
                    "2",
                    "规范涉企收费",
                    "开展专项整治。",
                    "市发展改革委、市财政局",
                    "市市场监管局",
                    "长期坚持",
                ],
            ]
        },
    )
    plan = parse_bytes(data, "plan.docx")
    assert [(t.number, t.chapter, t.section, t.title) for t in plan.tasks] == [
        ("1", "重点任务", "提升政务服务", "推行一网通办"),
        ("2", "重点任务", "提升政务服务", "规范涉企收费"),
    ]
    first, second = plan.tasks
    assert first.text == "推动全程网办。"
    assert (first.lead_units, first.cooperating_units, first.deadline_date) == (
        ("市政务服务局",),
        ("市级各部门",),
        "2023-12-31",
    )
    assert second.lead_units == ("市发展改革委", "市财政局")
    assert second.deadline == "长期坚持"
    assert [c.title for c in plan.chapters] == ["重点任务", "保障措施"]


def test_table_with_one_responsibility_column_uses_the_comma_convention():
    data = docx_bytes(
        ["XX方案", "一、任务"],
        {
            1: [
                ["序号", "工作任务", "责任单位", "完成时间"],
                ["1", "建设智慧医院", "市卫健委，市大数据局", "2024年底前"],
            ]
        },
    )
    task = parse_bytes(data, "x.docx").tasks[0]
    assert (task.lead_units, task.cooperating_units) == (("市卫健委",), ("市大数据局",))


def test_attached_table_supplies_units_for_tasks_in_the_text():
    data = docx_bytes(
        [
            "XX方案",
            "一、主要任务",
            "1.建设智慧医院。推动电子病历建设。",
            "2.推广电子健康码。实现一码通用。",
            "附件",
        ],
        {
            4: [
                ["序号", "重点任务", "牵头单位", "配合单位"],
                ["1", "建设智慧医院", "市卫健委", "市医保局"],
                ["2", "推广电子健康码", "市大数据局", ""],
            ]
        },
    )
    plan = parse_bytes(data, "x.docx")
    assert [(t.title, t.lead_units, t.cooperating_units) for t in plan.tasks] == [
        ("建设智慧医院", ("市卫健委",), ("市医保局",)),
        ("推广电子健康码", ("市大数据局",), ()),
    ]
    assert plan.tasks[0].text == "建设智慧医院。推动电子病历建设。"


def test_vertically_merged_task_cell_groups_its_measures():
    import io

    from docx import Document

    doc = Document()
    doc.add_paragraph("XX方案")
    doc.add_paragraph("一、重点任务")
    table = doc.add_table(rows=3, cols=4)
    for c, name in enumerate(["重点任务", "工作措施", "牵头单位", "配合单位"]):
        table.cell(0, c).text = name
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1.推进园区建设"
    table.cell(1, 1).text = "完善道路管网。"
    table.cell(1, 2).text = "市住建局"
    table.cell(2, 1).text = "建设标准厂房。"
    table.cell(2, 2).text = "市经信局"
    buf = io.BytesIO()
    doc.save(buf)
    plan = parse_bytes(buf.getvalue(), "x.docx")
    assert len(plan.tasks) == 1
    task = plan.tasks[0]
    assert task.title == "推进园区建设"
    assert task.text == "完善道路管网。\n建设标准厂房。"
    assert task.lead_units == ("市住建局", "市经信局")


def test_non_task_tables_do_not_hide_the_text():
    data = docx_bytes(
        ["XX方案", "一、任务", "1.甲。内容。（责任单位：市甲局）"],
        {0: [["签发人", "张三"], ["日期", "2023年"]]},
    )
    assert [t.lead_units for t in parse_bytes(data, "x.docx").tasks] == [("市甲局",)]


def test_soft_line_breaks_split_lines():
    data = docx_bytes(
        [
            "国务院关于促进综合保税区\n高水平开放高质量发展的若干意见",
            "一、任务",
            "1.甲。内容。（海关总署负责）",
        ]
    )
    assert (
        parse_bytes(data, "x.docx").title
        == "国务院关于促进综合保税区高水平开放高质量发展的若干意见"
    )
