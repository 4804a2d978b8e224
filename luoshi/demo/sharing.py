"""Demo data for open sharing (task 7): organisations with their accounts, large instruments
with a year of bookings and the weeks ahead, a voucher batch with vouchers at every step, the
expert and laboratory databases and one expert draw. Built through the services (the same
state rules as real data); every row is marked demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.experts import services as experts
from luoshi.instruments import services as instruments
from luoshi.org.models import Region
from luoshi.organisations import services as organisations
from luoshi.organisations.codes import synthetic_credit_code
from luoshi.vouchers import services as vouchers

# username, organisation, kind, county, verified
ORGANISATIONS = [
    ("lidian.admin", "遂宁锂电新材料有限公司", "enterprise", "射洪市", True),
    ("tianqi.admin", "遂宁天齐智能装备有限公司", "enterprise", "船山区", True),
    ("yanjiuyuan.admin", "遂宁市产业技术研究院", "institute", "船山区", True),
    ("jiance.admin", "遂宁高新检测技术有限公司", "lab", "船山区", True),
    ("zhiyuan.admin", "川中职业技术学院", "university", "安居区", True),
    ("xinchuang.admin", "遂宁新创科技服务有限公司", "provider", "船山区", True),
    ("pending.admin", "大英县新星电子有限公司", "enterprise", "大英县", False),
    # Across the border (Chongqing): a provider the cross-city batch admits.
    ("tongnan.admin", "重庆潼南检验检测服务有限公司", "provider", "潼南区", True),
]
DIVISIONS = {
    "船山区": "510903",
    "安居区": "510904",
    "射洪市": "510981",
    "蓬溪县": "510921",
    "大英县": "510923",
    "潼南区": "500152",
}

FEATURED = [
    ("lidian.admin", "机构管理员", "遂宁锂电新材料有限公司（企业：预约仪器、申领创新券）"),
    ("yanjiuyuan.admin", "机构管理员", "遂宁市产业技术研究院（仪器所属单位：审批预约）"),
    ("jiance.admin", "机构管理员", "遂宁高新检测技术有限公司（检测机构、创新券服务机构）"),
    ("pending.admin", "机构管理员", "大英县新星电子有限公司（待审核）"),
]

# owner username, name, model, category, value (yuan), capabilities, fees
INSTRUMENTS = [
    (
        "yanjiuyuan.admin",
        "场发射扫描电子显微镜",
        "SU8010",
        "analysis",
        3200000,
        "材料表面形貌观察、能谱分析，锂电池正极材料颗粒形貌",
        {"machine_hour": 400, "sample": 150},
    ),
    (
        "yanjiuyuan.admin",
        "X射线衍射仪",
        "D8 ADVANCE",
        "analysis",
        1850000,
        "物相分析、晶体结构，锂电池材料晶型鉴定",
        {"sample": 300},
    ),
    (
        "yanjiuyuan.admin",
        "电感耦合等离子体质谱仪",
        "7900 ICP-MS",
        "analysis",
        2100000,
        "痕量元素分析，锂矿与电解液杂质检测",
        {"sample": 260},
    ),
    (
        "yanjiuyuan.admin",
        "高低温交变湿热试验箱",
        "GDJS-1000",
        "physical",
        620000,
        "环境可靠性试验，电池包高低温循环",
        {"machine_hour": 80},
    ),
    (
        "yanjiuyuan.admin",
        "电池充放电测试系统",
        "BTS-5V100A",
        "electronic",
        880000,
        "动力锂电池循环寿命、倍率性能测试",
        {"machine_hour": 60, "service": 500},
    ),
    (
        "yanjiuyuan.admin",
        "激光粒度分析仪",
        "Mastersizer 3000",
        "analysis",
        560000,
        "粉体粒度分布，正负极材料粒径",
        {"sample": 120},
    ),
    (
        "jiance.admin",
        "万能材料试验机",
        "WDW-300",
        "physical",
        750000,
        "拉伸、压缩、弯曲力学性能",
        {"sample": 200},
    ),
    (
        "jiance.admin",
        "气相色谱质谱联用仪",
        "GCMS-QP2020",
        "analysis",
        1300000,
        "有机物定性定量，食品与环境检测",
        {"sample": 450},
    ),
    (
        "jiance.admin",
        "电磁兼容测试系统",
        "EMC-3M",
        "electronic",
        4600000,
        "电子电器产品电磁兼容检测",
        {"machine_hour": 900},
    ),
    (
        "zhiyuan.admin",
        "五轴联动加工中心",
        "DMU 65",
        "manufacturing",
        3900000,
        "复杂曲面精密加工，装备零部件试制",
        {"machine_hour": 350},
    ),
    (
        "zhiyuan.admin",
        "三坐标测量机",
        "CONTURA",
        "physical",
        980000,
        "精密尺寸与形位公差测量",
        {"machine_hour": 260},
    ),
    (
        "tianqi.admin",
        "工业CT检测系统",
        "YXLON FF35",
        "physical",
        5200000,
        "无损检测，铸件与电池内部缺陷",
        {"machine_hour": 1200},
    ),
]

EXPERTS = [
    ("陈建国", "480.40", "能源材料", "教授", "zhiyuan.admin", "锂电池正极材料、储能"),
    ("刘芳", "480.40", "能源材料", "正高级工程师", "lidian.admin", "锂电池电解液、动力电池安全"),
    ("杨帆", "480.40", "能源材料", "研究员", "yanjiuyuan.admin", "固态电池、锂电池回收"),
    ("黄志强", "480.20", "材料科学", "教授", None, "金属材料、热处理"),
    ("周敏", "480.20", "材料科学", "副教授", "zhiyuan.admin", "复合材料"),
    ("吴磊", "460.40", "机械工程", "正高级工程师", "tianqi.admin", "智能装备、数控加工"),
    ("徐静", "460.40", "机械工程", "教授", None, "机器人、自动化"),
    ("孙涛", "510.10", "电子信息", "高级工程师", "jiance.admin", "电磁兼容、电子电器检测"),
    ("马丽", "510.10", "电子信息", "教授", None, "集成电路、传感器"),
    ("朱伟", "530.30", "化学工程", "研究员", "yanjiuyuan.admin", "精细化工、天然气化工"),
    ("胡晓", "530.30", "化学工程", "教授", None, "锂盐提纯工艺"),
    ("郭峰", "550.10", "食品科学", "高级工程师", None, "食品安全检测"),
    ("林雪", "790.30", "管理科学", "教授", None, "科技评估、技术转移"),
    ("何军", "480.40", "能源材料", "高级工程师", None, "动力电池系统集成"),
    ("罗平", "460.40", "机械工程", "副研究员", None, "工业检测、无损检测"),
]

LABS = [
    (
        "遂宁市产品质量监督检验所",
        "遂宁市船山区",
        ["CMA", "CNAS"],
        "锂电池安全性能、电子电器、建材检测",
        "电池短路试验机、燃烧试验箱",
    ),
    (
        "遂宁高新检测技术有限公司检测中心",
        "遂宁市船山区",
        ["CMA"],
        "力学性能、电磁兼容、食品与环境检测",
        "万能材料试验机、GCMS、EMC 暗室",
    ),
    (
        "射洪市锂电产业检测中心",
        "遂宁市射洪市",
        ["CMA", "CNAS"],
        "锂电池材料、电芯、电池包全项检测",
        "充放电测试系统、ICP-MS",
    ),
    (
        "蓬溪县农产品质量检测站",
        "遂宁市蓬溪县",
        ["CMA"],
        "农产品农药残留、重金属检测",
        "液相色谱仪、原子吸收光谱仪",
    ),
    (
        "大英县纺织品检验中心",
        "遂宁市大英县",
        ["CMA"],
        "纺织品成分、色牢度检测",
        "色牢度仪、纤维分析仪",
    ),
    (
        "潼南区检验检测中心",
        "重庆市潼南区",
        ["CMA", "CNAS"],
        "食品、农产品、环境监测",
        "气相色谱仪、ICP-OES",
    ),
    (
        "潼南区绿色化工产品检测站",
        "重庆市潼南区",
        ["CMA"],
        "化工产品、危化品成分检测",
        "红外光谱仪、气相色谱仪",
    ),
    (
        "遂潼涪江创新产业园计量检测平台",
        "遂潼涪江创新产业园区",
        ["CNAS"],
        "计量校准、尺寸测量",
        "三坐标测量机、激光干涉仪",
    ),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def describe() -> list[tuple[str, str, str]]:
    return FEATURED


def load(*, stdout) -> None:
    places = {r.name: r for r in Region.objects.filter(kind=Region.Kind.COUNTY)}
    orgs = {}
    for i, (username, name, kind, county, verified) in enumerate(ORGANISATIONS):
        organisation = organisations.organisation_register(
            credit_code=synthetic_credit_code(880000 + i, division=DIVISIONS[county]),
            name=name,
            kind=kind,
            region=places.get(county),
            contact_name=f"{name[:2]}联络员",
            contact_phone="0825-22" + f"{i:05d}",
            username=username,
            password=settings.LUOSHI_DEMO_PASSWORD,
            proof=_pdf("营业执照.pdf"),
            is_demo=True,
            check_password=False,
        )
        if verified:
            organisation = organisations.organisation_verify(
                actor=None, organisation=organisation, note="演示数据"
            )
        orgs[username] = organisation

    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    items = []
    for owner, name, model, category, value, capabilities, fees in INSTRUMENTS:
        items.append(
            instruments.instrument_save(
                actor=None,
                owner=orgs[owner],
                name=name,
                model_number=model,
                category=category,
                original_value=Decimal(value),
                region=orgs[owner].region,
                location=f"{orgs[owner].name}实验楼",
                capabilities=capabilities,
                open_hours="每天 8:30–17:30",
                contact_name=orgs[owner].contact_name,
                contact_phone=orgs[owner].contact_phone,
                fees={k: Decimal(v) for k, v in fees.items()},
                is_demo=True,
            )
        )
    users = [
        orgs["lidian.admin"],
        orgs["tianqi.admin"],
        orgs["xinchuang.admin"],
        orgs["zhiyuan.admin"],
    ]
    bookings = 0
    # A year of use: weekly 8-hour bookings, most by outside organisations.
    year_start = dt.datetime(today.year - 1, 1, 6, 9, tzinfo=tz)
    for n, instrument in enumerate(items):
        weeks = 44 if n < 6 else 20
        for w in range(weeks):
            start = year_start + dt.timedelta(days=7 * w + n % 5)
            booker = users[(w + n) % len(users)] if w % 4 else instrument.owner
            b = instruments.booking_request(
                actor=None,
                organisation=booker,
                instrument=instrument,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=8 if n < 6 else 6),
                purpose="样品测试",
                samples=4,
                is_demo=True,
            )
            instruments.booking_approve(actor=None, booking=b)
            if w % 17 == 5:
                instruments.booking_no_show(actor=None, booking=b)
            else:
                hours = Decimal(8 if n < 6 else 5)
                if n < 6 and w % 3 == 0:
                    hours = Decimal(7.5)
                instruments.booking_record_usage(
                    actor=None, booking=b, hours_used=hours, samples_used=4
                )
            bookings += 1
    # The weeks ahead: requests and approvals on the calendar.
    base = dt.datetime.combine(today, dt.time(9), tzinfo=tz) + dt.timedelta(hours=1)
    for n, instrument in enumerate(items[:6]):
        for k in range(4):
            start = base + dt.timedelta(days=2 * k + n % 2, hours=(n % 3) * 2)
            b = instruments.booking_request(
                actor=None,
                organisation=users[(k + n) % len(users)],
                instrument=instrument,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                purpose=["正极材料形貌观察", "晶型鉴定", "杂质元素分析", "高低温循环"][k],
                samples=3,
                is_demo=True,
            )
            if k % 2 == 0:
                instruments.booking_approve(actor=None, booking=b)
            bookings += 1

    providers = [
        orgs["jiance.admin"],
        orgs["yanjiuyuan.admin"],
        orgs["xinchuang.admin"],
        orgs["zhiyuan.admin"],
        orgs["tongnan.admin"],
    ]
    batch = vouchers.batch_create(
        actor=None,
        year=today.year,
        name=f"{today.year}年度遂宁市科技创新券",
        budget=Decimal(3000000),
        share_percent=Decimal(30),
        per_firm_cap=Decimal(100000),
        providers=providers,
        cross_city=True,
        is_demo=True,
    )
    firms = [orgs["lidian.admin"], orgs["tianqi.admin"]]
    issued = []
    for firm, amount, qualification in zip(
        firms, (80000, 50000), ("high_tech", "tech_sme"), strict=True
    ):
        application = vouchers.application_submit(
            actor=None,
            organisation=firm,
            batch=batch,
            qualification=qualification,
            amount=Decimal(amount),
            purpose="检验检测、仪器共享和研发设计服务",
            is_demo=True,
        )
        issued.append(vouchers.application_approve(actor=None, application=application))
    lidian = issued[0]
    c1 = vouchers.contract_register(
        actor=None,
        voucher=lidian,
        provider=orgs["jiance.admin"],
        service_type="testing",
        title="动力电池包安全性能检测服务合同",
        amount=Decimal(120000),
        signed_on=today - dt.timedelta(days=60),
    )
    r1 = vouchers.redemption_request(
        actor=None, contract=c1, invoice=_pdf("发票.pdf"), proof=_pdf("检测报告.pdf")
    )
    vouchers.redemption_check(actor=None, redemption=r1)
    vouchers.redemption_settle(actor=None, redemption=r1, payee="provider")
    c2 = vouchers.contract_register(
        actor=None,
        voucher=lidian,
        provider=orgs["yanjiuyuan.admin"],
        service_type="instrument",
        title="扫描电镜机时服务合同",
        amount=Decimal(40000),
        signed_on=today - dt.timedelta(days=20),
    )
    r2 = vouchers.redemption_request(
        actor=None, contract=c2, invoice=_pdf("发票.pdf"), proof=_pdf("机时记录.pdf")
    )
    vouchers.redemption_check(actor=None, redemption=r2)
    c3 = vouchers.contract_register(
        actor=None,
        voucher=issued[1],
        provider=orgs["xinchuang.admin"],
        service_type="consulting",
        title="智能产线技术咨询合同",
        amount=Decimal(60000),
        signed_on=today - dt.timedelta(days=10),
    )
    vouchers.redemption_request(
        actor=None, contract=c3, invoice=_pdf("发票.pdf"), proof=_pdf("咨询报告.pdf")
    )
    vouchers.application_submit(
        actor=None,
        organisation=orgs["tianqi.admin"],
        batch=batch,
        qualification="tech_sme",
        amount=Decimal(30000),
        purpose="专利代理和科技评估",
        is_demo=True,
    )

    people = []
    for name, code, field_name, title, org_user, expertise in EXPERTS:
        organisation = orgs.get(org_user) if org_user else None
        people.append(
            experts.expert_add(
                actor=None,
                name=name,
                field_code=code,
                field_name=field_name,
                title=title,
                organisation=organisation,
                employer="" if organisation else "四川省内高校",
                # With an organisation the expert counts in its county or park.
                region_name="" if organisation else "成都市",
                expertise=expertise,
                is_demo=True,
            )
        )
    experts.relation_declare(
        actor=None, expert=people[0], organisation=orgs["lidian.admin"], note="曾任技术顾问"
    )
    experts.relation_declare(
        actor=None, expert=people[2], related_expert=people[13], note="博士导师与学生"
    )
    for name, place, accreditations, scope, equipment in LABS:
        experts.lab_add(
            actor=None,
            name=name,
            region_name=place,
            accreditations=accreditations,
            scope=scope,
            equipment=equipment,
            is_demo=True,
        )
    experts.draw_experts(
        actor=None,
        review_label=f"{today.year}年锂电池关键材料揭榜挂帅项目评审",
        field_codes=["480"],
        count=3,
        exclude_organisation_ids=[orgs["lidian.admin"].pk],
        is_demo=True,
    )
    stdout.write(
        f"sharing: {len(orgs)} organisations, {len(items)} instruments, {bookings} bookings, "
        f"{len(issued)} vouchers, {len(people)} experts, {len(LABS)} laboratories"
    )
