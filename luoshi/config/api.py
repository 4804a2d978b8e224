"""The JSON API: one NinjaAPI, one router per app, errors mapped once."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

from luoshi.core import errors
from luoshi.indicators import api as indicators_api
from luoshi.plans import api as plans_api
from luoshi.supervision import api as supervision_api

api = NinjaAPI(title="luoshi API", version="1", auth=django_auth, urls_namespace="api")


@api.exception_handler(errors.PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)


@api.exception_handler(errors.NotFound)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(errors.ValidationFailed)
def _invalid(request, exc):
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


@api.exception_handler(errors.Conflict)
def _conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


api.add_router("/plans/", plans_api.router)
api.add_router("/supervision/", supervision_api.router)
api.add_router("/indicators/", indicators_api.router)
