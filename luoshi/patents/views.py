"""Patent registry pages. Thin: parse, call one selector or service, render or redirect."""

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
from luoshi.patents import forms, permissions, selectors, services


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@login_required
def patent_list(request):
    if not permissions.can_view(request.user):
        if is_unit_user(request.user):
            return render(
                request,
                "core/not_for_your_unit.html",
                {
                    "title": _("Invention patents"),
                    "explanation": _(
                        "Patents are shown to the county or park government where their holder "
                        "is, and all of them to the coordinating office and leaders. Your unit "
                        "has no patents here."
                    ),
                },
            )
        raise DjangoPermissionDenied
    today = timezone.localdate()
    # "in force on 31 December of": the last year ended, unless another is asked for
    year = _year(request.GET.get("year", "")) or today.year - 1
    standing = request.GET.get("standing", "")
    standing = standing if standing in ("in_force", "high_value") else ""
    place_text = request.GET.get("place", "")
    place = int(place_text) if place_text.isdigit() and len(place_text) < 10 else None
    query = request.GET.get("q", "")[:50]
    qs = selectors.patent_list(
        viewer=request.user, query=query, place_id=place, standing_filter=standing, year=year
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for patent in page:
        patent.status_now = selectors.status_now(patent, today)
    return render(
        request,
        "patents/list.html",
        {
            "page": page,
            "q": query,
            "year": year,
            "standing": standing,
            "place": place,
            "places": registry_selectors.place_choices(viewer=request.user),
            "can_manage": permissions.can_manage(request.user),
            "imports": selectors.imports_recent(viewer=request.user),
        },
    )


@login_required
def patent_detail(request, pk: int):
    patent = permissions.get_patent_for_user(request.user, pk)
    return render(
        request, "patents/detail.html", selectors.patent_detail(viewer=request.user, patent=patent)
    )


@login_required
def firm_patents(request, pk: int):
    """The patents of one firm, for its page in the registry (loaded into it by htmx)."""
    firm = registry_permissions.get_enterprise_for_user(request.user, pk)
    patents = selectors.patents_of_firm(viewer=request.user, enterprise_id=firm.pk)
    today = timezone.localdate()
    for patent in patents:
        patent.status_now = selectors.status_now(patent, today)
    return render(request, "patents/_firm.html", {"patents": patents, "firm": firm})


@login_required
def import_upload(request):
    if not permissions.can_manage(request.user):
        raise DjangoPermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.patent_import_preview(
                actor=request.user, file_name=upload.name, data=upload.read()
            )
        except LuoshiError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("patents:import_preview", pk=batch.pk)
    return render(request, "patents/import.html", {"form": form, "can_manage": True})


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
            summary = services.patent_import_commit(
                actor=request.user, batch=batch, choices=choices
            )
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Imported: %(added)s patents added, %(updated)s updated, %(status_changes)s legal status changes."
                )
                % summary,
            )
        return redirect("patents:import_preview", pk=batch.pk)
    shown, hidden = selectors.import_rows_shown(batch)
    return render(
        request,
        "patents/import_preview.html",
        {"batch": batch, "rows": shown, "hidden": hidden},
    )
