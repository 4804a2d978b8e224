"""Who may read and edit the unit directory."""

from luoshi.core.roles import Role, has_capability

VIEW_DIRECTORY = "view_directory"
EDIT_DIRECTORY = "edit_directory"

CAPABILITIES = {
    Role.ADMIN: {VIEW_DIRECTORY, EDIT_DIRECTORY},
    Role.COORDINATOR: {VIEW_DIRECTORY, EDIT_DIRECTORY},
    Role.LEADER: {VIEW_DIRECTORY},
    Role.APPROVER: {VIEW_DIRECTORY},
    Role.REPORTER: {VIEW_DIRECTORY},
}


def can_view_directory(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_DIRECTORY)


def can_edit_directory(user) -> bool:
    return has_capability(user, CAPABILITIES, EDIT_DIRECTORY)
