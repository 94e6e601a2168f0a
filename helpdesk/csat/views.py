from django.core import signing
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.accounts.actor import actor
from helpdesk.core.parsers import JSONParser
from helpdesk.core.throttling import WriteRateThrottle
from helpdesk.csat import services, tokens
from helpdesk.csat.serializers import (
    LinkRatingSerializer,
    LinkRatingWriteSerializer,
    RatingSerializer,
    RatingWriteSerializer,
)
from helpdesk.tickets.models import Ticket


class TicketRatingView(APIView):
    """The requester rates a resolved ticket they opened (SPEC 4g)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "ratings"

    @extend_schema(
        request=RatingWriteSerializer,
        responses={201: RatingSerializer, 200: RatingSerializer},
        summary="Rate a resolved ticket (201), or replace the rating of this resolution (200)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = actor(request)
        # Another's ticket is not found, as everywhere (access.py).
        ticket = get_object_or_404(Ticket.objects.visible_to(user), pk=pk)
        data = RatingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.rating_submit(
            ticket=ticket,
            actor=user,
            score=data.validated_data["score"],
            comment=data.validated_data["comment"],
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(RatingSerializer(result.rating).data, status=code)


class LinkRatingView(APIView):
    """The e-mailed one-click link: the signed token is the authorization,
    so it works without signing in (and ignores a session that is there)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "ratings"

    @extend_schema(
        request=LinkRatingWriteSerializer,
        responses={201: LinkRatingSerializer, 200: LinkRatingSerializer},
        summary="Record the score of an e-mailed rating link; then add a comment or change it",
    )
    def post(self, request: Request, token: str) -> Response:
        try:
            claim = tokens.read_token(token)
        except signing.BadSignature:
            raise exceptions.NotFound(_("This rating link is invalid or has expired.")) from None
        ticket = get_object_or_404(Ticket.objects.select_related("created_by"), pk=claim.ticket_id)
        data = LinkRatingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.rating_submit(
            ticket=ticket,
            actor=ticket.created_by,
            score=data.validated_data.get("score", claim.score),
            comment=data.validated_data.get("comment"),
            resolution=claim.resolved_at,
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(LinkRatingSerializer(result.rating).data, status=code)
