from django import forms
from django.utils.translation import gettext_lazy as _


class PublicPageForm(forms.Form):
    enabled = forms.BooleanField(label=_("Publish the page"), required=False)
    show_targets = forms.BooleanField(label=_("Targets and progress by year"), required=False)
    show_tasks = forms.BooleanField(label=_("Task groups with their status"), required=False)
    show_documents = forms.BooleanField(label=_("Published documents"), required=False)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
