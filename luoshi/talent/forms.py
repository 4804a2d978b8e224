from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationForm(forms.Form):
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


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve and issue the card")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RequestForm(forms.Form):
    kind = forms.ModelChoiceField(queryset=None, label=_("Service"))
    description = forms.CharField(
        label=_("What is asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(forms.Form):
    rating = forms.IntegerField(label=_("Rating (1–5)"), min_value=1, max_value=5)
    note = forms.CharField(label=_("Comment"), required=False, max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
