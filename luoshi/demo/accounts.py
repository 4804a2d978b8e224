"""Demo accounts: an administrator, the coordinating office, a leader, and a reporter
and an approver for every unit. They exist only when the demo is loaded."""

from django.conf import settings

from luoshi.accounts import services
from luoshi.core.roles import Role
from luoshi.org.models import Unit

# The accounts README lists; every unit also gets <code>.reporter and <code>.approver.
FEATURED = [
    ("admin", None, Role.ADMIN, "系统管理员"),
    ("office", "kjj", Role.COORDINATOR, "市科技局督查专员"),
    ("leader", "city", Role.LEADER, "市政府领导"),
    ("fgw.reporter", "fgw", Role.REPORTER, "市发展改革委填报员"),
    ("fgw.approver", "fgw", Role.APPROVER, "市发展改革委审核人"),
    ("jxj.reporter", "jxj", Role.REPORTER, "市经济和信息化局填报员"),
    ("kjj.reporter", "kjj", Role.REPORTER, "市科技局填报员"),
    ("chuanshan.reporter", "chuanshan", Role.REPORTER, "船山区政府填报员"),
    ("tjj.reporter", "tjj", Role.REPORTER, "市统计局填报员"),
]


def load(*, stdout) -> None:
    password = settings.LUOSHI_DEMO_PASSWORD
    units = {u.code: u for u in Unit.objects.exclude(code="").exclude(kind=Unit.Kind.GROUP)}
    made = set()
    for username, code, role, name in FEATURED:
        services.user_create(
            actor=None,
            username=username,
            password=password,
            unit=units.get(code) if code else None,
            role=role,
            full_name=name,
            is_demo=True,
            validate=False,
        )
        made.add(username)
    for code, unit in units.items():
        if code == "city":
            continue
        for role in (Role.REPORTER, Role.APPROVER):
            username = f"{code}.{role.value}"
            if username in made:
                continue
            services.user_create(
                actor=None,
                username=username,
                password=password,
                unit=unit,
                role=role,
                full_name=f"{unit.short_name or unit.name}{'填报员' if role == Role.REPORTER else '审核人'}",
                is_demo=True,
                validate=False,
            )
    stdout.write(
        f"accounts: {len(made)} featured demo accounts, reporters and approvers for {len(units) - 1} units"
    )


def describe() -> list[tuple[str, str, str]]:
    return [(username, str(Role(role).label), name) for username, _code, role, name in FEATURED]
