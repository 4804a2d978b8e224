"""The public page (政务公开): no sign-in, served from the cache; and the office's settings.

The page is rendered once and kept in the cache (Redis when REDIS_URL is set) under a key
whose version the office's changes bump (luoshi.core.cacheversion), for at most
LUOSHI_PUBLIC_CACHE_SECONDS; a request the cache answers reads nothing from the database."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from luoshi.assessment.services.documents import public_namespace
from luoshi.core import cacheversion
from luoshi.core.errors import LuoshiError
from luoshi.plans import permissions as plan_permissions
from luoshi.public import forms, selectors, services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MISSING = "-"  # cached for a plan without a public page, so that it too costs no query


def _seconds() -> int:
    return int(getattr(settings, "LUOSHI_PUBLIC_CACHE_SECONDS", 300))


@require_GET
def plan_page(request, plan_id: int):
    key = cacheversion.key(public_namespace(plan_id), "page", get_language())
    html = cache.get(key)
    if html is None:
        try:
            data = selectors.page(plan_id=plan_id)
        except Http404:
            html = MISSING
        else:
            html = render_to_string("public/page.html", data, request=None)
        cache.set(key, html, _seconds())
    if html == MISSING:
        raise Http404()
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age={min(_seconds(), 60)}"
    return response


@require_GET
def document(request, pk: int):
    found = selectors.document(pk=pk)
    response = HttpResponse(bytes(found.content), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{found.doc_number}{found.title}.docx"
    )
    return response


@login_required
def page_settings(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    data = selectors.settings_page(viewer=request.user, plan=plan)
    public = data["public"]
    form = forms.PublicPageForm(
        request.POST or None,
        initial={
            "enabled": public.enabled if public else False,
            "show_targets": public.show_targets if public else True,
            "show_tasks": public.show_tasks if public else True,
            "show_documents": public.show_documents if public else True,
            "intro": public.intro if public else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.public_page_save(actor=request.user, plan=plan, **form.cleaned_data)
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The public page is saved."))
            return redirect("public:settings", plan_id=plan.pk)
    return render(request, "public/settings.html", {**data, "form": form})
