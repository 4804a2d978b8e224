"""An account the office set up for someone chooses its own password before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

# Pages a person may open before choosing a password: the choice itself, signing out,
# the language switch and static files.
_OPEN = ("accounts:password_choose", "accounts:logout", "set_language")


class FirstPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
        ):
            allowed = {reverse(name) for name in _OPEN}
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect("accounts:password_choose")
        return self.get_response(request)
