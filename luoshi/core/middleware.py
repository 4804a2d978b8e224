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
