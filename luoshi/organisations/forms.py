from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size
from luoshi.organisations.models import Membership, Organisation


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (the sharing apps' forms all derive from it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def _places():
    from luoshi.org.models import Region

    return Region.objects.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK]).order_by(
        "kind", "order", "name"
    )


class RegisterForm(StyledForm):
    name = forms.CharField(label=_("Organisation name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=24,
        help_text=_("18 characters, as printed on the business licence."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    region = forms.ModelChoiceField(
        label=_("County or park"), queryset=None, required=False, empty_label=_("— other —")
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)
    proof = forms.FileField(
        label=_("Proof of registration (business licence or certificate: PDF or image)"),
        validators=[validate_upload_size],
    )
    username = forms.CharField(label=_("Account name for signing in"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _places()


class DecisionForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberForm(StyledForm):
    full_name = forms.CharField(label=_("Name"), max_length=60)
    username = forms.CharField(label=_("Account name"), max_length=150)
    password = forms.CharField(label=_("First password"), widget=forms.PasswordInput)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ResubmitForm(StyledForm):
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    proof = forms.FileField(label=_("New proof"), required=False, validators=[validate_upload_size])
