"""Builders of the genre fixtures (g15, g17, g25, g41): annexed task tables with category and
sub-rows, two-row headers, bold lead-ins and a 类别 column. Run through build_fixtures.py."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from luoshi.planparse.tests.build_fixtures_docx import _font, _para, _table

# --- g15, g25: an annexed task table with category rows and tasks over several sub-rows ------


def _merged_table(doc, rows: list[list[str]], merges: list[tuple[int, int, int]]):
    """``rows`` as a table; a one-value row spans the whole width (a category row);
    ``merges`` are (column, first row, last row) cells merged vertically, as Word does
    for a task with several measures (the value is written once, in the first row)."""
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        cells = table.rows[r].cells
        if len(values) == 1:
            cells[0].merge(cells[-1]).text = values[0]
            continue
        for c, value in enumerate(values):
            if value is not None:
                cells[c].text = value
    for col, first, last in merges:
        top = table.cell(first, col)
        text = top.text
        merged = top.merge(table.cell(last, col))
        merged.text = text
    return table


G15_TABLE = [
    ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限"],
    ["一、加快乡村信息基础设施建设"],
    [
        "1",
        "推进乡村网络提速",
        "推进5G网络向重点乡镇和行政村延伸，实现行政村千兆光网通达。",
        "省通信管理局",
        "省发展改革委、省工业和信息化厅",
        "2024年底前",
    ],
    [None, None, "实施农村广播电视网络改造升级。", "省广电局", "省财政厅", "2025年底前"],
    [
        "2",
        "建设农业农村大数据平台",
        "整合涉农数据资源，建设全省农业农村大数据平台。",
        "省农业农村厅",
        "省大数据局",
        "2025年6月底前",
    ],
    ["二、发展农村数字经济"],
    [
        "3",
        "发展农村电子商务",
        "实施“数商兴农”工程，培育农村电商主体和区域公用品牌。",
        "省商务厅",
        "省农业农村厅、省邮政管理局",
        "长期坚持",
    ],
    [None, None, "完善县乡村三级电子商务服务体系。", "省供销合作社", "省商务厅", "长期坚持"],
    [
        "4",
        "推进智慧农业",
        "建设一批数字农业创新应用基地，推广物联网、遥感等技术在农业生产中的应用。",
        "省农业农村厅",
        "省科技厅",
        "2025年底前",
    ],
    ["三、提升乡村数字治理水平"],
    [
        "5",
        "推动“互联网+政务服务”向乡村延伸",
        "推动高频政务服务事项在乡镇、村（社区）就近可办、网上可办。",
        "省数字办",
        "省民政厅、省政务服务中心",
        "2024年底前",
    ],
]


def build_g15(path: Path) -> None:
    doc = Document()
    _para(doc, "福建省人民政府办公厅关于印发福建省加快推进数字乡村建设实施方案的通知", title=True)
    _para(doc, "闽政办〔2023〕19号", indent=False)
    _para(
        doc,
        "各市、县（区）人民政府，平潭综合实验区管委会，省人民政府各部门、各直属机构：",
        indent=False,
    )
    _para(
        doc,
        "《福建省加快推进数字乡村建设实施方案》已经省人民政府同意，现印发给你们，请认真组织实施。",
    )
    _para(doc, "福建省人民政府办公厅", indent=False)
    _para(doc, "2023年4月10日", indent=False)
    _para(doc, "福建省加快推进数字乡村建设实施方案", title=True)
    _para(doc, "为深入实施数字乡村发展战略，以数字化赋能乡村振兴，结合我省实际，制定本方案。")
    _para(doc, "一、工作目标", bold=True)
    _para(
        doc,
        "到2025年，全省行政村5G通达率达到95%以上，农村网络零售额达到2000亿元，建成数字农业创新应用基地100个。",
    )
    _para(doc, "二、重点任务", bold=True)
    _para(
        doc,
        "（一）加快乡村信息基础设施建设。推进乡村网络提速，实施农村广播电视网络改造升级，"
        "建设农业农村大数据平台。",
    )
    _para(doc, "（二）发展农村数字经济。大力发展农村电子商务，推进智慧农业发展。")
    _para(doc, "（三）提升乡村数字治理水平。推动“互联网+政务服务”向乡村延伸。")
    _para(doc, "三、保障措施", bold=True)
    _para(doc, "各地各有关部门要按照附件明确的分工，细化工作措施，确保各项任务落到实处。")
    _para(doc, "附件：福建省加快推进数字乡村建设重点任务分工表", indent=False)
    _para(doc, "附件", indent=False)
    _para(doc, "福建省加快推进数字乡村建设重点任务分工表", title=True)
    _merged_table(doc, G15_TABLE, merges=[(0, 2, 3), (1, 2, 3), (0, 6, 7), (1, 6, 7)])
    doc.save(path)


G25_TABLE = [
    ["序号", "工作任务", "具体措施", "责任单位", "", "完成时限"],
    ["", "", "", "牵头单位", "配合单位", ""],
    ["（一）推进园区扩容提质"],
    [
        "1",
        "拓展园区发展空间",
        "推进园区扩区调位，新增工业用地5000亩以上。",
        "市自然资源和规划局",
        "市经济和信息化局、各县（市、区）人民政府",
        "2024年12月",
    ],
    [
        None,
        None,
        "盘活闲置低效工业用地1000亩。",
        "市经济和信息化局",
        "市自然资源和规划局",
        "2024年12月",
    ],
    [None, None, "建设标准化厂房50万平方米。", "市住房城乡建设局", "", "2025年6月"],
    [
        "2",
        "完善园区配套设施",
        "建设园区污水处理、集中供热等公共设施。",
        "市住房城乡建设局",
        "市生态环境局",
        "2025年12月",
    ],
    ["（二）壮大园区主导产业"],
    [
        "3",
        "实施产业链招商",
        "围绕电子信息、装备制造产业链开展精准招商，引进亿元以上项目30个。",
        "市投资促进局",
        "市经济和信息化局",
        "2024年12月",
    ],
    [
        "4",
        "培育园区龙头企业",
        "实施“链主”企业培育计划，支持龙头企业兼并重组。",
        "市经济和信息化局",
        "市财政局、市地方金融监管局",
        "持续推进",
    ],
]


def build_g25(path: Path) -> None:
    doc = Document()
    _para(doc, "绵阳市园区高质量发展三年行动方案（2024—2026年）", title=True)
    _para(doc, "为推动园区扩容提质、产业集聚，打造全市高质量发展主阵地，制定本方案。")
    _para(doc, "一、主要目标", bold=True)
    _para(
        doc,
        "到2026年，全市园区规模以上工业营业收入突破4000亿元，亿元以上产业项目达到150个，"
        "园区亩均税收达到15万元。",
    )
    _para(doc, "二、重点任务", bold=True)
    _para(doc, "围绕扩容提质、产业壮大两个方面，实施以下重点任务（详见附件）。")
    _para(doc, "三、保障措施", bold=True)
    _para(
        doc,
        "市园区工作领导小组办公室负责统筹协调，各牵头单位每季度末报送工作进展，"
        "市委督查室、市政府督查室适时开展专项督查。",
    )
    _para(doc, "附件：绵阳市园区高质量发展三年行动重点任务清单", indent=False)
    _para(doc, "绵阳市人民政府办公室", indent=False)
    _para(doc, "2024年3月22日", indent=False)
    _para(doc, "附件", indent=False)
    _para(doc, "绵阳市园区高质量发展三年行动重点任务清单", title=True)
    table = _merged_table(
        doc, G25_TABLE, merges=[(0, 3, 5), (1, 3, 5), (0, 0, 1), (1, 0, 1), (2, 0, 1), (5, 0, 1)]
    )
    top = table.cell(0, 3)
    top.merge(table.cell(0, 4)).text = "责任单位"
    doc.save(path)


# --- g17: unnumbered task paragraphs led in by a bold phrase ----------------------------------


def _lead_in(doc, lead: str, rest: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    _font(p.add_run(lead), bold=True)
    _font(p.add_run(rest))


def build_g17(path: Path) -> None:
    doc = Document()
    _para(doc, "江苏省人民政府关于加快培育发展未来产业的实施意见", title=True)
    _para(doc, "苏政发〔2023〕72号", indent=False)
    _para(doc, "各市、县（市、区）人民政府，省各委办厅局，省各直属单位：", indent=False)
    _para(
        doc,
        "未来产业代表新一轮科技革命和产业变革的方向。为抢抓未来产业发展先机，加快构建现代化产业体系，"
        "现提出如下实施意见。",
    )
    _para(doc, "一、总体要求", bold=True)
    _para(
        doc,
        "以习近平新时代中国特色社会主义思想为指导，坚持前瞻布局、创新引领、场景驱动、生态支撑，"
        "加快培育发展未来产业。到2025年，建设10个左右未来产业科技园，培育未来产业领军企业50家以上。",
    )
    _para(doc, "二、重点任务", bold=True)
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    _font(p.add_run("（一）强化前沿技术攻关。"), bold=True)
    _font(p.add_run("加强基础研究。"), bold=True)
    _font(
        p.add_run(
            "围绕第三代半导体、量子科技、未来网络等领域，实施一批前沿基础研究项目。（省科技厅负责）"
        )
    )
    _lead_in(
        doc,
        "突破关键核心技术。",
        "实施省重点研发计划未来产业专项，支持企业牵头组建创新联合体开展技术攻关。（省科技厅、省工业和信息化厅按职责分工负责）",
    )
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    _font(p.add_run("（二）加快创新成果转化。"), bold=True)
    _font(p.add_run("建设未来产业科技园。"), bold=True)
    _font(
        p.add_run(
            "依托高校和科研院所建设未来产业科技园，打造创新成果孵化转化平台。（省科技厅、省教育厅负责）"
        )
    )
    _lead_in(
        doc,
        "拓展应用场景。",
        "每年发布未来产业应用场景清单，推动首台（套）产品示范应用。（省工业和信息化厅牵头，省发展改革委参与）",
    )
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    _font(p.add_run("（三）优化产业发展生态。"), bold=True)
    _font(p.add_run("加大金融支持。"), bold=True)
    _font(
        p.add_run(
            "发挥省战略性新兴产业母基金作用，设立未来产业天使投资基金。（省财政厅、省地方金融监管局负责）"
        )
    )
    _lead_in(
        doc,
        "集聚高端人才。",
        "实施未来产业人才专项计划，引进培育一批战略科学家和青年科技人才。（省委人才办、省人力资源社会保障厅负责）",
    )
    _para(doc, "三、组织保障", bold=True)
    _para(
        doc,
        "建立未来产业发展协调推进机制，省发展改革委、省科技厅、省工业和信息化厅加强统筹协调，各设区市结合实际制定实施方案。",
    )
    _para(doc, "江苏省人民政府", indent=False)
    _para(doc, "2023年12月6日", indent=False)
    doc.save(path)


# --- g41: a task table inside the body, with a 类别 column and one unit per line in a cell --


G41_TABLE = [
    ["序号", "类别", "工作任务", "牵头单位", "配合单位", "完成时限"],
    [
        "1",
        "生态建设",
        "推进龙泉山城市森林公园建设",
        "市公园城市局",
        "市林草局\n龙泉驿区政府",
        "2024年12月",
    ],
    [
        "2",
        "生态建设",
        "建设环城生态公园",
        "市公园城市局",
        "市规划和自然资源局\n市住建局",
        "2024年12月",
    ],
    ["3", "城市更新", "推进老旧小区改造", "市住建局", "各区（市）县政府", "2024年11月"],
    ["4", "城市更新", "建设社区公园", "市公园城市局\n市住建局", "", "2024年10月"],
]


def build_g41(path: Path) -> None:
    doc = Document()
    _para(doc, "成都市推进公园城市示范区建设2024年工作要点", title=True)
    _para(doc, "为扎实推进公园城市示范区建设，制定本工作要点。")
    _para(doc, "一、工作目标", bold=True)
    _para(doc, "2024年，新增公园绿地面积300公顷，建设天府绿道500公里。")
    _para(doc, "二、重点任务", bold=True)
    _para(doc, "重点任务见下表。")
    _table(doc, G41_TABLE)
    _para(doc, "三、保障措施", bold=True)
    _para(doc, "各责任单位要细化工作方案，确保按期完成。")
    _para(doc, "成都市人民政府办公厅", indent=False)
    _para(doc, "2024年2月20日", indent=False)
    doc.save(path)
