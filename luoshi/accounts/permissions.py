"""Who may manage accounts, browse the audit trail and open the administrator's page."""

from luoshi.core.roles import Role, has_capability

VIEW_USERS = "view_users"
MANAGE_USERS = "manage_users"
MANAGE_OWN_UNIT_USERS = "manage_own_unit_users"
VIEW_AUDIT = "view_audit"
ADMINISTER = "administer"

CAPABILITIES = {
    Role.ADMIN: {VIEW_USERS, MANAGE_USERS, MANAGE_OWN_UNIT_USERS, VIEW_AUDIT, ADMINISTER},
    Role.COORDINATOR: {VIEW_USERS, MANAGE_USERS, MANAGE_OWN_UNIT_USERS, VIEW_AUDIT},
    Role.LEADER: {VIEW_USERS},
    Role.APPROVER: {MANAGE_OWN_UNIT_USERS},
    Role.REPORTER: set(),
}


def can_view_audit(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_AUDIT)


def can_administer(user) -> bool:
    return has_capability(user, CAPABILITIES, ADMINISTER)


def can_view_users(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_USERS)


def can_manage_user(user, target) -> bool:
    """Administrators and the coordinating office manage everyone; an approver manages
    reporters of their own unit."""
    if has_capability(user, CAPABILITIES, MANAGE_USERS):
        return target is None or not target.is_superuser or user.is_superuser
    if has_capability(user, CAPABILITIES, MANAGE_OWN_UNIT_USERS):
        return (
            target is not None and target.unit_id == user.unit_id and target.role == Role.REPORTER
        )
    return False


def roles_assignable_by(user) -> list[Role]:
    """The roles `user` may give to an account they create or edit."""
    if has_capability(user, CAPABILITIES, MANAGE_USERS):
        roles = [Role.COORDINATOR, Role.LEADER, Role.APPROVER, Role.REPORTER]
        return [Role.ADMIN, *roles] if user.is_superuser else roles
    if has_capability(user, CAPABILITIES, MANAGE_OWN_UNIT_USERS):
        return [Role.REPORTER]
    return []
