from luoshi.core.audit import RequestInfo, new_request_id, reset_request_info, set_request_info


class RequestContextMiddleware:
    """Makes the request's id, address and path available to audit()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.luoshi_request_id = new_request_id()
        token = set_request_info(
            RequestInfo(
                request_id=request.luoshi_request_id,
                ip=request.META.get("REMOTE_ADDR") or None,
                path=request.path,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            reset_request_info(token)
        response["X-Request-ID"] = request.luoshi_request_id
        return response


class RefuseNulMiddleware:
    """Answers 400 to a request carrying a NUL character in its query string or JSON body:
    PostgreSQL cannot store or compare text holding one, so it reached the database as a
    500 (found by the schema fuzz). Forms already refuse NUL in their fields; files may hold
    any bytes and are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from urllib.parse import unquote_to_bytes

        from django.http import HttpResponseBadRequest, JsonResponse

        query = request.META.get("QUERY_STRING", "")
        nul = "%00" in query and b"\x00" in unquote_to_bytes(query)
        if not nul and request.content_type == "application/json":
            nul = b"\\u0000" in request.body or b"\x00" in request.body
        if nul:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "The request contains a NUL character."}, status=400)
            return HttpResponseBadRequest("The request contains a NUL character.")
        return self.get_response(request)


class ErrorPagesMiddleware:
    """The product's own 403 and 404 pages, in the reader's language, in development too:
    with DEBUG on Django would show its English technical page for a link the app itself
    shows. The JSON API answers its errors itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.conf import settings
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if not settings.DEBUG or request.path.startswith("/api/"):
            return None
        from luoshi.core import views

        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        return None
