"""Supervision of a plan's implementation (督查督办).

A plan has one reporting cycle; the cycle generates periods. In each period every
responsible unit of a task writes one UnitReport; the unit's approver signs it off
(submitted). The lead unit writes one Consolidation (汇总) per task and period from the
submissions; the coordinating office approves or returns both. Leaders add Instructions
(批示); the office escalates tasks that stay red with SupervisionNotices (督办单).

State machines are data (`TRANSITIONS`); the services in services/ are the only
writers and check them.
"""

from luoshi.supervision.models.cycle import Milestone, Period, ReportingCycle
from luoshi.supervision.models.notices import (
    Instruction,
    InstructionAnswer,
    Notification,
    Reminder,
    SupervisionNotice,
)
from luoshi.supervision.models.reports import (
    Attachment,
    Consolidation,
    ReportQuantity,
    ReportVersion,
    Review,
    SelfStatus,
    UnitReport,
    _attachment_path,
)

__all__ = [
    "Attachment",
    "Consolidation",
    "Instruction",
    "InstructionAnswer",
    "Milestone",
    "Notification",
    "Period",
    "Reminder",
    "ReportQuantity",
    "ReportVersion",
    "ReportingCycle",
    "Review",
    "SelfStatus",
    "SupervisionNotice",
    "UnitReport",
    "_attachment_path",
]
