"""Builds the binary fixtures (.docx, .pdf) from the specs below.

    python -m luoshi.planparse.tests.build_fixtures

The files are committed, so tests never need LibreOffice; rerun this only to change them.
The PDF is converted from a .docx by ``soffice --headless --convert-to pdf``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from luoshi.planparse.tests.build_fixtures_docx import _page_number_footer, _para, _table
from luoshi.planparse.tests.build_genre_fixtures import build_g15, build_g17, build_g25, build_g41

FIXTURES = Path(__file__).parent / "fixtures"


# --- v06: task table with section rows --------------------------------------------------------

V06_TABLE = [
    ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限"],
    ["（一）提升政务服务效能"],
    [
        "1",
        "推行“一网通办”",
        "推动政务服务事项全程网办，实现高频事项“掌上办”“指尖办”。",
        "市政务服务和大数据局",
        "市级各部门",
        "2023年12月底前",
    ],
    [
        "2",
        "深化“一件事一次办”",
        "围绕企业和群众全生命周期，推出一批“一件事一次办”集成服务套餐。",
        "市政务服务和大数据局",
        "市公安局、市人力资源社会保障局、市市场监管局",
        "2023年9月底前",
    ],
    ["（二）优化市场环境"],
    [
        "3",
        "压缩企业开办时间",
        "推行企业开办“一表申报、一窗领取”，全面推广电子营业执照。",
        "市市场监管局",
        "市税务局、市公安局、市人力资源社会保障局",
        "长期坚持",
    ],
    [
        "4",
        "规范涉企收费",
        "开展涉企违规收费专项整治，建立涉企收费目录清单制度。",
        "市发展改革委、市财政局",
        "市市场监管局",
        "2023年6月30日前",
    ],
    ["（三）加强法治保障"],
    [
        "5",
        "强化知识产权保护",
        "建设知识产权保护中心，健全知识产权纠纷多元化解机制。",
        "市市场监管局",
        "市中级人民法院、市司法局",
        "",
    ],
]


def build_v06(path: Path) -> None:
    doc = Document()
    _para(doc, "南充市优化营商环境攻坚行动方案", title=True)
    _para(doc, "为持续优化营商环境，激发市场主体活力，推动经济高质量发展，制定本方案。")
    _para(doc, "一、工作目标", bold=True)
    _para(
        doc,
        "到2024年，全市营商环境便利度进入全省第一方阵，政务服务事项全程网办率达到90%以上，"
        "企业开办时间控制在1天以内。",
    )
    _para(doc, "二、重点任务", bold=True)
    _para(doc, "各地各部门要按照下表明确的任务分工抓好落实。")
    _table(doc, V06_TABLE, section_rows={1, 4, 7})
    _para(doc, "三、保障措施", bold=True)
    _para(doc, "（一）加强组织领导。成立市优化营商环境工作领导小组，统筹推进各项改革任务。")
    _para(doc, "（二）强化督查考核。将优化营商环境工作纳入年度目标绩效考核。")
    _para(doc, "南充市人民政府办公室", indent=False)
    _para(doc, "2023年2月20日", indent=False)
    doc.save(path)


# --- v07: Word automatic numbering, an indicator table, 〔〕 clauses ----------------------------

_ABSTRACT = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
<w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _numbering(doc) -> str:
    from docx.oxml import parse_xml

    numbering = doc.part.numbering_part.element
    abstract = parse_xml(_ABSTRACT)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(
        '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">'
        '<w:abstractNumId w:val="90"/></w:num>'
    )
    numbering.append(num)
    return "90"


def _numbered(doc, text: str, level: int, num_id: str):
    p = _para(doc, text, bold=level < 2)
    ppr = p._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    ppr.append(num_pr)
    return p


def build_v07(path: Path) -> None:
    doc = Document()
    num = _numbering(doc)
    _para(doc, "宜宾市加快建设动力电池产业集群实施方案", title=True)
    _para(doc, "为加快打造世界级动力电池产业集群，推动产业链供应链协同发展，制定本方案。")
    _numbered(doc, "发展目标", 0, num)
    _para(doc, "到2025年，全市动力电池产业发展主要指标如下表。")
    _table(
        doc,
        [
            ["指标名称", "单位", "2022年", "2025年", "属性"],
            ["动力电池产业营业收入", "亿元", "1200", "≥3000", "预期性"],
            ["动力电池产能", "GWh", "150", "300以上", "预期性"],
            ["规模以上配套企业", "家", "80", "150", "预期性"],
        ],
    )
    _numbered(doc, "重点任务", 0, num)
    _numbered(doc, "壮大龙头企业", 1, num)
    _numbered(
        doc,
        "支持龙头企业扩能。支持宁德时代四川基地扩能增产，推动电芯、模组、系统集成一体化发展。"
        "〔责任单位：市经济和信息化局，市发展改革委、三江新区管委会〕",
        2,
        num,
    )
    _numbered(
        doc,
        "招引配套企业。围绕正负极材料、电解液、隔膜等关键材料，精准招引一批配套企业落户。"
        "〔责任单位：市投资促进局，市经济和信息化局、各区县人民政府〕",
        2,
        num,
    )
    _numbered(doc, "完善产业生态", 1, num)
    _numbered(
        doc,
        "建设创新平台。建设动力电池创新中心和检验检测平台，2024年底前建成投用。"
        "〔责任单位：市科技局，市市场监管局〕",
        2,
        num,
    )
    _numbered(
        doc,
        "培育专业人才。支持在宜高校开设电池相关专业，每年培养技术技能人才5000人以上。"
        "〔责任单位：市教育和体育局、市人力资源社会保障局，宜宾学院〕",
        2,
        num,
    )
    _numbered(doc, "保障措施", 0, num)
    _para(doc, "市动力电池产业发展领导小组统筹推进本方案实施，各责任单位每季度报送工作进展。")
    _para(doc, "宜宾市人民政府", indent=False)
    _para(doc, "2022年11月8日", indent=False)
    doc.save(path)


# --- v08: a text PDF with layout line breaks and page numbers --------------------------------

V08_TASKS = [
    (
        "（一）",
        "提升产业园区承载能力",
        [
            (
                "完善园区基础设施",
                "加快园区道路、供水、供电、污水处理等基础设施建设，推进标准厂房和人才公寓建设，"
                "提升园区综合配套能力，2024年底前完成园区主干路网建设。",
                "市住房城乡建设局，市发展改革委、市自然资源和规划局",
            ),
            (
                "推进园区集约发展",
                "开展园区土地利用绩效评价，盘活闲置低效用地，推广“标准地”出让改革，"
                "提高亩均投资强度和亩均税收。",
                "市自然资源和规划局，市经济和信息化局、市商务局",
            ),
        ],
    ),
    (
        "（二）",
        "培育壮大主导产业",
        [
            (
                "做强食品饮料产业",
                "支持白酒、茶叶、调味品等企业技术改造和品牌建设，培育一批规模以上食品企业，"
                "打造全国知名的食品饮料产业基地。",
                "市经济和信息化局，市农业农村局、市市场监管局",
            ),
            (
                "发展先进材料产业",
                "围绕晶硅光伏、新型建材等领域，招引一批延链补链项目，推动产业向高端化、"
                "绿色化、智能化方向发展。",
                "市经济和信息化局、市投资促进局，市科技局",
            ),
            (
                "壮大现代物流产业",
                "依托铁路货运枢纽和港口，建设多式联运物流园区，培育一批A级物流企业，"
                "降低社会物流成本。",
                "市交通运输局，市发展改革委、市商务局",
            ),
        ],
    ),
]


def build_v08_docx(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    _page_number_footer(doc)
    _para(doc, "乐山市推动园区高质量发展实施方案", title=True)
    _para(
        doc,
        "为深入实施工业强市战略，推动园区提质增效、转型升级，打造高质量发展主阵地，"
        "结合我市实际，制定本方案。本方案各项任务责任单位中，逗号前的单位为牵头单位，"
        "逗号后的单位为配合单位。",
    )
    _para(doc, "一、主要目标", bold=True)
    _para(
        doc,
        "到2025年，全市园区规模以上工业营业收入突破3000亿元，园区工业集中度达到85%以上，"
        "新增国家级绿色工厂10家，园区综合实力进入全省第一方阵。",
    )
    _para(doc, "二、重点任务", bold=True)
    n = 0
    for number, section_title, tasks in V08_TASKS:
        _para(doc, f"{number}{section_title}", bold=True)
        for title, body, units in tasks:
            n += 1
            # Long enough to wrap over several lines and, for some tasks, across a page.
            _para(doc, f"{n}.{title}。{body}{body}（责任单位：{units}）")
    _para(doc, "三、保障措施", bold=True)
    _para(doc, "（一）强化组织领导。市推进园区高质量发展工作领导小组统筹推进各项工作。" * 3)
    _para(doc, "（二）强化要素保障。优先保障园区重大项目用地、用能、用水等要素需求。" * 3)
    _para(doc, "乐山市人民政府办公室", indent=False)
    _para(doc, "2024年1月15日", indent=False)
    doc.save(path)


# --- v13: body tasks without units, units in the attached task table -------------------------

V13_TABLE = [
    ["序号", "重点任务", "责任单位", "完成时间"],
    ["1", "建设智慧医院", "市卫生健康委，市大数据局", "2024年底前"],
    ["2", "推进检查检验结果互认", "市卫生健康委，市医保局", "2023年12月"],
    ["3", "发展“互联网+护理服务”", "市卫生健康委", "持续推进"],
    ["4", "推广电子健康码", "市卫生健康委、市大数据局", "2023年底前"],
]


def build_v13(path: Path) -> None:
    doc = Document()
    _para(doc, "德阳市推进“互联网+医疗健康”发展工作方案", title=True)
    _para(
        doc, "为推进“互联网+医疗健康”发展，更好满足人民群众日益增长的医疗卫生健康需求，制定本方案。"
    )
    _para(doc, "一、主要任务", bold=True)
    _para(doc, "1.建设智慧医院。推动二级以上医院建设电子病历系统，发展远程医疗服务。")
    _para(doc, "2.推进检查检验结果互认。建立全市检查检验结果共享平台，实现医疗机构间结果互认。")
    _para(doc, "3.发展“互联网+护理服务”。支持医疗机构依托互联网平台为出院患者提供上门护理服务。")
    _para(doc, "4.推广电子健康码。实现居民电子健康码在全市医疗机构“一码通用”。")
    _para(doc, "二、工作要求", bold=True)
    _para(doc, "各责任单位要按照附件明确的分工抓好落实。")
    _para(doc, "附件：重点任务分工表", indent=False)
    _para(doc, "德阳市卫生健康委员会", indent=False)
    _para(doc, "2023年3月6日", indent=False)
    _para(doc, "附件", indent=False)
    _para(doc, "重点任务分工表", title=True)
    _table(doc, V13_TABLE)
    doc.save(path)


# --- v24: the attached table is the task list; 责任单位 cells say 牵头：…/配合：… on two lines ----

V24_TABLE = [
    ["序号", "重点任务", "具体措施", "责任单位", "完成时限"],
    ["一、强化产业链招商", "", "", "", ""],
    [
        "1",
        "绘制产业链招商图谱",
        "围绕锂电、电子信息产业绘制招商图谱，建立目标企业库。",
        "牵头：市投资促进局\n配合：市经济和信息化局、市发展改革委",
        "2024年3月底前",
    ],
    [
        "2",
        "开展驻点招商",
        "在长三角、粤港澳大湾区设立驻点招商小组。",
        "牵头：市投资促进局\n配合：各县（市、区）人民政府",
        "长期坚持",
    ],
    ["二、优化项目服务", "", "", "", ""],
    [
        "3",
        "实行项目专班推进",
        "对签约项目实行“一个项目、一名领导、一个专班”推进机制。",
        "牵头：市发展改革委\n配合：市自然资源和规划局、市住房城乡建设局",
        "2024年起",
    ],
    [
        "4",
        "兑现招商引资政策",
        "梳理政策兑现清单，推行“免申即享”。",
        "市财政局、市投资促进局",
        "每年底前",
    ],
]


def build_v24(path: Path) -> None:
    doc = Document()
    _para(doc, "眉山市2024年招商引资攻坚行动方案", title=True)
    _para(doc, "为进一步做好招商引资工作，推动重大项目落地见效，制定本方案。")
    _para(doc, "一、工作目标", bold=True)
    _para(doc, "到2024年底，全市新签约重大项目100个以上，到位市外国内资金达到800亿元。")
    _para(doc, "二、重点任务", bold=True)
    _para(doc, "重点任务及分工详见附件。")
    _para(doc, "三、工作要求", bold=True)
    _para(doc, "各责任单位要细化措施，每季度末将进展情况报送市投资促进局。")
    _para(doc, "附件：眉山市2024年招商引资攻坚行动重点任务分工表", indent=False)
    _para(doc, "眉山市人民政府办公室", indent=False)
    _para(doc, "2024年2月1日", indent=False)
    _para(doc, "附件", indent=False)
    _para(doc, "眉山市2024年招商引资攻坚行动重点任务分工表", title=True)
    _table(doc, V24_TABLE, section_rows={1, 4})
    doc.save(path)


def _to_pdf(docx_path: Path, pdf_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to build the PDF fixture")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copy(Path(tmp) / f"{docx_path.stem}.pdf", pdf_path)


BUILDERS = {
    "v06_nanchong_docx_task_table.docx": build_v06,
    "v07_yibin_docx_autonumbering.docx": build_v07,
    "v13_deyang_docx_attached_table.docx": build_v13,
    "v24_meishan_docx_table_role_lines.docx": build_v24,
    "g15_fujian_docx_annex_sub_rows.docx": build_g15,
    "g17_jiangsu_docx_bold_lead_ins.docx": build_g17,
    "g25_mianyang_docx_annex_two_row_header.docx": build_g25,
    "g41_chengdu_docx_category_column.docx": build_g41,
}


def main(argv: list[str] | None = None) -> None:
    """Build every fixture, or only those named on the command line."""
    import sys

    only = set(sys.argv[1:] if argv is None else argv)
    for name, build in BUILDERS.items():
        if not only or name in only:
            build(FIXTURES / name)
    if only and not only & {"v08_leshan_text_pdf.pdf", "v14_nanchong_pdf_task_table.pdf"}:
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "v08_leshan_text_pdf.docx"
        build_v08_docx(source)
        _to_pdf(source, FIXTURES / "v08_leshan_text_pdf.pdf")
        # The v06 task table as a PDF: its last row breaks over a page.
        table_source = Path(tmp) / "v14_nanchong_pdf_task_table.docx"
        build_v06(table_source)
        _to_pdf(table_source, FIXTURES / "v14_nanchong_pdf_task_table.pdf")


if __name__ == "__main__":
    main()
