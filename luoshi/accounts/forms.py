from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from luoshi.core.params import IdField
from luoshi.core.roles import Role
from luoshi.org.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong account name or password. Note that repeated failures lock the account for a while."
        ),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Account")
        self.fields["password"].label = _("Password")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("Account"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    full_name = forms.CharField(label=_("Name"), max_length=60, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to create the account without a usable password."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units, roles, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if editing:
            del self.fields["username"]
            del self.fields["password"]
        else:
            del self.fields["is_active"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-check-input" if name == "is_active" else "form-control"
            )


class AuditFilterForm(forms.Form):
    unit = IdField(widget=forms.HiddenInput)
    actor = IdField(widget=forms.HiddenInput)
    model = forms.CharField(required=False, label=_("Record type"))
    object_pk = forms.CharField(required=False, label=_("Record id"))
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PasswordChooseForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )
