from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from luoshi.core.errors import LuoshiError, ValidationFailed
from luoshi.core.roles import role_of


def apply_errors(request, exc: LuoshiError, form: forms.Form | None = None) -> None:
    """Show a service error on the form it came from, or as a message."""
    if form is not None and isinstance(exc, ValidationFailed) and exc.errors:
        for field, errs in exc.errors.items():
            for err in errs:
                form.add_error(field if field in form.fields else None, err)
        # The same words once: a message already shown at its field is not repeated on top.
        if str(exc) and not any(str(exc) in errs for errs in exc.errors.values()):
            form.add_error(None, str(exc))
    elif form is not None:
        form.add_error(None, str(exc))
    else:
        messages.error(request, str(exc))


def role_home_url(user) -> str:
    role = role_of(user)
    for name in settings.LUOSHI_ROLE_HOME.get(role, []):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("core:role_home")


@login_required
def home(request):
    return redirect(role_home_url(request.user))


@login_required
def role_home(request):
    return render(request, "core/role_home.html", {"role": role_of(request.user)})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, as one of our pages and in the person's language."""
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


@login_required
def task(request, token):
    """A background task's page: progress while it runs (htmx polls the fragment), then
    the outcome and the download link. Only the person who started it sees it."""
    work = _work_or_404(request, token)
    template = "core/task.html#status" if request.htmx else "core/task.html"
    return render(request, template, {"work": work})


@login_required
def task_download(request, token):
    from django.http import Http404

    work = _work_or_404(request, token)
    if not work.has_file:
        raise Http404
    return work.download()


def _work_or_404(request, token):
    from django.http import Http404

    from luoshi.core import background
    from luoshi.core.errors import NotFound

    try:
        return background.get_for_user(request.user, token)
    except NotFound as exc:
        raise Http404 from exc
