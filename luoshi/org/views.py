from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.org import permissions, selectors, services
from luoshi.org.forms import AliasForm, MergeForm, UnitForm
from luoshi.org.models import Unit


def _region_or_404():
    region = selectors.default_region()
    if region is None:
        raise Http404(_("No unit directory has been loaded yet."))
    return region


@login_required
def directory(request):
    if not permissions.can_view_directory(request.user):
        raise DjangoPermissionDenied
    region = _region_or_404()
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    units = selectors.directory_units(viewer=request.user, region=region, q=q, kind=kind)
    return render(
        request,
        "org/directory.html",
        {
            "region": region,
            "units": units,
            "q": q,
            "kind": kind,
            "kinds": Unit.Kind.choices,
            "can_edit": permissions.can_edit_directory(request.user),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = selectors.get_unit_for_user(viewer=request.user, pk=pk)
    can_edit = permissions.can_edit_directory(request.user)
    alias_form = AliasForm(request.POST or None, prefix="alias") if can_edit else None
    merge_form = MergeForm(request.POST or None, unit=unit, prefix="merge") if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise DjangoPermissionDenied
        try:
            if "alias-name" in request.POST and alias_form.is_valid():
                services.alias_add(
                    actor=request.user, unit=unit, name=alias_form.cleaned_data["name"]
                )
                messages.success(request, _("Alias added."))
                return redirect("org:unit", pk=unit.pk)
            if "remove-alias" in request.POST:
                alias = selectors.get_alias(unit, request.POST["remove-alias"])
                services.alias_remove(actor=request.user, alias=alias)
                messages.success(request, _("Alias removed."))
                return redirect("org:unit", pk=unit.pk)
            if "merge-duplicate" in request.POST and merge_form.is_valid():
                services.units_merge(
                    actor=request.user, keep=unit, duplicate=merge_form.cleaned_data["duplicate"]
                )
                messages.success(request, _("Units merged."))
                return redirect("org:unit", pk=unit.pk)
        except LuoshiError as exc:
            apply_errors(request, exc, alias_form if "alias-name" in request.POST else merge_form)
    return render(
        request,
        "org/unit_detail.html",
        {"unit": unit, "can_edit": can_edit, "alias_form": alias_form, "merge_form": merge_form},
    )


@login_required
def unit_add(request):
    if not permissions.can_edit_directory(request.user):
        raise DjangoPermissionDenied
    region = _region_or_404()
    form = UnitForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request.user,
                region=region,
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
                kind=data["kind"],
                category=data["category"],
                parent=data["parent"],
                place=data["place"],
                aliases=form.alias_list(),
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Unit added."))
            return redirect("org:unit", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "region": region})
