"""The navigation each role sees. An entry whose page is not installed is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from luoshi.core.roles import Role, role_of

A, C, L, P, R = Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.APPROVER, Role.REPORTER
OA, OM = Role.ORG_ADMIN, Role.ORG_MEMBER

NAV = [
    ("supervision:todo", _("My to-do"), {P, R}),
    ("supervision:overview", _("Period overview"), {A, C, L}),
    ("indicators:dashboard", _("Dashboard"), {A, C, L, P, R}),
    ("plans:list", _("Plans"), {A, C, L, P, R}),
    ("plans:matrix_default", _("Responsibility matrix"), {A, C, L, P, R}),
    ("assessment:home", _("Assessment"), {A, C, L, P, R}),
    ("indicators:entry", _("Data entry"), {A, C, P, R}),
    # The registry, the post-subsidy rounds, technology contracts, patents and platforms share
    # one entry and a tab bar.
    ("enterprises:list", _("Enterprises"), {A, C, L, P, R}),
    # Projects, the talent card and technology finance share one entry and a tab bar.
    ("projects:home", _("Programmes"), {A, C, L, OA, OM}),
    ("talent:home", _("Talent card"), {P, R}),
    ("org:directory", _("Units"), {A, C, L, P, R}),
    ("organisations:mine", _("My organisation"), {OA, OM}),
    # The office and leaders reach organisations, vouchers and experts from the sharing
    # pages' own tabs; organisation people see their four pages here.
    ("instruments:catalogue", _("Open sharing"), {A, C, L}),
    ("instruments:catalogue", _("Instruments"), {OA, OM}),
    ("vouchers:home", _("Vouchers"), {OA, OM}),
    ("experts:labs", _("Testing labs"), {P, R, OA, OM}),
    ("accounts:users", _("Accounts"), {A, C, P}),
    ("accounts:audit", _("Audit trail"), {A, C}),
    ("accounts:admin_home", _("Administration"), {A}),
]


def navigation(request):
    user = getattr(request, "user", None)
    role = role_of(user)
    if role is None:
        return {"nav_items": [], "user_role": None}
    items = []
    path = request.path
    for name, label, roles in NAV:
        if role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": path.startswith(url) and url != "/"})
    return {"nav_items": items, "user_role": role, "user_role_label": Role(role).label}
