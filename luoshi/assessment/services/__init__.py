"""Writes of the yearly assessment, the official documents and the end of a plan. Each
service checks permission, then state, writes, audits, in one transaction; `actor=None` is
the system itself (the demo loader, commands)."""

from luoshi.assessment.services.documents import document_issue, document_publish
from luoshi.assessment.services.evaluation import (
    evaluation_finalise,
    evaluation_item_save,
    evaluation_start,
    evaluation_summary_save,
    rounds_close,
    successor_link,
)
from luoshi.assessment.services.schemes import (
    adjustment_add,
    adjustment_remove,
    criteria_save,
    objection_answer,
    objection_file,
    scheme_create,
    scheme_lock,
    scheme_publish,
    scheme_recompute,
    scheme_reopen,
    scheme_update,
)

__all__ = [
    "document_issue",
    "document_publish",
    "evaluation_finalise",
    "evaluation_item_save",
    "evaluation_start",
    "evaluation_summary_save",
    "rounds_close",
    "successor_link",
    "adjustment_add",
    "adjustment_remove",
    "criteria_save",
    "objection_answer",
    "objection_file",
    "scheme_create",
    "scheme_lock",
    "scheme_publish",
    "scheme_recompute",
    "scheme_reopen",
    "scheme_update",
]
