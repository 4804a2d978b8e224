from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.assessment.models import Adjustment, EvaluationItem, Group, IssuedDocument, Measure
from luoshi.core.uploads import validate_upload_size
from luoshi.org.models import Unit


class PickForm(forms.Form):
    plan = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)


class SchemeCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class SettingsForm(forms.Form):
    excluded_categories = forms.MultipleChoiceField(
        label=_("Categories not assessed"),
        choices=Unit.Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notice_deduction = forms.DecimalField(
        label=_("Points deducted per supervision notice"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    bonus_cap = forms.DecimalField(
        label=_("Most bonus points"), min_value=0, max_value=100, decimal_places=2
    )
    deduction_cap = forms.DecimalField(
        label=_("Most deduction points"), min_value=0, max_value=100, decimal_places=2
    )


def criteria_rows(data, goals) -> list[dict]:
    """The criteria table as posted: rows c-<i>-group/measure/goal/weight (an empty weight
    drops the row)."""
    by_pk = {str(g.pk): g for g in goals}
    rows = []
    indexes = sorted(
        {int(key.split("-")[1]) for key in data if key.startswith("c-") and key.count("-") >= 2},
    )
    for i in indexes:
        weight = (data.get(f"c-{i}-weight") or "").strip()
        if not weight:
            continue
        goal = by_pk.get(data.get(f"c-{i}-goal") or "")
        rows.append(
            {
                "group": data.get(f"c-{i}-group"),
                "measure": data.get(f"c-{i}-measure"),
                "goal": goal,
                "weight": weight,
            }
        )
    return rows


GROUP_CHOICES = Group.choices
MEASURE_CHOICES = Measure.choices


class AdjustmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Adjustment.Kind.choices)
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0.01"), max_value=100, decimal_places=2
    )
    reason = forms.CharField(label=pgettext_lazy("bonus or deduction", "Reason"), max_length=300)
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A document, a decision, an award… and where it can be checked."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, validators=[validate_upload_size]
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"


class PublishForm(forms.Form):
    objections_until = forms.DateField(
        label=_("Objections until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold")), ("reject", pgettext_lazy("objection", "Reject"))],
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=IssuedDocument.Kind.choices)
    doc_number = forms.CharField(
        label=_("Document number"), max_length=60, help_text=_("For example 遂科督〔2026〕3号.")
    )
    issued_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recipients = forms.CharField(label=_("Addressees (主送)"), max_length=300, required=False)
    period = forms.IntegerField(required=False)
    scheme = forms.IntegerField(required=False)


class EvaluationItemForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", "—"), *EvaluationItem.Result.choices], required=False
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assessment = forms.CharField(
        label=_("Evaluation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall assessment"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SuccessorForm(forms.Form):
    successor = forms.IntegerField(required=False)
    title = forms.CharField(
        label=_("Title of a new successor plan"), max_length=200, required=False
    )
