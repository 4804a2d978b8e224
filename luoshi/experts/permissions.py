"""Who may do what with the expert and laboratory databases and draws.

- The office (coordinator, administrator) keeps both databases and draws experts.
- Leaders read both and the draw records.
- Everyone else signed in (government units, organisations) searches the laboratory
  database; the expert database (people's contacts) stays with the office and leaders.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.experts.models import Draw, Expert, Lab

MANAGE = "manage_experts"
VIEW_EXPERTS = "view_experts"
VIEW_LABS = "view_labs"
DRAW = "draw_experts"

CAPABILITIES = {
    Role.ADMIN: {MANAGE, VIEW_EXPERTS, VIEW_LABS, DRAW},
    Role.COORDINATOR: {MANAGE, VIEW_EXPERTS, VIEW_LABS, DRAW},
    Role.LEADER: {VIEW_EXPERTS, VIEW_LABS},
    Role.APPROVER: {VIEW_LABS},
    Role.REPORTER: {VIEW_LABS},
    Role.ORG_ADMIN: {VIEW_LABS},
    Role.ORG_MEMBER: {VIEW_LABS},
}


def can_manage(user) -> bool:
    return has_capability(user, CAPABILITIES, MANAGE)


def can_draw(user) -> bool:
    return has_capability(user, CAPABILITIES, DRAW)


def can_view_experts(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_EXPERTS)


def can_view_labs(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_LABS)


def experts_visible_to(user) -> QuerySet[Expert]:
    return Expert.objects.all() if can_view_experts(user) else Expert.objects.none()


def labs_visible_to(user) -> QuerySet[Lab]:
    return Lab.objects.all() if can_view_labs(user) else Lab.objects.none()


def draws_visible_to(user) -> QuerySet[Draw]:
    return Draw.objects.all() if can_view_experts(user) else Draw.objects.none()


def get_draw_for_user(user, pk) -> Draw:
    try:
        return draws_visible_to(user).select_related("drawn_by").get(pk=pk)
    except (Draw.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def can_see_contacts(user) -> bool:
    """An expert's phone and e-mail: shown only to those who keep the database (its edit
    page); the list leaders read shows no contact."""
    return can_manage(user)


def get_expert_to_manage(user, pk) -> Expert:
    """The expert to edit: 404 alike for a missing expert and a viewer who may not edit."""
    if not can_manage(user):
        raise NotFound()
    try:
        return Expert.objects.select_related("organisation", "region").get(pk=pk)
    except (Expert.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_lab_to_manage(user, pk) -> Lab:
    if not can_manage(user):
        raise NotFound()
    try:
        return Lab.objects.select_related("organisation", "region").get(pk=pk)
    except (Lab.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
