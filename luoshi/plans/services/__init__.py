"""Writes to plans: import (with preview), revisions, drafts, parent links.

Import semantics, in one place:
- `plan_import_preview` parses and resolves, writes nothing.
- `plan_import` saves the name mappings as aliases, refuses while a name is unresolved,
  and imports in one transaction.
- Without `plan`, a document the region already holds — the same file (sha256), the same
  document number or the same title — is treated as a new version of that plan.
- Re-importing the same document (same sha256 as the latest revision, or the same parsed
  content apart from warnings) changes nothing: no rows, no revision, no audit event.
- A revised document updates the plan in place: tasks matched by number and title
  (see luoshi.plans.diff), removed tasks, assignments and targets kept with active=False,
  a new PlanRevision holding the changes, every changed task audited.
- `actor=None` is the system itself (the demo loader, the command line).
"""

from luoshi.plans.services.current import current_plan_set, office_default_set, plan_archive
from luoshi.plans.services.drafts import (
    import_draft_confirm,
    import_draft_create,
    import_draft_discard,
    import_draft_map_names,
    import_draft_preview,
)
from luoshi.plans.services.editing import task_add, task_remove, task_update
from luoshi.plans.services.hierarchy import plan_set_parent, task_link_parent
from luoshi.plans.services.importing import ImportResult, names_map, plan_import
from luoshi.plans.services.preview import ImportPreview, NameInfo, TaskPreview, plan_import_preview
from luoshi.plans.services.reading import (
    DRAFT_LIFETIME,
    AssignmentSpec,
    default_coordinating_unit,
    find_existing_plan,
    plan_as_dict,
    task_assignments,
)
from luoshi.plans.services.resolution import import_draft_choose

__all__ = [
    "DRAFT_LIFETIME",
    "AssignmentSpec",
    "ImportPreview",
    "ImportResult",
    "NameInfo",
    "TaskPreview",
    "default_coordinating_unit",
    "find_existing_plan",
    "import_draft_choose",
    "current_plan_set",
    "office_default_set",
    "plan_archive",
    "task_add",
    "task_remove",
    "task_update",
    "import_draft_confirm",
    "import_draft_create",
    "import_draft_discard",
    "import_draft_map_names",
    "import_draft_preview",
    "names_map",
    "plan_as_dict",
    "plan_import",
    "plan_import_preview",
    "plan_set_parent",
    "task_assignments",
    "task_link_parent",
]
