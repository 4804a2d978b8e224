from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts import permissions, selectors, services
from luoshi.accounts.forms import AuditFilterForm, LoginForm, PasswordChooseForm, UserForm
from luoshi.core.errors import LuoshiError
from luoshi.core.params import id_or_none
from luoshi.core.roles import Role, role_of
from luoshi.core.views import apply_errors
from luoshi.org import selectors as org_selectors


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


def _units_for(user):
    if role_of(user) == Role.APPROVER:
        return org_selectors.units_by_ids([user.unit_id])
    return org_selectors.assignable_units()


@login_required
def user_list(request):
    if not (
        permissions.can_view_users(request.user) or permissions.roles_assignable_by(request.user)
    ):
        raise DjangoPermissionDenied
    unit_id = id_or_none(request.GET.get("unit"))
    q = request.GET.get("q", "").strip()
    users = selectors.users_visible_to(viewer=request.user, unit_id=unit_id, q=q)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    for user in page:
        # No link to an edit page that would answer 403.
        user.editable = permissions.can_manage_user(request.user, user)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "units": _units_for(request.user),
            "unit_id": str(unit_id or ""),
            "q": q,
            "can_add": bool(permissions.roles_assignable_by(request.user)),
        },
    )


@login_required
def user_add(request):
    roles = permissions.roles_assignable_by(request.user)
    if not roles:
        raise DjangoPermissionDenied
    form = UserForm(request.POST or None, units=_units_for(request.user), roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"] or None,
                unit=data["unit"],
                role=data["role"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "editing": False})


@login_required
def user_edit(request, pk: int):
    target = selectors.get_user_for_viewer(viewer=request.user, pk=pk)
    if not permissions.can_manage_user(request.user, target):
        raise DjangoPermissionDenied
    roles = permissions.roles_assignable_by(request.user)
    if target.role not in roles:
        roles = [Role(target.role), *roles]
    initial = {
        "full_name": target.full_name,
        "unit": target.unit,
        "role": target.role,
        "email": target.email,
        "is_active": target.is_active,
    }
    link = None
    if request.method == "POST" and request.POST.get("action") == "link":
        try:
            issued = services.sign_in_link_issue(actor=request.user, user=target)
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            # Shown this once: only the link's hash is kept.
            link = (
                request.build_absolute_uri(reverse("accounts:sign_in_link", args=[issued.token])),
                issued.expires_at,
            )
    form = UserForm(
        request.POST if request.method == "POST" and link is None else None,
        initial=initial,
        units=_units_for(request.user),
        roles=roles,
        editing=True,
    )
    if request.method == "POST" and link is None and form.is_valid():
        try:
            services.user_update(actor=request.user, user=target, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Account saved."))
            return redirect("accounts:users")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "editing": True, "target": target, "link": link},
    )


@login_required
def admin_home(request):
    if not permissions.can_administer(request.user):
        raise DjangoPermissionDenied
    return render(
        request, "accounts/admin_home.html", {"stats": selectors.admin_stats(), "role": Role.ADMIN}
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
    types = dict(selectors.audit_model_choices())
    for event in page:
        event.lines = selectors.describe_changes(event)
        event.type_label = types.get(event.model, event.model)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "models": list(types.items()),
            "units": selectors.audit_units(),
        },
    )


def sign_in_link(request, token):
    """A one-time sign-in link: the page names the account; the button spends the link."""
    if request.method == "POST":
        try:
            user = services.sign_in_link_redeem(token=token)
        except LuoshiError as exc:
            return render(request, "accounts/sign_in_link.html", {"error": str(exc)}, status=400)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:password_choose")
    user = selectors.sign_in_link_user(token=token)
    if user is None:
        error = _(
            "This sign-in link is not valid: it was used already or has expired. Ask the office for a new one."
        )
        return render(request, "accounts/sign_in_link.html", {"error": error}, status=400)
    return render(request, "accounts/sign_in_link.html", {"account": user})


@login_required
def password_choose(request):
    form = PasswordChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_choose(
                actor=request.user,
                password=form.cleaned_data["password"],
                password2=form.cleaned_data["password2"],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is set. Welcome to luoshi."))
            return redirect("core:home")
    return render(request, "accounts/password_choose.html", {"form": form})
