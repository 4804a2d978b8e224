from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
