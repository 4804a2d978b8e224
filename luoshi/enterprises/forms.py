from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.core.params import IdField
from luoshi.core.uploads import validate_upload_size
from luoshi.enterprises.models import Candidate, Qualification, RegistryImport


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    place = IdField(label=_("Place"))
    kind = forms.ChoiceField(
        label=_("Holds"), required=False, choices=[("", _("Any"))] + Qualification.Kind.choices
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("firm list", "List"), choices=RegistryImport.Kind.choices
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"), validators=[validate_upload_size])
    issued_on = forms.DateField(
        label=_("Issue date (when the list has none)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    batch = forms.CharField(label=_("Recognition batch"), required=False, max_length=60)
    year = forms.IntegerField(
        label=_("Year (when the list has none)"), required=False, min_value=2000, max_value=2100
    )
    complete = forms.BooleanField(
        label=_(
            "This file is the whole list for its year or batch: firms missing from it are withdrawn"
        ),
        required=False,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Candidate.Stage.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CandidateForm(forms.Form):
    credit_code = forms.CharField(label=_("Credit code of the firm"), max_length=18)
    reason = forms.CharField(label=_("Why a candidate"), required=False, max_length=200)
