"""Forms: they parse what the browser sends; the services validate it all again."""

from __future__ import annotations

import re
from typing import NamedTuple

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.models import Assignment
from luoshi.supervision.models import ReportingCycle, SelfStatus, SupervisionNotice
from luoshi.supervision.services.periods import CYCLE_FIELDS

FIGURE_ROWS = 4
_ANSWER = re.compile(r"^answer_(\d+)$")


class _Posted(NamedTuple):
    """An instruction known only by the id a posted form names (the service checks it)."""

    pk: int


class IdListField(forms.Field):
    """A list of ids from checkboxes; which ids are allowed is the service's to check."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Unknown milestone.")) from exc


_TEXTAREA = {"class": "form-control", "rows": 4}


def _textarea(rows: int = 4, **attrs):
    return forms.Textarea(attrs={**_TEXTAREA, "rows": rows, **attrs})


def _self_status_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "—"), *SelfStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def _progress_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Progress of the task (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    work_done = forms.CharField(
        label=_("Work done this period"), required=False, widget=_textarea(6)
    )
    problems = forms.CharField(label=_("Problems"), required=False, widget=_textarea(3))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=_textarea(3))
    self_status = _self_status_field(_("Self-assessed status"))
    progress_pct = _progress_field()

    def __init__(self, *args, milestones=(), instructions=None, **kwargs):
        """For a page, pass the unit's milestones and the instructions it must answer; to
        parse a post, pass neither: the answers are the posted answer_<id> fields."""
        super().__init__(*args, **kwargs)
        if instructions is None:
            ids = sorted({int(m[1]) for key in self.data if (m := _ANSWER.match(key))})
            instructions = [(_Posted(pk), "") for pk in ids]
        self.milestone_choices = [(str(m.pk), m) for m in milestones if not m.done]
        self.fields["milestones_done"] = IdListField(
            label=_("Milestones completed"), required=False
        )
        for i in range(FIGURE_ROWS):
            self.fields[f"q{i}_label"] = forms.CharField(required=False, max_length=120)
            self.fields[f"q{i}_value"] = forms.CharField(required=False, max_length=40)
            self.fields[f"q{i}_unit"] = forms.CharField(required=False, max_length=20)
            self.fields[f"q{i}_code"] = forms.CharField(required=False, max_length=60)
        self.instruction_fields = []
        for instruction, _answer in instructions:
            name = f"answer_{instruction.pk}"
            self.fields[name] = forms.CharField(
                label=_("Your answer (required before sign-off)"),
                required=False,
                widget=_textarea(3),
            )
            self.instruction_fields.append((instruction, name))

    def instruction_rows(self):
        return [(instruction, self[name]) for instruction, name in self.instruction_fields]

    def figure_rows(self):
        return [
            [self[f"q{i}_label"], self[f"q{i}_value"], self[f"q{i}_unit"], self[f"q{i}_code"]]
            for i in range(FIGURE_ROWS)
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "work_done": data.get("work_done", ""),
            "problems": data.get("problems", ""),
            "next_steps": data.get("next_steps", ""),
            "self_status": data.get("self_status", ""),
            "progress_pct": data.get("progress_pct"),
            "quantities": [
                {
                    "label": data.get(f"q{i}_label", ""),
                    "value": data.get(f"q{i}_value", ""),
                    "unit_of_measure": data.get(f"q{i}_unit", ""),
                    "indicator_code": data.get(f"q{i}_code", ""),
                }
                for i in range(FIGURE_ROWS)
            ],
            "milestones_done": data.get("milestones_done", []),
            "answers": {
                instruction.pk: data.get(name, "") for instruction, name in self.instruction_fields
            },
        }

    @staticmethod
    def initial_for(report, answers: dict[int, str]) -> dict:
        if report is None:
            return {"version": 0}
        initial = {
            "version": report.version,
            "work_done": report.work_done,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "self_status": report.self_status,
            "progress_pct": report.progress_pct,
            "milestones_done": [str(pk) for pk in report.milestones_done],
        }
        for i, q in enumerate(list(report.quantities.all())[:FIGURE_ROWS]):
            initial.update(
                {
                    f"q{i}_label": q.label,
                    f"q{i}_value": q.value.normalize(),
                    f"q{i}_unit": q.unit_of_measure,
                    f"q{i}_code": q.indicator_code,
                }
            )
        for instruction_id, text in answers.items():
            initial[f"answer_{instruction_id}"] = text
        return initial


class ConsolidationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    summary = forms.CharField(
        label=_("Progress of the task (consolidated)"), required=False, widget=_textarea(8)
    )
    problems = forms.CharField(label=_("Problems"), required=False, widget=_textarea(3))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=_textarea(3))
    self_status = _self_status_field(_("Assessed status"))
    progress_pct = _progress_field()

    @staticmethod
    def initial_for(consolidation) -> dict:
        if consolidation is None:
            return {"version": 0}
        return {
            "version": consolidation.version,
            "summary": consolidation.summary,
            "problems": consolidation.problems,
            "next_steps": consolidation.next_steps,
            "self_status": consolidation.self_status,
            "progress_pct": consolidation.progress_pct,
        }


class ConsolidationSubmitForm(ConsolidationForm):
    confirm_missing = forms.BooleanField(
        label=_("Send it although some units have not reported"), required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=_textarea(3))


class AttachmentForm(forms.Form):
    # Empty files pass the form so the upload check can say "… is empty" (not "choose a file").
    file = forms.FileField(
        label=_("Attach a file"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class CycleForm(forms.ModelForm):
    combined_kinds = forms.MultipleChoiceField(
        label=_("Units that file one combined report per period"),
        help_text=_(
            "They report once on all the tasks they are implicitly involved in; the tasks they "
            "lead or cooperate on keep their own reports."
        ),
        required=False,
        choices=[("county", _("County/district governments")), ("park", _("Park committees"))],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReportingCycle
        fields = list(CYCLE_FIELDS)
        widgets = {
            "first_period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self):
        # The service validates and writes; the form must not touch the instance.
        pass


class AdhocForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=120, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    start = forms.DateField(
        label=_("Opens on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    tasks = forms.MultipleChoiceField(label=_("Tasks"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("What to report"), required=False, widget=_textarea(3))

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.task_objects = {str(t.pk): t for t in tasks}
        self.fields["tasks"].choices = [(str(t.pk), str(t)) for t in tasks]

    def selected_tasks(self):
        return [self.task_objects[pk] for pk in self.cleaned_data["tasks"]]


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Work item"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    owner = forms.ChoiceField(
        label=_("Owner unit"), widget=forms.Select(attrs={"class": "form-select"})
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_objects = {str(u.pk): u for u in units}
        self.fields["owner"].choices = [(str(u.pk), str(u)) for u in units]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class InstructionForm(forms.Form):
    text = forms.CharField(label=_("Instruction"), widget=_textarea(3))


class NoticeForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), widget=forms.Select(attrs={"class": "form-select"}))
    level = forms.ChoiceField(
        label=_("Level"),
        choices=SupervisionNotice.Level.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(label=_("Reason"), widget=_textarea(4))
    answer_by = forms.DateField(
        label=_("Answer by"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_objects = {str(a.unit_id): a.unit for a in assignments}
        labels = dict(Assignment.Role.choices)
        self.fields["unit"].choices = [
            (str(a.unit_id), f"{a.unit} ({labels[a.role]})") for a in assignments
        ]


class NoticeAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=_textarea(5))


class OverviewFilterForm(forms.Form):
    """Parses the overview's filters; the template draws the choices from the overview itself."""

    plan = forms.IntegerField(required=False, min_value=1)
    period = forms.IntegerField(required=False, min_value=1)
    section = forms.IntegerField(required=False, min_value=1)
    unit = forms.IntegerField(required=False, min_value=1)
    place = forms.IntegerField(required=False, min_value=1)
    role = forms.ChoiceField(required=False, choices=[("", "")] + list(Assignment.Role.choices))
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", ""),
            ("green", "green"),
            ("yellow", "yellow"),
            ("red", "red"),
            ("grey", "grey"),
        ],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("plan", "period") and v not in (None, "")
        }


class ScorecardForm(forms.Form):
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.TypedChoiceField(required=False, coerce=int, label=_("Year"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["year"].widget.attrs["class"] = "form-select form-select-sm"


class CombinedReportForm(forms.Form):
    """A county's or park's combined report: the shared account once, and per covered task
    an optional note and progress figure (fields note_<task id>, progress_<task id>)."""

    stamp = forms.CharField(widget=forms.HiddenInput, max_length=20000)
    work_done = forms.CharField(
        label=_("Work done this period (all the tasks below)"), required=False, widget=_textarea(8)
    )
    problems = forms.CharField(label=_("Problems"), required=False, widget=_textarea(3))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=_textarea(3))
    self_status = _self_status_field(_("Self-assessed status"))
    action = forms.ChoiceField(
        choices=[("save", "save"), ("hand_in", "hand_in"), ("sign_off", "sign_off")],
        required=False,
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        for task in self.tasks:
            self.fields[f"note_{task.pk}"] = forms.CharField(
                label=_("Note on task %(n)s") % {"n": task.number},
                required=False,
                max_length=4000,
                widget=_textarea(2),
            )
            progress = _progress_field()
            progress.label = _("Progress of task %(n)s (%%)") % {"n": task.number}
            self.fields[f"progress_{task.pk}"] = progress

    @staticmethod
    def initial_for(page) -> dict:
        shared = page["shared"]
        initial = {"stamp": page["stamp"]}
        if shared is not None:
            initial.update(
                {name: getattr(shared, name) for name in ("work_done", "problems", "next_steps")}
            )
            initial["self_status"] = shared.self_status
        for row in page["rows"]:
            if row.report is not None:
                report = row.report
                note = report.task_note if report.combined else report.work_done
                initial[f"note_{row.task.pk}"] = note
                initial[f"progress_{row.task.pk}"] = report.progress_pct
        return initial

    def rows(self):
        """(task, note field, progress field) per covered task, for the template."""
        return [(task, self[f"note_{task.pk}"], self[f"progress_{task.pk}"]) for task in self.tasks]

    def shared(self) -> dict:
        data = self.cleaned_data
        return {
            "work_done": data["work_done"],
            "problems": data["problems"],
            "next_steps": data["next_steps"],
            "self_status": data["self_status"],
        }

    def notes(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            task.pk: {
                "task_note": data[f"note_{task.pk}"],
                "progress_pct": data[f"progress_{task.pk}"],
            }
            for task in self.tasks
        }
