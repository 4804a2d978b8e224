"""The steps of a plan's first round, shown at the top of each step's page (one list, so
the import pages of plans and the set-up pages of supervision agree)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

STEPS = [
    ("upload", _("Upload"), "plans:import", False),
    ("review", _("Review and resolve units"), "", False),
    ("accounts", _("Unit accounts"), "supervision:setup_accounts", True),
    ("cycle", _("Reporting cycle"), "supervision:setup_cycle", True),
    ("notify", _("Units notified"), "supervision:setup", True),
]


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    label: str
    state: str  # done, current or todo
    url: str


def first_round_steps(current: str, plan_id: int | None = None) -> list[Step]:
    """The five steps, those before `current` done; a step links to its page when it has
    one and the plan exists (steps after the import need the plan)."""
    keys = [key for key, *_rest in STEPS]
    position = keys.index(current)
    steps = []
    for index, (key, label, name, needs_plan) in enumerate(STEPS):
        url = ""
        if name and (plan_id or not needs_plan) and index != position:
            try:
                url = reverse(name, args=[plan_id] if needs_plan else [])
            except NoReverseMatch:
                url = ""
        if index > position and key in ("upload", "review"):
            url = ""
        if plan_id and key in ("upload", "review"):
            url = ""
        state = "done" if index < position else "current" if index == position else "todo"
        steps.append(Step(key, index + 1, str(label), state, url))
    return steps
