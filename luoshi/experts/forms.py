from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.experts.models import Lab
from luoshi.organisations.forms import StyledForm


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), max_length=50, required=False)
    field_code = forms.CharField(label=_("Discipline code"), max_length=16, required=False)


class LabSearchForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), max_length=50, required=False)
    accreditation = forms.ChoiceField(
        label=_("Accreditation"),
        required=False,
        choices=[("", _("Any")), *Lab.Accreditation.choices],
    )
    place = forms.CharField(label=_("Place"), max_length=30, required=False)


class ExpertForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    field_code = forms.CharField(label=_("Discipline code"), max_length=16)
    field_name = forms.CharField(label=_("Discipline"), max_length=100)
    title = forms.CharField(label=_("Professional title"), max_length=60, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    region_name = forms.CharField(label=_("Place"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    expertise = forms.CharField(label=_("Expertise"), required=False)


class LabForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    region_name = forms.CharField(label=_("Place"), max_length=60)
    accreditations = forms.MultipleChoiceField(
        label=_("Accreditation"),
        choices=Lab.Accreditation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.CharField(
        label=_("Testing scope"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    equipment = forms.CharField(label=_("Main equipment"), required=False)
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accreditations"].widget.attrs["class"] = "form-check-input"


class DrawForm(StyledForm):
    review_label = forms.CharField(label=_("Review to staff"), max_length=200)
    field_codes = forms.CharField(
        label=_("Discipline codes (separated by spaces)"),
        max_length=200,
        help_text=_("A code also draws the codes under it: 480 covers 480.40."),
    )
    count = forms.IntegerField(label=_("Experts to draw"), min_value=1, max_value=50, initial=5)
    exclude_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations under review (their experts and related experts are excluded)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exclude_organisations"].queryset = organisations
        self.fields["exclude_organisations"].widget.attrs["size"] = 6
