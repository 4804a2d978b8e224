from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from luoshi.accounts.roles import Role, role_of
from luoshi.core import permissions, selectors
from luoshi.core.errors import LuoshiError, ValidationFailed
from luoshi.core.params import IdField


def apply_errors(request, exc: LuoshiError, form: forms.Form | None = None) -> None:
    """Show a service error on the form it came from, or as a message."""
    if form is not None and isinstance(exc, ValidationFailed) and exc.errors:
        for field, errs in exc.errors.items():
            for err in errs:
                form.add_error(field if field in form.fields else None, err)
        if str(exc):
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


@login_required
def admin_home(request):
    if not permissions.can_administer(request.user):
        raise DjangoPermissionDenied
    return render(
        request, "core/admin_home.html", {"stats": selectors.admin_stats(), "role": Role.ADMIN}
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


@login_required
def audit_log(request):
    if not permissions.can_view_audit(request.user):
        raise DjangoPermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(
        viewer=request.user,
        unit_id=filters.get("unit"),
        actor_id=filters.get("actor"),
        model=filters.get("model") or "",
        object_pk=filters.get("object_pk") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "models": selectors.audit_models(),
            "units": selectors.audit_units(),
        },
    )


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
