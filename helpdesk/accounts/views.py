from contextlib import suppress
from typing import Any

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from helpdesk.accounts import lockout, services
from helpdesk.accounts.actor import actor
from helpdesk.accounts.cookies import (
    clear_refresh_cookie,
    refresh_from_cookie,
    set_refresh_cookie,
)
from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_users
from helpdesk.accounts.serializers import (
    MeSerializer,
    MeUpdateSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    RefreshRequestSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSummarySerializer,
)
from helpdesk.assignment.services import staff_set_available
from helpdesk.core.filters import StrictFilterSet
from helpdesk.core.throttling import WriteRateThrottle, client_ip


def _refresh_token(request: Request) -> str | None:
    """The refresh token from the body's `refresh`, else from the cookie."""
    serializer = RefreshRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    token = serializer.validated_data.get("refresh") or refresh_from_cookie(request)
    # Whitespace (a blank cookie) is no token: 401 as for none, not a 400.
    return token.strip() or None if token else None


class RegisterView(APIView):
    authentication_classes = ()
    permission_classes = [AllowAny]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "register"

    @extend_schema(request=RegisterSerializer, responses={201: UserSummarySerializer})
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = services.user_register(
            username=data["username"], email=data["email"], password=data["password"]
        )
        return Response(UserSummarySerializer(user).data, status=status.HTTP_201_CREATED)


class LoginView(TokenObtainPairView):
    """Exchange credentials for tokens; the refresh token is also set as an HttpOnly cookie."""

    authentication_classes = ()

    def get_serializer_context(self) -> dict[str, Any]:
        # django-axes marks a lockout on the Django request it is given, and
        # its middleware turns that into the 429 (DRF's wrapper would hide it).
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        responses={200: TokenPairSerializer, 401: OpenApiResponse(description="Bad credentials")}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        address = client_ip(request)
        lockout.address_check(address)
        try:
            response = super().post(request, *args, **kwargs)
        except exceptions.AuthenticationFailed:
            lockout.address_failure_record(address)
            lockout.address_check(address)  # the failure that reaches the limit is a 429
            raise
        set_refresh_cookie(response, response.data["refresh"])
        return response


class RefreshView(TokenRefreshView):
    """Rotate a refresh token, given in the body or in the cookie."""

    authentication_classes = ()

    @extend_schema(
        request=RefreshRequestSerializer,
        responses={200: TokenPairSerializer, 401: OpenApiResponse(description="Invalid token")},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = _refresh_token(request)
        if not token:
            raise exceptions.NotAuthenticated(_("No refresh token was given."))
        serializer = self.get_serializer(data={"refresh": token})
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        except User.DoesNotExist as exc:  # the token outlived its (deleted) user
            raise InvalidToken(_("The token's user no longer exists.")) from exc
        response = Response(serializer.validated_data, status=status.HTTP_200_OK)
        set_refresh_cookie(response, serializer.validated_data["refresh"])
        return response


class LogoutView(APIView):
    """Revoke a refresh token (body or cookie) and clear the cookie; always 204."""

    authentication_classes = ()
    permission_classes = [AllowAny]

    @extend_schema(request=RefreshRequestSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        token = _refresh_token(request)
        if token:
            # An invalid, expired or revoked token has nothing left to revoke.
            with suppress(TokenError):
                RefreshToken(token).blacklist()  # type: ignore[arg-type]
        response = Response(status=status.HTTP_204_NO_CONTENT)
        clear_refresh_cookie(response)
        return response


class MeView(APIView):
    """The signed-in user; PATCH changes `notify_email`, `available` (staff), and
    `email` given `current_password`."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses={200: MeSerializer})
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = services.user_update_profile(
            user=actor(request),
            email=serializer.validated_data.get("email"),
            notify_email=serializer.validated_data.get("notify_email"),
        )
        if "available" in serializer.validated_data:
            user = staff_set_available(user=user, available=serializer.validated_data["available"])
        return Response(MeSerializer(user).data)


class PasswordResetView(APIView):
    """Send a reset link if the address belongs to an account; 204 either way."""

    authentication_classes = ()
    permission_classes = [AllowAny]
    throttle_classes = [WriteRateThrottle]
    throttle_scope = "password_reset"

    @extend_schema(request=PasswordResetSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(email=serializer.validated_data["email"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetConfirmView(APIView):
    authentication_classes = ()
    permission_classes = [AllowAny]

    @extend_schema(request=PasswordResetConfirmSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.password_set(user=data["user"], password=data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(APIView):
    """Change one's password; every other session's refresh token is revoked."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.password_set(
            user=actor(request),
            password=serializer.validated_data["password"],
            keep_refresh_jti=_jti(refresh_from_cookie(request)),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _jti(token: str | None) -> str | None:
    if not token:
        return None
    try:
        return str(RefreshToken(token)["jti"])  # type: ignore[arg-type]
    except TokenError:
        return None


class StaffDirectoryFilter(StrictFilterSet):
    is_staff = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
    search = filters.CharFilter(field_name="username", lookup_expr="icontains", max_length=150)

    class Meta:
        model = User
        fields = ["is_staff"]


class UserListView(generics.ListAPIView):
    """Users for staff, e.g. `?is_staff=true` for the assignee picker."""

    serializer_class = UserSummarySerializer
    permission_classes = [IsAdminUser]
    filterset_class = StaffDirectoryFilter
    queryset = active_users().order_by("username", "id")

    @extend_schema(parameters=[OpenApiParameter("is_staff", bool, description="true: staff only.")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
