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


class _PlaceFields(StyledForm):
    """A county, park or city of ours, or the name of a place outside the city (Tongnan)."""

    def _setup_places(self, places, organisations):
        self.fields["region"].queryset = places
        self.fields["organisation"].queryset = organisations


def _region_field():
    return forms.ModelChoiceField(
        label=_("County, park or city"),
        queryset=None,
        required=False,
        empty_label=_("— outside the city —"),
    )


def _outside_field(required_hint: str):
    return forms.CharField(
        label=_("Place outside the city"),
        max_length=60,
        required=False,
        help_text=required_hint,
    )


class ExpertForm(_PlaceFields):
    name = forms.CharField(label=_("Name"), max_length=60)
    field_code = forms.CharField(label=_("Discipline code"), max_length=16)
    field_name = forms.CharField(label=_("Discipline"), max_length=100)
    title = forms.CharField(label=_("Professional title"), max_length=60, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (registered)"), queryset=None, required=False
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    region = _region_field()
    region_name = _outside_field(_("Only for an expert outside the city, e.g. 重庆市潼南区."))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    expertise = forms.CharField(
        label=_("Expertise"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("Available for reviews"), required=False, initial=True)

    def __init__(self, *args, places=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_places(places, organisations)


class LabForm(_PlaceFields):
    name = forms.CharField(label=_("Laboratory name"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (registered)"), queryset=None, required=False
    )
    region = _region_field()
    region_name = _outside_field(_("Only for a laboratory outside the city, e.g. 重庆市潼南区."))
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

    def __init__(self, *args, places=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_places(places, organisations)
        self.fields["accreditations"].widget.attrs["class"] = "form-check-input"


class RelationForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Related organisation"), queryset=None, required=False
    )
    related_expert = forms.ModelChoiceField(
        label=_("or related expert"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("Nature of the relation"),
        max_length=200,
        required=False,
        help_text=_("e.g. former employer, shareholding, supervisor and student"),
    )

    def __init__(self, *args, organisations=None, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["related_expert"].queryset = experts


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
