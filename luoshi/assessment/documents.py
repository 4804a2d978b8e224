"""The official documents, in the national layout (luoshi.core.officialdoc), from what the
document selectors read: the supervision bulletin (督查通报), the quarterly implementation
report (落实情况报告), the assessment result (考核结果通报) and the final evaluation report
(终期评估报告).

Documents are written in Chinese whatever the reader's interface language: they are sent up
and out as they are. Demo data is said at the top of the document and in its properties;
provisional figures (初步数) are marked with * and explained in a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from luoshi.assessment import calculation
from luoshi.assessment.models import IssuedDocument
from luoshi.core.errors import ValidationFailed
from luoshi.core.officialdoc import OfficialDocument
from luoshi.core.templatetags.luoshi import cn_date

LANGUAGE = "zh-hans"
PROVISIONAL_MARK = "*"


@dataclass
class Header:
    """What the office enters when it issues a document (a draft has no number)."""

    doc_number: str = ""
    date: dt.date | None = None
    recipients: str = ""


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _num(value, decimals: int = 1) -> str:
    return "—" if value is None else f"{value:.{decimals}f}"


def _issuer(plan):
    unit = plan.coordinating_unit
    return unit.name if unit else plan.issuer or plan.region.name


def _document(plan, header: Header, title: str, default_recipients: str, demo: bool):
    doc = OfficialDocument(
        issuer=_issuer(plan),
        title=title,
        doc_number=header.doc_number,
        recipients=header.recipients or default_recipients,
        signer=_issuer(plan),
        date=header.date,
        printed_by=_("%(issuer)s office") % {"issuer": _issuer(plan)},
    )
    if demo:
        text = _(
            "[Demo data] The figures in this document are demo data generated for "
            "demonstration, not real figures; it must not be used as an official document."
        )
        doc.paragraph(text, indent=False, bold=True)
        doc.notes.append(text)
    return doc


def default_recipients(kind: str) -> str:
    with translation.override(LANGUAGE):
        if kind == IssuedDocument.Kind.QUARTERLY:
            return _("The municipal people's government")
        return _(
            "The county (city, district) people's governments, the city park committees and "
            "the city departments concerned"
        )


# -- 督查通报 ------------------------------------------------------------------------------


def bulletin(data: dict, header: Header) -> bytes:
    with translation.override(LANGUAGE):
        plan = data["plan"]
        title = _("Bulletin on the supervision of the implementation of “%(plan)s”") % {
            "plan": plan.title
        }
        doc = _document(
            plan, header, title, default_recipients(IssuedDocument.Kind.BULLETIN), data["demo"]
        )
        t = data["totals"]
        c = t.counts
        doc.heading(_("I. Overall situation"))
        doc.paragraph(
            _(
                "In %(year)s up to %(date)s, %(periods)s reporting period(s) were due. Of "
                "%(expected)s expected unit reports, %(submitted)s were submitted "
                "(completeness %(completeness)s) and %(on_time)s on time (on-time rate "
                "%(on_time_rate)s); %(returned)s were returned for revision. %(ms_done)s of "
                "%(ms_due)s milestones due were completed. %(notices)s supervision notice(s) "
                "were issued."
            )
            % {
                "year": data["year"],
                "date": cn_date(data["today"]),
                "periods": len(data["periods"]),
                "expected": c.expected,
                "submitted": c.submitted,
                "completeness": _pct(t.completeness),
                "on_time": c.on_time,
                "on_time_rate": _pct(t.on_time_rate),
                "returned": c.returned,
                "ms_done": c.milestones_done,
                "ms_due": c.milestones_due,
                "notices": c.notices,
            }
        )
        doc.heading(_("II. Units that reported late"))
        if data["late"]:
            doc.table(
                [_("Unit"), _("On-time rate"), _("Completeness"), _("Returned")],
                [
                    [
                        str(ln.unit),
                        _pct(ln.figures.on_time_rate),
                        _pct(ln.figures.completeness),
                        ln.figures.counts.returned,
                    ]
                    for ln in data["late"]
                ],
                widths_mm=[70, 28, 28, 28],
            )
        else:
            doc.paragraph(_("Every unit reported on time."))
        period = data["period"]
        doc.heading(
            _("III. Tasks red in %(period)s") % {"period": period.label}
            if period
            else _("III. Tasks red")
        )
        if data["reds"]:
            for red in data["reds"]:
                doc.paragraph(
                    f"{red['task']}："
                    + "、".join(str(u) for u in red["units"])
                    + f"。{red['reason']}"
                )
        else:
            doc.paragraph(_("No task is red."))
        doc.heading(_("IV. Requirements"))
        doc.paragraph(
            _(
                "Units that reported late or whose tasks are red are to analyse the causes, "
                "take measures and report on their progress in the next period."
            )
        )
        return doc.save()


# -- 落实情况报告 --------------------------------------------------------------------------


def _light_label(light) -> str:
    colour = light.colour if light is not None else "grey"
    return {
        "green": _("On track"),
        "yellow": _("Behind"),
        "red": _("Off track or late"),
        "grey": _("No light"),
    }.get(colour, "—")


def _figure(view) -> str:
    from luoshi.indicators.templatetags.indicators import format_indicator

    latest = view.latest
    if latest is None or latest.value is None:
        return "—"
    ind = view.goal.indicator
    text = format_indicator(latest.value, ind.unit_of_measure, ind.decimals)
    return text + (PROVISIONAL_MARK if latest.provisional else "")


def quarterly(data: dict, header: Header) -> bytes:
    from luoshi.indicators.templatetags.indicators import format_indicator

    with translation.override(LANGUAGE):
        plan, period = data["plan"], data["period"]
        title = _("Report on the implementation of “%(plan)s” in %(period)s") % {
            "plan": plan.title,
            "period": period.label,
        }
        doc = _document(
            plan, header, title, default_recipients(IssuedDocument.Kind.QUARTERLY), data["demo"]
        )
        counts = data["counts"]
        doc.paragraph(
            _(
                "In %(period)s the %(tasks)s tasks of the plan were reported on; the lead units "
                "consolidated %(consolidated)s of them (%(approved)s approved by the office). "
                "%(green)s task(s) are on track, %(yellow)s behind, %(red)s off track or late, "
                "%(grey)s without a light. The implementation is reported as follows."
            )
            % {
                "period": period.label,
                "tasks": data["tasks"],
                "consolidated": data["consolidated"],
                "approved": data["approved"],
                "green": counts["green"],
                "yellow": counts["yellow"],
                "red": counts["red"],
                "grey": counts["grey"],
            }
        )
        doc.heading(_("I. Progress by task group"))
        numerals = "一二三四五六七八九十"
        problems, steps = [], []
        for i, entry in enumerate(data["sections"]):
            number = numerals[i] if i < len(numerals) else str(i + 1)
            title_text = entry.section.title if entry.section else _("Other tasks")
            doc.heading(f"（{number}）{title_text}", level=2)
            for item in entry.tasks:
                task, c = item.task, item.consolidation
                leads = "、".join(str(u) for u in item.lead_units) or "—"
                if c is not None and c.summary.strip():
                    doc.paragraph(
                        _("Task %(number)s (lead: %(leads)s): %(text)s")
                        % {"number": task.number, "leads": leads, "text": c.summary.strip()}
                    )
                else:
                    doc.paragraph(
                        _(
                            "Task %(number)s (lead: %(leads)s): no consolidated report for the period."
                        )
                        % {"number": task.number, "leads": leads}
                    )
                if c is not None and c.problems.strip():
                    problems.append(f"{task.number}. {c.problems.strip()}")
                if c is not None and c.next_steps.strip():
                    steps.append(f"{task.number}. {c.next_steps.strip()}")
            doc.table(
                [_("Task"), _("Lead unit"), _("Progress"), _("Status")],
                [
                    [
                        f"{item.task.number}. {item.task.title}",
                        "、".join(str(u) for u in item.lead_units),
                        f"{item.consolidation.progress_pct}%"
                        if item.consolidation and item.consolidation.progress_pct is not None
                        else "—",
                        _light_label(item.light),
                    ]
                    for item in entry.tasks
                ],
                widths_mm=[72, 36, 20, 28],
            )
        doc.heading(_("II. Main indicators"))
        rows = []
        for view in data["goals"]:
            goal = view.goal
            if goal.indicator is None:
                continue
            ind = goal.indicator
            latest = view.latest
            rows.append(
                [
                    goal.name,
                    f"{goal.get_comparator_display()}{format_indicator(goal.target_value, ind.unit_of_measure, ind.decimals)}"
                    f"（{goal.target_year}）",
                    _figure(view),
                    str(latest.year) if latest is not None else "—",
                    view.status_label,
                ]
            )
        if rows:
            doc.table(
                [_("Indicator"), _("Target"), _("Latest figure"), _("Data year"), _("Status")],
                rows,
                widths_mm=[50, 34, 28, 18, 26],
            )
        notes = [
            _("Figures are those accepted by the office as of %(date)s.")
            % {"date": cn_date(data["today"])}
        ]
        if data["provisional"]:
            notes.append(
                _("Figures marked %(mark)s are provisional (初步数) and may change.")
                % {"mark": PROVISIONAL_MARK}
            )
        doc.note(_("Note: ") + " ".join(notes))
        doc.heading(_("III. Problems"))
        for text in problems or [_("No problems were reported.")]:
            doc.paragraph(text)
        doc.heading(_("IV. Next steps"))
        for text in steps or [_("The lead units continue as planned.")]:
            doc.paragraph(text)
        return doc.save()


# -- 考核结果通报 --------------------------------------------------------------------------


def assessment_result(page: dict, header: Header) -> bytes:
    with translation.override(LANGUAGE):
        scheme, plan = page["scheme"], page["plan"]
        title = _("Bulletin on the results of the %(year)s target assessment of “%(plan)s”") % {
            "year": scheme.year,
            "plan": plan.title,
        }
        doc = _document(
            plan,
            header,
            title,
            default_recipients(IssuedDocument.Kind.ASSESSMENT),
            page["has_demo"],
        )
        if not scheme.locked:
            doc.paragraph(
                _("[Draft] These results are not final (%(state)s).")
                % {"state": scheme.get_state_display()},
                indent=False,
                bold=True,
            )
        doc.paragraph(
            _(
                "Under the %(year)s assessment scheme, the office assessed the units responsible "
                "for the plan's tasks on their work (timeliness, completeness, returns, "
                "milestones, supervision notices) and, for the counties and parks, on the yearly "
                "targets broken down to them. The results are announced as follows."
            )
            % {"year": scheme.year}
        )
        doc.heading(_("I. How units were assessed"))
        rules = page["rules"]
        for i, group in enumerate(page["groups"]):
            doc.paragraph(f"{i + 1}. {group.label}：{calculation.formula_text(rules, group.group)}")
        for text in page["explanations"]:
            doc.paragraph(text)
        if page["excluded_labels"]:
            doc.paragraph(
                _("Not assessed in this system: %(categories)s.")
                % {"categories": "、".join(page["excluded_labels"])}
            )
        doc.heading(_("II. Results"))
        numerals = "一二三"
        for i, group in enumerate(page["groups"]):
            if not group.lines:
                continue
            doc.heading(f"（{numerals[i]}）{group.label}", level=2)
            doc.table(
                [
                    _("Rank"),
                    _("Unit"),
                    _("Weighted score"),
                    pgettext("assessment column", "Notices"),
                    _("Bonus"),
                    _("Deduction"),
                    _("Score"),
                ],
                [
                    [
                        ln.rank or "—",
                        ln.unit_name + (PROVISIONAL_MARK if ln.provisional else ""),
                        _num(ln.base),
                        f"−{ln.notice_points:g}" if ln.notice_points else "0",
                        f"+{ln.bonus:g}" if ln.bonus else "0",
                        f"−{ln.deduction:g}" if ln.deduction else "0",
                        _num(ln.total),
                    ]
                    for ln in group.lines
                ],
                widths_mm=[14, 50, 20, 18, 18, 18, 18],
            )
        items = [ln for ln in page["lines"] if ln.bonus_items or ln.deduction_items]
        if items:
            doc.heading(_("III. Bonus and deduction items"))
            for ln in items:
                for item in ln.bonus_items:
                    doc.paragraph(f"{ln.unit_name}：+{item['points']:g}，{item['reason']}")
                for item in ln.deduction_items:
                    doc.paragraph(f"{ln.unit_name}：−{item['points']:g}，{item['reason']}")
        if page["has_provisional"]:
            doc.note(
                _("Note: units marked %(mark)s were assessed on provisional figures (初步数).")
                % {"mark": PROVISIONAL_MARK}
            )
        return doc.save()


# -- 终期评估报告 --------------------------------------------------------------------------


def final_evaluation(data: dict, header: Header) -> bytes:
    with translation.override(LANGUAGE):
        plan, evaluation = data["plan"], data["evaluation"]
        title = _("Final evaluation report on “%(plan)s”") % {"plan": plan.title}
        doc = _document(
            plan, header, title, default_recipients(IssuedDocument.Kind.QUARTERLY), data["demo"]
        )
        if not evaluation.locked:
            doc.paragraph(_("[Draft] This evaluation is not final."), indent=False, bold=True)
        doc.heading(_("I. Overall assessment"))
        doc.paragraph(evaluation.summary.strip() or _("(No overall assessment written yet.)"))
        doc.heading(_("II. Targets"))
        rows = []
        for entry in data["targets"]:
            o = entry.outcome
            rows.append(
                [
                    entry.goal.name,
                    f"{entry.goal.get_comparator_display()}{entry.target_text}（{entry.goal.target_year}）"
                    if o.target is not None
                    else f"（{entry.goal.target_year}）",
                    entry.value_text + (PROVISIONAL_MARK if o.provisional else "")
                    if o.steps_total == 0
                    else f"{o.steps_done}/{o.steps_total}",
                    o.label,
                    entry.gap_text if o.steps_total == 0 else "—",
                ]
            )
        doc.table(
            [_("Target"), _("Target value"), _("Final-year figure"), _("Outcome"), _("Gap")],
            rows,
            widths_mm=[48, 34, 28, 24, 22],
        )
        for entry in data["targets"]:
            item = entry.item
            if item is not None and (item.evidence.strip() or item.assessment.strip()):
                doc.paragraph(
                    f"{entry.goal.name}："
                    + "；".join(t for t in (item.assessment.strip(), item.evidence.strip()) if t)
                )
        if data["provisional"]:
            doc.note(
                _(
                    "Note: figures marked %(mark)s are provisional (初步数); the outcome may change with the final figures."
                )
                % {"mark": PROVISIONAL_MARK}
            )
        doc.heading(_("III. Tasks"))
        doc.table(
            [_("Task"), _("Lead unit"), _("Result"), _("Evaluation")],
            [
                [
                    f"{t.task.number}. {t.task.title}",
                    "、".join(str(u) for u in t.lead_units),
                    t.item.get_result_display() if t.item and t.item.result else "—",
                    (t.item.assessment.strip() if t.item else "") or "—",
                ]
                for t in data["tasks"]
            ],
            widths_mm=[60, 34, 26, 36],
        )
        carried = data.get("carried") or []
        if evaluation.successor_id:
            doc.heading(_("IV. Tasks carried over"))
            doc.paragraph(
                _("%(count)s open task(s) are carried over, with their units, into “%(plan)s”.")
                % {"count": len(carried), "plan": evaluation.successor.title}
            )
        return doc.save()


# -- building from the data of the moment -----------------------------------------------


def build(*, actor, plan, kind: str, header: Header, period=None, scheme=None):
    """The document's .docx as of now, and whether it holds demo and provisional data. Writes
    nothing: a draft to read, or the content `document_issue` keeps."""
    from luoshi.assessment.selectors import documents as reads
    from luoshi.assessment.selectors.evaluation import evaluation_data
    from luoshi.assessment.selectors.scheme import assessment_page

    if kind == IssuedDocument.Kind.BULLETIN:
        data = reads.bulletin(viewer=actor, plan=plan)
        return bulletin(data, header), data["demo"], False
    if kind == IssuedDocument.Kind.QUARTERLY:
        if period is None or period.plan_id != plan.pk:
            raise ValidationFailed(
                _("Choose the period the report covers."),
                errors={"period": [_("Choose a period.")]},
            )
        data = reads.quarterly(viewer=actor, plan=plan, period=period)
        return quarterly(data, header), data["demo"], data["provisional"]
    if kind == IssuedDocument.Kind.ASSESSMENT:
        if scheme is None or scheme.plan_id != plan.pk:
            raise ValidationFailed(
                _("Choose the year's assessment."), errors={"scheme": [_("Choose a year.")]}
            )
        page = assessment_page(viewer=actor, scheme=scheme)
        return assessment_result(page, header), page["has_demo"], page["has_provisional"]
    if kind == IssuedDocument.Kind.FINAL:
        data = evaluation_data(viewer=actor, plan=plan)
        if data["evaluation"] is None:
            raise ValidationFailed(_("Start the final evaluation first."))
        return final_evaluation(data, header), data["demo"], data["provisional"]
    raise ValidationFailed(_("Unknown kind of document."))
