"""A unit's to-do and notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from luoshi.supervision import services
from luoshi.supervision.selectors.todo import notifications_list, todo, unread_count


@login_required
@require_GET
def todo_page(request):
    context = todo(viewer=request.user)
    context["unread"] = unread_count(viewer=request.user)
    return render(request, "supervision/todo.html", context)


@login_required
@require_GET
def notifications(request):
    return render(
        request,
        "supervision/notifications.html",
        {"rows": notifications_list(viewer=request.user)},
    )


@login_required
@require_POST
def notifications_read(request):
    services.notification_mark_read(actor=request.user)
    return redirect("supervision:notifications")
