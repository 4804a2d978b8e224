from django import forms
from django.utils.translation import gettext_lazy as _


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
