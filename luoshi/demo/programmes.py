"""Demo of the programmes (tasks 18, 23, 24): organisations that sign in (enterprises, an
institute, banks, a guarantor), technology finance with its pool, the talent card, project
calls and 揭榜挂帅 challenges. Everything is built through the services, marked demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from luoshi.accounts import services as accounts
from luoshi.core.roles import Role
from luoshi.experts import services as experts
from luoshi.finance import services as finance
from luoshi.org.models import Region, Unit
from luoshi.organisations import services as organisations
from luoshi.organisations.codes import synthetic_credit_code
from luoshi.organisations.models import Organisation
from luoshi.projects import services as projects
from luoshi.talent import services as talent

# username, name, kind, place, serial
ORGANISATIONS = [
    ("firm.admin", "遂宁锂电新材料有限公司", "enterprise", "射洪市", 9501),
    ("chip.admin", "遂宁电子信息科技有限公司", "enterprise", "遂宁经济技术开发区", 9502),
    ("institute.admin", "西南科技大学遂宁研究院", "institute", "船山区", 9503),
    ("bank.admin", "遂宁银行科技支行", "bank", "船山区", 9504),
    ("bank2.admin", "四川农信遂宁高新支行", "bank", "安居区", 9505),
    ("guarantor.admin", "遂宁发展融资担保有限公司", "guarantor", "船山区", 9506),
]
FEATURED = [
    ("talent.office", "市委人才办工作人员", "rcb"),
]
# Experts of the expert database the panels are drawn from (discipline 430 材料科学 and
# 520 信息与系统科学); one works at the institute, so draws that review it leave them out.
EXPERTS = [
    ("陈明", "430.25", "材料科学", "四川大学"),
    ("李华", "430.30", "材料科学", "电子科技大学"),
    ("王强", "430.15", "材料科学", "西南交通大学"),
    ("赵敏", "430.20", "材料科学", "成都理工大学"),
    ("吴磊", "430.35", "材料科学", "四川轻化工大学"),
    ("郑丽", "430.40", "材料科学", "西南石油大学"),
    ("孙伟", "430.45", "材料科学", "重庆大学"),
    ("刘洋", "520.10", "信息与系统科学", "西华大学"),
    ("黄静", "430.50", "材料科学", "四川师范大学"),
]
FIELDS = ["430"]


# The open-sharing demo (luoshi/demo/sharing.py) loads first; where it already has the firm or
# institute a programme needs, that organisation and its account are reused.
SHARED = {"firm.admin": "lidian.admin", "institute.admin": "yanjiuyuan.admin"}


def _existing(username):
    from luoshi.accounts.models import User

    if not username:
        return None
    user = (
        User.objects.filter(username=username)
        .select_related("org_membership__organisation")
        .first()
    )
    return user if user is not None and hasattr(user, "org_membership") else None


def describe() -> list[tuple[str, str, str]]:
    rows = [(u, str(Role.COORDINATOR.label), name) for u, name, _code in FEATURED]
    rows += [
        (u, str(Role.ORG_ADMIN.label), name) for u, name, *_rest in ORGANISATIONS if u not in SHARED
    ]
    return rows


def load(*, stdout) -> None:
    if Organisation.objects.filter(credit_code=synthetic_credit_code(9504)).exists():
        stdout.write("programmes: already loaded")
        return
    password = settings.LUOSHI_DEMO_PASSWORD
    units = {u.code: u for u in Unit.objects.exclude(code="")}
    for username, name, code in FEATURED:
        accounts.user_create(
            actor=None,
            username=username,
            password=password,
            unit=units[code],
            role=Role.COORDINATOR,
            full_name=name,
            is_demo=True,
            validate=False,
        )
    orgs, people = {}, {}
    for username, name, kind, place, serial in ORGANISATIONS:
        shared = SHARED.get(username)
        existing = _existing(shared)
        if existing is not None:  # the open-sharing demo's organisation, reused
            orgs[username], people[username] = existing.org_membership.organisation, existing
            continue
        org = organisations.organisation_register(
            credit_code=synthetic_credit_code(serial),
            name=name,
            kind=kind,
            region=Region.objects.filter(name=place).first(),
            contact_name=name[:4] + "联系人",
            contact_phone="0825-2000000",
            address=f"{place}示范路1号",
            username=username,
            password=password,
            proof=None,
            is_demo=True,
            check_password=False,
        )
        orgs[username] = organisations.organisation_verify(actor=None, organisation=org)
        people[username] = orgs[username].memberships.get().user
    for name, code, field, employer in EXPERTS:
        experts.expert_add(
            actor=None,
            name=name,
            field_code=code,
            field_name=field,
            title="教授",
            employer=employer,
            is_demo=True,
        )
    experts.expert_add(
        actor=None,
        name="周杰",
        field_code="430.25",
        field_name="材料科学",
        title="研究员",
        organisation=orgs["institute.admin"],
        is_demo=True,
    )
    today = timezone.localdate()
    _finance(orgs, people, today)
    _talent(orgs, people, units, today)
    _projects(orgs, people, today)
    _elements(units)
    stdout.write(
        f"programmes: {len(ORGANISATIONS)} organisations, loans with a pool, talent cards, "
        "project calls and challenges"
    )


def _finance(orgs, people, today):
    year = today.year
    pool = finance.pool_create(
        actor=None,
        name="遂宁市科技金融风险补偿资金池",
        pool_share=40,
        bank_share=30,
        guarantor_share=30,
        is_demo=True,
    )
    finance.pool_contribute(
        actor=None, pool=pool, amount=5_000_000, on=dt.date(year, 1, 5), note="市级财政注资"
    )
    tianfu = finance.product_save(
        actor=None,
        name="天府科创贷",
        kind="tianfu",
        accepted_kinds=["tech_sme", "high_tech"],
        caps=[(2020, Decimal(10_000_000), 12), (2025, Decimal(20_000_000), 12)],
        pool=pool,
        is_demo=True,
    )
    finance.product_save(
        actor=None,
        name="遂宁科创贷",
        kind="suining",
        accepted_kinds=["tech_sme", "high_tech", "srdi"],
        caps=[(2022, Decimal(5_000_000), 12)],
        pool=pool,
        is_demo=True,
    )
    ip = finance.product_save(
        actor=None,
        name="知识产权质押贷",
        kind="ip_pledge",
        accepted_kinds=[],
        caps=[(2022, Decimal(10_000_000), 12)],
        pool=pool,
        is_demo=True,
    )
    bank, bank2, guarantor = orgs["bank.admin"], orgs["bank2.admin"], orgs["guarantor.admin"]
    lender, lender2 = people["bank.admin"], people["bank2.admin"]
    start = dt.date(year, 1, 15)

    def loan(person, product, bank_org, amount, **kw):
        return finance.loan_apply(
            actor=person,
            product=product,
            bank=bank_org,
            amount=amount,
            term_months=12,
            purpose=kw.pop("purpose", "研发投入与设备购置"),
            declared_kinds=kw.pop("kinds", ["high_tech"]),
            tech_sme_years=kw.pop("years", [year - 1]),
            today=start,
            is_demo=True,
            **kw,
        )

    repaid = loan(people["firm.admin"], tianfu, bank, 3_000_000, guarantor=guarantor)
    finance.loan_decide(actor=lender, loan=repaid, approve=True, amount=3_000_000)
    finance.loan_disburse(actor=lender, loan=repaid, on=start + dt.timedelta(days=5))
    finance.loan_repay(
        actor=lender, loan=repaid, amount=3_000_000, on=start + dt.timedelta(days=40)
    )
    defaulted = loan(
        people["chip.admin"],
        tianfu,
        bank2,
        2_000_000,
        guarantor=guarantor,
        kinds=[],
        years=[year - 1],
    )
    finance.loan_decide(actor=lender2, loan=defaulted, approve=True, amount=2_000_000)
    finance.loan_disburse(actor=lender2, loan=defaulted, on=start + dt.timedelta(days=7))
    finance.loan_repay(
        actor=lender2, loan=defaulted, amount=500_000, on=start + dt.timedelta(days=30)
    )
    finance.loan_default(actor=lender2, loan=defaulted, on=start + dt.timedelta(days=60))
    claim = finance.claim_file(actor=lender2, loan=defaulted, note="借款人经营困难，已尽职催收")
    finance.claim_decide(actor=None, claim=claim, pay=True, on=start + dt.timedelta(days=75))
    # 追偿: part of the loss recovered from the borrower's pledged equipment.
    finance.pool_recover(
        actor=None,
        loan=defaulted,
        amount=300_000,
        on=start + dt.timedelta(days=90),
        note="处置抵押设备回款",
    )
    running = loan(
        people["firm.admin"], ip, bank, 5_000_000, purpose="以发明专利质押补充流动资金", kinds=[]
    )
    finance.loan_decide(actor=lender, loan=running, approve=True, amount=4_000_000)
    finance.loan_disburse(actor=lender, loan=running, on=start + dt.timedelta(days=20))
    loan(people["chip.admin"], tianfu, bank, 1_500_000, kinds=["high_tech"])


def _talent(orgs, people, units, today):
    a = talent.category_save(
        actor=None,
        code="A",
        name="A卡（顶尖人才）",
        max_level=1,
        validity_years=5,
        order=1,
        benefits="子女入学统筹安排；人才公寓或购房补贴；就医绿色通道、专属保健",
        is_demo=True,
    )
    b = talent.category_save(
        actor=None,
        code="B",
        name="B卡（领军人才）",
        max_level=3,
        min_salary=Decimal(300_000),
        validity_years=3,
        order=2,
        benefits="子女入学优先安排；人才公寓；就医绿色通道",
        is_demo=True,
    )
    talent.category_save(
        actor=None,
        code="C",
        name="C卡（骨干人才）",
        max_level=5,
        min_salary=Decimal(150_000),
        employer_kinds=["enterprise", "institute", "university"],
        validity_years=3,
        order=3,
        benefits="子女入学协调；人才公寓申请",
        is_demo=True,
    )
    schooling = talent.service_kind_save(
        actor=None,
        code="schooling",
        name="子女入学",
        unit=units["jtj"],
        time_limit_days=10,
        is_demo=True,
    )
    talent.service_kind_save(
        actor=None,
        code="housing",
        name="住房保障",
        unit=units["rsj"],
        time_limit_days=15,
        is_demo=True,
    )
    medical = talent.service_kind_save(
        actor=None,
        code="medical",
        name="就医服务",
        unit=units["wjw"],
        time_limit_days=5,
        is_demo=True,
    )
    issued = today - dt.timedelta(days=60)
    cards = []
    for person, category, name, level, salary in (
        ("firm.admin", b, "刘振华", 2, 450_000),
        ("institute.admin", a, "钱学林", 1, 800_000),
        ("chip.admin", b, "马晓东", 3, 320_000),
    ):
        application = talent.application_submit(
            actor=people[person],
            category=category,
            person_name=name,
            phone="13800000000",
            level=level,
            salary=salary,
            title="正高级工程师",
            is_demo=True,
        )
        talent.application_decide(actor=None, application=application, approve=True, today=issued)
        cards.append(application.card)
    talent.application_submit(
        actor=people["chip.admin"],
        category=b,
        person_name="林可",
        phone="13900000000",
        level=3,
        salary=310_000,
        is_demo=True,
    )
    answered = talent.request_file(
        actor=people["firm.admin"],
        card=cards[0],
        kind=schooling,
        description="子女（三年级）转入船山区公办小学",
        today=issued + dt.timedelta(days=5),
    )
    jtj = units["jtj"].users.filter(role=Role.REPORTER).first()
    if jtj is not None:
        talent.request_answer(
            actor=jtj,
            request=answered,
            answer="已协调安排至遂宁市第二小学，请于开学前报到",
            today=issued + dt.timedelta(days=9),
        )
        talent.request_rate(actor=people["firm.admin"], request=answered, rating=5, note="办理及时")
    talent.request_file(
        actor=people["institute.admin"],
        card=cards[1],
        kind=medical,
        description="年度健康体检预约",
        today=today - dt.timedelta(days=2),
    )


def _projects(orgs, people, today):
    year = today.year
    past = projects.call_create(
        actor=None,
        title=f"{year}年度遂宁市重点研发计划项目",
        year=year,
        guide="聚焦锂电及新材料、电子信息、装备制造等产业关键核心技术攻关。",
        categories=["重点研发", "成果转化"],
        budget=1_500_000,
        max_request=800_000,
        opens_on=dt.date(year, 1, 1),
        closes_on=dt.date(year, 1, 31),
        org_kinds=["enterprise", "institute", "university"],
        is_demo=True,
    )
    projects.call_open(actor=None, call=past)
    day = dt.date(year, 1, 10)
    apps = [
        projects.application_submit(
            actor=people[p],
            call=past,
            category=cat,
            title=t,
            summary=s,
            requested=r,
            matching=m,
            leader_name=leader,
            leader_phone="13700000000",
            team=team,
            today=day,
            is_demo=True,
        )
        for p, cat, t, s, r, m, leader, team in (
            (
                "firm.admin",
                "重点研发",
                "高镍三元正极材料循环寿命提升",
                "掺杂包覆工艺开发",
                800_000,
                1_600_000,
                "刘振华",
                "研发中心12人",
            ),
            (
                "chip.admin",
                "成果转化",
                "车规级功率模块封装产线",
                "成果转化及产线建设",
                600_000,
                2_000_000,
                "马晓东",
                "工艺部8人",
            ),
            (
                "institute.admin",
                "重点研发",
                "锂电池回收湿法冶金新工艺",
                "低能耗回收工艺",
                500_000,
                300_000,
                "钱学林",
                "研究院6人",
            ),
        )
    ]
    projects.call_close(actor=None, call=past)
    for app in apps:
        projects.formal_review(actor=None, application=app, ok=True)
    panel = projects.panel_draw(actor=None, call=past, field_codes=FIELDS, seed="demo")
    drawn = list(panel.experts.all())
    sheets = [
        [86, 88, 84, 90, 85, 87, 52],
        [80, 78, 82, 79, 81, 80, 83],
        [75, 74, 77, 73, 76, 78, 74],
    ]
    projects.scores_save(
        actor=None,
        panel=panel,
        sheet={
            (app.pk, e.pk): s
            for app, row in zip(apps, sheets, strict=True)
            for e, s in zip(drawn, row, strict=False)
        },
    )
    projects.call_publish_list(actor=None, call=past, today=dt.date(year, 2, 20))
    projects.call_decide(actor=None, call=past, today=dt.date(year, 3, 1))
    apps[0].refresh_from_db()
    project = projects.contract_sign(
        actor=None,
        application=apps[0],
        starts_on=dt.date(year, 3, 15),
        ends_on=dt.date(year + 2, 3, 14),
        targets={"发明专利申请(件)": 3, "循环寿命(次)": 2000, "新增销售收入(万元)": 2000},
        tranches=[("签约拨付", 50), ("中期拨付", 30), ("验收拨付", 20)],
    )
    projects.tranche_pay(actor=None, tranche=project.tranches.first(), on=dt.date(year, 3, 30))
    current = projects.call_create(
        actor=None,
        title=f"{year}年度遂宁市科技成果转化项目（第二批）",
        year=year,
        guide="支持企业与高校院所合作转化科技成果。",
        categories=["成果转化", "平台建设"],
        budget=2_000_000,
        max_request=500_000,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=40),
        org_kinds=["enterprise", "institute", "university"],
        is_demo=True,
    )
    projects.call_open(actor=None, call=current)
    signed = projects.challenge_create(
        actor=people["firm.admin"],
        title="固态电解质界面稳定性技术攻关",
        goal="开发可量产的固态电解质界面修饰工艺，电池循环寿命≥1500次。",
        indicators={"循环寿命(次)": 1500, "能量密度(Wh/kg)": 300},
        budget=4_000_000,
        deadline=dt.date(year, 2, 28),
        org_kinds=["institute", "university"],
        is_demo=True,
    )
    projects.challenge_publish(actor=None, challenge=signed)
    bid = projects.bid_submit(
        actor=people["institute.admin"],
        challenge=signed,
        plan="原子层沉积界面修饰＋中试验证",
        price=3_500_000,
        leader_name="钱学林",
        today=dt.date(year, 2, 1),
        is_demo=True,
    )
    projects.challenge_close(actor=None, challenge=signed)
    panel = projects.panel_draw(
        actor=None, challenge=signed, field_codes=FIELDS, seed="demo-challenge"
    )
    projects.scores_save(
        actor=None, panel=panel, sheet={(bid.pk, e.pk): 88 for e in panel.experts.all()}
    )
    projects.challenge_sign(
        actor=None,
        challenge=signed,
        bid=bid,
        contract_amount=3_500_000,
        milestones=[("签约", 30), ("中试", 40), ("验收", 30)],
        on=dt.date(year, 3, 20),
        defence_note="答辩通过，技术路线可行",
    )
    projects.tranche_pay(actor=None, tranche=signed.milestones.first(), on=dt.date(year, 3, 25))
    open_challenge = projects.challenge_create(
        actor=None,
        publisher=orgs["chip.admin"],
        title="车规级SiC功率模块可靠性提升",
        goal="模块功率循环寿命提升至国际同类水平。",
        indicators={"功率循环(万次)": 50},
        budget=3_000_000,
        deadline=today + dt.timedelta(days=30),
        org_kinds=["institute", "university"],
        is_demo=True,
    )
    projects.challenge_publish(actor=None, challenge=open_challenge)


# The programmes' figures as data elements computed from their rows (task 18, 23, 24).
ELEMENTS = [
    ("tech_finance_lent", "科技贷款放款额", "万元", "sum", "number", "jrj", "tech_finance_lent"),
    ("ip_pledge_lent", "知识产权质押融资额", "万元", "sum", "number", "scjgj", "ip_pledge_lent"),
    (
        "talent_cards_valid",
        "遂州英才卡有效持卡人数",
        "张",
        "last",
        "integer",
        "rcb",
        "talent_cards_valid",
    ),
    (
        "st_projects_city_funding",
        "市级科技项目资助额",
        "万元",
        "sum",
        "number",
        "kjj",
        "st_projects_city_funding",
    ),
]


def _elements(units):
    from luoshi.indicators import services as indicators
    from luoshi.indicators.models import DataElement

    for code, name, uom, agg, vtype, supplier, key in ELEMENTS:
        if DataElement.objects.filter(code=code).exists():
            continue
        indicators.element_save(
            actor=None,
            code=code,
            name=name,
            unit_of_measure=uom,
            aggregation=agg,
            value_type=vtype,
            supplying_unit=units[supplier],
            computation=key,
            definition="由luoshi科技计划业务数据自动计算（演示）。",
        )
    city = Region.objects.filter(name="遂宁市", kind=Region.Kind.CITY).first()
    if city is not None:
        indicators.computed_values_refresh(region=city)
