"""Reads for supervision pages, one module per page family; each function takes the viewer
(keyword-only), applies permissions, and loads what its page needs in a fixed number of
queries. Lights come from `luoshi.supervision.status`, never from here.

- `plans`: the plans under supervision, a plan's reporting cycle and periods
- `todo`: a unit's to-do and its notifications
- `reports`: the report editor and view, version diffs, the office's review queue
- `consolidation`: the lead unit's consolidation page
- `tasks`: a task over time (timeline, the task page's panel, milestones, notices)
- `assessment`: the scorecard and the ledger (台账)
"""
