"""Supervision services: the only writers. Each checks permission, checks state, writes,
audits, and sends notifications after commit."""

from luoshi.supervision.services.attachments import attachment_delete, report_attach
from luoshi.supervision.services.combined import combined_report_write
from luoshi.supervision.services.consolidations import (
    consolidation_approve,
    consolidation_attach,
    consolidation_hand_in,
    consolidation_pull,
    consolidation_return,
    consolidation_save,
    consolidation_submit,
)
from luoshi.supervision.services.inbox import notification_mark_read
from luoshi.supervision.services.milestones import (
    milestone_create,
    milestone_delete,
    milestone_import,
)
from luoshi.supervision.services.notices import (
    instruction_add,
    next_level,
    notice_answer,
    notice_close,
    notice_issue,
    notice_sign,
)
from luoshi.supervision.services.periods import (
    cycle_save,
    period_generate,
    period_open_adhoc,
    periods_remove_after,
)
from luoshi.supervision.services.reminders import ReminderSummary, reminders_send
from luoshi.supervision.services.reports import (
    instruction_answer,
    report_hand_in,
    report_nothing_new,
    report_save_draft,
    report_sign_off,
)
from luoshi.supervision.services.review import report_approve, report_return
from luoshi.supervision.services.rounds import RoundOpened, round_open

__all__ = [
    "ReminderSummary",
    "RoundOpened",
    "round_open",
    "attachment_delete",
    "combined_report_write",
    "consolidation_attach",
    "consolidation_approve",
    "consolidation_hand_in",
    "consolidation_pull",
    "consolidation_return",
    "consolidation_save",
    "consolidation_submit",
    "cycle_save",
    "instruction_add",
    "instruction_answer",
    "milestone_create",
    "milestone_delete",
    "milestone_import",
    "next_level",
    "notice_answer",
    "notice_close",
    "notice_issue",
    "notice_sign",
    "notification_mark_read",
    "period_generate",
    "periods_remove_after",
    "period_open_adhoc",
    "reminders_send",
    "report_approve",
    "report_attach",
    "report_hand_in",
    "report_nothing_new",
    "report_return",
    "report_save_draft",
    "report_sign_off",
]
