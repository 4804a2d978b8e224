"""The JSON API: one NinjaAPI, one router per app, errors mapped once."""

import json
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.security import django_auth

from luoshi.core import errors
from luoshi.enterprises import api as enterprises_api
from luoshi.experts import api as experts_api
from luoshi.finance import api as finance_api
from luoshi.indicators import api as indicators_api
from luoshi.instruments import api as instruments_api
from luoshi.organisations import api as organisations_api
from luoshi.patents import api as patents_api
from luoshi.plans import api as plans_api
from luoshi.platforms import api as platforms_api
from luoshi.projects import api as projects_api
from luoshi.supervision import api as supervision_api
from luoshi.talent import api as talent_api
from luoshi.vouchers import api as vouchers_api

log = logging.getLogger("luoshi.api")


class OwnSwagger(Swagger):
    """Swagger UI from luoshi's own static files (npm's swagger-ui-dist), never a CDN."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            "core/api_docs.html",
            {
                "swagger_settings": json.dumps(self.settings),
                "api": api,
                "add_csrf": _csrf_needed(api),
            },
        )


api = NinjaAPI(
    title="luoshi API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs=OwnSwagger(),
    # The schema and its page are for signed-in people only, like the API itself.
    docs_decorator=login_required,
)


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


@api.exception_handler(DjangoPermissionDenied)
def _django_forbidden(request, exc):
    return api.create_response(request, {"detail": _("Permission denied.")}, status=403)


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(MultiPartParserError)
def _bad_request(request, exc):
    """A body Django cannot parse (a multipart post without a boundary, a body too large)."""
    return api.create_response(request, {"detail": _("The request could not be read.")}, status=400)


@api.exception_handler(Exception)
def _server_error(request, exc):
    """Whatever else went wrong: logged, and answered in JSON like every API error (ninja's
    default re-raises outside DEBUG, and Django then answers an HTML page)."""
    log.exception("API error on %s", request.path)
    return api.create_response(request, {"detail": _("Server error.")}, status=500)


api.add_router("/plans/", plans_api.router)
api.add_router("/supervision/", supervision_api.router)
api.add_router("/indicators/", indicators_api.router)
api.add_router("/enterprises/", enterprises_api.router)
api.add_router("/organisations/", organisations_api.router)
api.add_router("/instruments/", instruments_api.router)
api.add_router("/vouchers/", vouchers_api.router)
api.add_router("/experts/", experts_api.router)
api.add_router("/projects/", projects_api.router)
api.add_router("/finance/", finance_api.router)
api.add_router("/talent/", talent_api.router)
api.add_router("/patents/", patents_api.router)
api.add_router("/platforms/", platforms_api.router)
