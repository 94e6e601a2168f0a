from collections.abc import Callable

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.middleware import common
from django.utils.http import escape_leading_slashes


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than REQUEST_MAX_BYTES with 413 before reading them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "Invalid Content-Length header."}, status=400)
        if length > settings.REQUEST_MAX_BYTES:
            limit_mb = settings.REQUEST_MAX_BYTES / (1024 * 1024)
            return JsonResponse(
                {"detail": f"Request body too large (limit {limit_mb:g} MB)."}, status=413
            )
        return self.get_response(request)


class HttpResponsePermanentRedirectSameMethod(HttpResponseRedirectBase):
    status_code = 308


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that a write to a path missing its trailing slash is
    redirected with 308, which keeps the method and the body.

    Django answers 301 (in production; DEBUG raises an error instead), and
    clients follow a 301 with a GET: `POST /api/tickets` would quietly become
    the list and create nothing. Reads keep Django's 301. The body names the
    right path for a client that does not follow redirects (curl without -L).
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            request.method not in ("GET", "HEAD")
            and response.status_code == 404
            and self.should_redirect_with_slash(request)
        ):
            path = escape_leading_slashes(request.get_full_path(force_append_slash=True))
            detail = f"This address ends with a slash: {request.method} {path}"
            return HttpResponsePermanentRedirectSameMethod(
                path, content=orjson.dumps({"detail": detail}), content_type="application/json"
            )
        return super().process_response(request, response)
