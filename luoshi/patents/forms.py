from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        validators=[validate_upload_size],
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )
