"""One place that turns every error into JSON.

DRF handles its own exceptions; this adds Django's ValidationError (raised by
models and services) as a 400, and gives Django's own error handlers JSON
bodies for /api/ paths so no client ever receives an HTML error page.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        errors: dict[str, Any] = as_serializer_error(exc)
        if set(errors) == {"detail"} and len(errors["detail"]) == 1:
            # A refusal of the whole request, not of a field: one `detail`
            # string, as the error schema has it.
            errors = {"detail": errors["detail"][0]}
        exc = exceptions.ValidationError(errors)
    return drf_exception_handler(exc, context)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("You do not have permission.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Server error. It has been logged.")}, status=500)
    return defaults.server_error(request)
