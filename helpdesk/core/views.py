import json
import logging
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from helpdesk.tickets.attachments import ALLOWED_EXTENSIONS
from helpdesk.tickets.models import COMMENT_MAX_FILES, Ticket
from helpdesk.tickets.services import COMMENT_MAX_LENGTH

logger = logging.getLogger(__name__)


@extend_schema(
    responses={
        200: inline_serializer("Health", {"status": serializers.CharField()}),
        503: inline_serializer("HealthDown", {"status": serializers.CharField()}),
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([])
def health(request: Request) -> Response:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return Response({"status": "unavailable"}, status=503)
    return Response({"status": "ok"})


_NOT_BUILT = (
    "<!doctype html><title>Helpdesk</title>"
    "<p>The web app has not been built yet: run <code>make run</code>.</p>"
)


@cache
def _index_template() -> str | None:
    try:
        return (settings.FRONTEND_DIST / "index.html").read_text()
    except FileNotFoundError:
        return None


def _app_config() -> str:
    # The limits the server enforces, so the web app checks input against the
    # very same numbers and never keeps a copy of its own.
    config = {
        "tawkPropertyId": settings.TAWK_PROPERTY_ID,
        "tawkWidgetId": settings.TAWK_WIDGET_ID,
        "maxUploadBytes": settings.ATTACHMENT_MAX_BYTES,
        "allowedExtensions": ALLOWED_EXTENSIONS,
        "titleMaxLength": Ticket._meta.get_field("title").max_length,
        "commentMaxLength": COMMENT_MAX_LENGTH,
        "commentMaxFiles": COMMENT_MAX_FILES,
    }
    # A JSON data block, not a script: it runs nothing, so a strict CSP holds.
    # "<" is escaped so no value can close the element early.
    payload = json.dumps(config).replace("<", "\\u003c")
    return f'<script id="app-config" type="application/json">{payload}</script>'


@require_safe
def spa(request: HttpRequest) -> HttpResponse:
    """Serve the single-page app's index.html for every client-side route."""
    if settings.DEBUG:
        _index_template.cache_clear()  # pick up rebuilds while developing
    template = _index_template()
    if template is None:
        return HttpResponse(_NOT_BUILT, status=503)
    html = template.replace("</head>", _app_config() + "</head>", 1)
    response = HttpResponse(html)
    # The shell must be revalidated so a new build is picked up at once.
    response["Cache-Control"] = "no-cache"
    return response
