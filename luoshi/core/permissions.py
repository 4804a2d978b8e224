"""Who may browse the audit trail and the administrator's page."""

from luoshi.accounts.roles import Role, has_capability

VIEW_AUDIT = "view_audit"
ADMINISTER = "administer"

CAPABILITIES = {
    Role.ADMIN: {VIEW_AUDIT, ADMINISTER},
    Role.COORDINATOR: {VIEW_AUDIT},
    Role.LEADER: set(),
    Role.APPROVER: set(),
    Role.REPORTER: set(),
}


def can_view_audit(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_AUDIT)


def can_administer(user) -> bool:
    return has_capability(user, CAPABILITIES, ADMINISTER)
