"""What each kind of notification says. Texts are rendered when read, in the reader's language,
from the parameters stored with the notification (so nothing is frozen in one language)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from luoshi.supervision import cycles

TEXTS = {
    "due_soon": _(
        "Reports for %(period)s are due on %(due)s: %(count)s task(s) not yet submitted."
    ),
    "due_today": _("Reports for %(period)s are due today: %(count)s task(s) not yet submitted."),
    "overdue": _(
        "Overdue: reports for %(period)s were due on %(due)s; %(count)s task(s) still missing."
    ),
    "report_pending": _("%(unit)s's report on task %(task)s for %(period)s awaits your sign-off."),
    "report_returned": _("Your report on task %(task)s for %(period)s was returned: %(comment)s"),
    "report_approved": _("Your report on task %(task)s for %(period)s was approved."),
    "coop_submitted": _("%(unit)s submitted its report on task %(task)s for %(period)s."),
    "consolidation_pending": _(
        "The consolidated report on task %(task)s for %(period)s awaits your sign-off."
    ),
    "consolidation_submitted": _(
        "The consolidated report on task %(task)s for %(period)s arrived from %(unit)s."
    ),
    "consolidation_returned": _(
        "The consolidated report on task %(task)s for %(period)s was returned: %(comment)s"
    ),
    "consolidation_approved": _(
        "The consolidated report on task %(task)s for %(period)s was approved."
    ),
    "instruction_added": _(
        "A leader's instruction on task %(task)s: %(text)s — answer it in your next report."
    ),
    "notice_issued": _(
        "Supervision notice %(number)s (%(level)s) on task %(task)s: sign for it and answer by %(due)s."
    ),
    "notice_answered": _("%(unit)s answered supervision notice %(number)s on task %(task)s."),
    "adhoc_opened": _("Ad-hoc round “%(period)s” opened: report on %(count)s task(s) by %(due)s."),
    "round_opened": _(
        "Reporting for %(period)s is open: your unit reports on %(count)s task(s) by %(due)s."
    ),
    # the yearly assessment (luoshi.assessment)
    "assessment_published": _(
        "The %(year)s assessment results are published for review: check your unit's result "
        "and object by %(due)s if it is wrong."
    ),
    "objection_filed": _("%(unit)s objects to its %(year)s assessment result."),
    "objection_answered": _("Your objection to the %(year)s assessment result was answered."),
    "assessment_final": _("The %(year)s assessment results are final."),
}


def period_params(period) -> dict:
    """A period as notification parameters: enough to render its label in any language."""
    params = {
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "period_title": period.title if period.is_adhoc else "",
    }
    # The plan's title when the caller loaded the plan (never a query of its own here).
    if type(period)._meta.get_field("plan").is_cached(period):
        params["plan_title"] = period.plan.title
    return params


def render(kind: str, params: dict) -> str:
    from luoshi.core.templatetags.luoshi import cn_date

    values = dict(params)
    if "period_start" in values:
        values["period"] = values.get("period_title") or cycles.label(
            dt.date.fromisoformat(values["period_start"]),
            dt.date.fromisoformat(values["period_end"]),
        )
    if values.get("due"):
        values["due"] = cn_date(dt.date.fromisoformat(values["due"]))
    if "level" in values:
        from luoshi.supervision.models import SupervisionNotice

        values["level"] = SupervisionNotice.Level(values["level"]).label
    text = TEXTS.get(kind)
    if text is None:
        return kind
    try:
        rendered = str(text) % values
    except (KeyError, ValueError, TypeError):
        rendered = str(text)
    # A person may report on several plans: the notification names its plan.
    plan = values.get("plan_title")
    return f"〔{plan}〕{rendered}" if plan else rendered
