"""Platform registry pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import LuoshiError
from luoshi.core.roles import is_unit_user
from luoshi.enterprises import permissions as registry_permissions
from luoshi.enterprises import selectors as registry_selectors
from luoshi.platforms import forms, permissions, selectors, services
from luoshi.platforms.models import Platform


@login_required
def platform_list(request):
    if not permissions.can_view(request.user):
        if is_unit_user(request.user):
            return render(
                request,
                "core/not_for_your_unit.html",
                {
                    "title": _("Innovation platforms"),
                    "explanation": _(
                        "Platforms are shown to the county or park government where their host "
                        "is, and all of them to the coordinating office and leaders. Your unit "
                        "has no platforms here."
                    ),
                },
            )
        raise DjangoPermissionDenied
    today = timezone.localdate()
    year_text = request.GET.get("active_in", "")
    active_in = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    place_text = request.GET.get("place", "")
    place = int(place_text) if place_text.isdigit() and len(place_text) < 10 else None
    kind, level = request.GET.get("kind", ""), request.GET.get("level", "")
    query = request.GET.get("q", "")[:50]
    qs = selectors.platform_list(
        viewer=request.user,
        query=query,
        place_id=place,
        kind=kind,
        level=level,
        active_in=active_in,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for platform in page:
        platform.active_now = selectors.active_now(platform, today)
    return render(
        request,
        "platforms/list.html",
        {
            "page": page,
            "q": query,
            "kind": kind,
            "level": level,
            "active_in": active_in,
            "place": place,
            "kinds": Platform.Kind.choices,
            "levels": Platform.Level.choices,
            "places": registry_selectors.place_choices(viewer=request.user),
            "can_manage": permissions.can_manage(request.user),
            "imports": selectors.imports_recent(viewer=request.user),
        },
    )


@login_required
def platform_detail(request, pk: int):
    platform = permissions.get_platform_for_user(request.user, pk)
    return render(
        request,
        "platforms/detail.html",
        selectors.platform_detail(viewer=request.user, platform=platform),
    )


@login_required
def firm_platforms(request, pk: int):
    """The platforms a firm hosts, for its page in the registry (loaded into it by htmx)."""
    firm = registry_permissions.get_enterprise_for_user(request.user, pk)
    platforms = selectors.platforms_of_firm(viewer=request.user, enterprise_id=firm.pk)
    today = timezone.localdate()
    for platform in platforms:
        platform.active_now = selectors.active_now(platform, today)
    return render(request, "platforms/_firm.html", {"platforms": platforms, "firm": firm})


@login_required
def import_upload(request):
    if not permissions.can_manage(request.user):
        raise DjangoPermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.platform_import_preview(
                actor=request.user, file_name=upload.name, data=upload.read()
            )
        except LuoshiError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("platforms:import_preview", pk=batch.pk)
    return render(request, "platforms/import.html", {"form": form, "can_manage": True})


@login_required
def import_preview(request, pk: int):
    batch = selectors.get_import_for_user(request.user, pk)
    if request.method == "POST":
        # the firms picked among rows' suggestions (row-<line>: firm id); the commit refuses
        # a pick its row was not offered
        choices = {
            int(key[4:]): int(value)
            for key, value in request.POST.items()
            if key.startswith("row-") and key[4:].isdigit() and value.isdigit()
        }
        try:
            summary = services.platform_import_commit(
                actor=request.user, batch=batch, choices=choices
            )
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Imported: %(added)s platforms added, %(updated)s updated, %(evaluations)s evaluations recorded."
                )
                % summary,
            )
        return redirect("platforms:import_preview", pk=batch.pk)
    shown, hidden = selectors.import_rows_shown(batch)
    return render(
        request,
        "platforms/import_preview.html",
        {"batch": batch, "rows": shown, "hidden": hidden},
    )
