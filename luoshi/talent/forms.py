from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.organisations.models import Organisation


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.DateField):
                widget.input_type = "date"


class ApplicationForm(Styled):
    category = forms.ModelChoiceField(queryset=None, label=_("Card category"))
    person_name = forms.CharField(label=_("Name"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    level = forms.IntegerField(
        label=_("Talent level (1 highest)"), min_value=1, max_value=6, required=False
    )
    title = forms.CharField(label=_("Professional title"), max_length=60, required=False)
    salary = forms.DecimalField(
        label=_("Yearly salary (yuan)"),
        required=False,
        max_digits=12,
        decimal_places=0,
        min_value=0,
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class DecisionForm(Styled):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve and issue the card")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RequestForm(Styled):
    kind = forms.ModelChoiceField(queryset=None, label=_("Service"))
    description = forms.CharField(
        label=_("What is asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds


class AnswerForm(Styled):
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(Styled):
    rating = forms.IntegerField(label=_("Rating (1–5)"), min_value=1, max_value=5)
    note = forms.CharField(label=_("Comment"), required=False, max_length=300)


class ReasonForm(Styled):
    reason = forms.CharField(label=_("Reason for revocation"), max_length=300)


class CategoryForm(Styled):
    code = forms.CharField(label=_("Category code (e.g. A, B)"), max_length=10)
    name = forms.CharField(label=_("Category name"), max_length=60)
    max_level = forms.IntegerField(
        label=_("Talent level at least (1 highest; blank: any)"),
        min_value=1,
        max_value=6,
        required=False,
    )
    employer_kinds = forms.MultipleChoiceField(
        label=_("Kinds of employer admitted (none ticked: any)"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_salary = forms.DecimalField(
        label=_("Yearly salary at least (yuan; blank: any)"),
        max_digits=12,
        decimal_places=0,
        required=False,
    )
    titles = forms.CharField(
        label=_("Professional titles accepted (comma-separated; blank: any)"),
        max_length=600,
        required=False,
    )
    validity_years = forms.IntegerField(
        label=_("A card is valid for (years)"), min_value=1, max_value=10, initial=3
    )
    benefits = forms.CharField(
        label=_("Services and benefits"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    order = forms.IntegerField(label=_("Order in lists"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("Open for applications"), required=False, initial=True)

    def clean_titles(self):
        raw = self.cleaned_data["titles"].replace("，", ",").replace("、", ",")
        return [t.strip() for t in raw.split(",") if t.strip()]


class ServiceKindForm(Styled):
    code = forms.CharField(label=_("Service code (letters, e.g. housing)"), max_length=20)
    name = forms.CharField(label=_("Service name"), max_length=60)
    unit = forms.ModelChoiceField(queryset=None, label=_("Responsible unit"))
    time_limit_days = forms.IntegerField(
        label=_("Time limit to answer (days)"), min_value=1, max_value=365, initial=10
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
