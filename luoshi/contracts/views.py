"""Contract registry pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.contracts import forms, permissions, selectors, services
from luoshi.core.errors import LuoshiError
from luoshi.core.roles import is_unit_user


@login_required
def contract_list(request):
    if not permissions.can_view(request.user):
        if is_unit_user(request.user):
            # The menu shows the page to every unit: a department without a county or park
            # is told why it is empty rather than refused.
            return render(
                request,
                "core/not_for_your_unit.html",
                {
                    "title": _("Technology contracts"),
                    "explanation": _(
                        "Technology contracts are shown to the county or park government whose "
                        "firms sold or bought them, and all of them to the coordinating office and "
                        "leaders. Your unit has no contracts here."
                    ),
                },
            )
        raise DjangoPermissionDenied
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    query = request.GET.get("q", "")[:50]
    qs = selectors.contract_list(viewer=request.user, year=year, query=query)
    return render(
        request,
        "contracts/list.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "totals": selectors.contract_totals(qs),
            "years": selectors.years(viewer=request.user),
            "year": year,
            "q": query,
            "can_manage": permissions.can_manage(request.user),
            "imports": selectors.imports_recent(viewer=request.user),
        },
    )


@login_required
def import_upload(request):
    if not permissions.can_manage(request.user):
        raise DjangoPermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.contract_import_preview(
                actor=request.user, file_name=upload.name, data=upload.read()
            )
        except LuoshiError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("contracts:import_preview", pk=batch.pk)
    return render(request, "contracts/import.html", {"form": form})


@login_required
def import_preview(request, pk: int):
    batch = selectors.get_import_for_user(request.user, pk)
    if request.method == "POST":
        try:
            summary = services.contract_import_commit(actor=request.user, batch=batch)
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Imported: %(added)s contracts added, %(updated)s updated.") % summary,
            )
        return redirect("contracts:import_preview", pk=batch.pk)
    shown, hidden = selectors.import_rows_shown(batch)
    return render(
        request,
        "contracts/import_preview.html",
        {"batch": batch, "rows": shown, "hidden": hidden},
    )
