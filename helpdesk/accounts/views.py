from contextlib import suppress
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from helpdesk.accounts import services
from helpdesk.accounts.cookies import (
    clear_refresh_cookie,
    refresh_from_cookie,
    set_refresh_cookie,
)
from helpdesk.accounts.models import User
from helpdesk.accounts.serializers import (
    MeSerializer,
    RefreshRequestSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSummarySerializer,
)


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"detail": "Expected a JSON object."})
    return request.data


class RegisterView(APIView):
    authentication_classes = ()
    permission_classes = [AllowAny]

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

    @extend_schema(
        responses={200: TokenPairSerializer, 401: OpenApiResponse(description="Bad credentials")}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _body(request)
        response = super().post(request, *args, **kwargs)
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
        token = _body(request).get("refresh") or refresh_from_cookie(request)
        if not token:
            raise exceptions.NotAuthenticated("No refresh token was given.")
        serializer = self.get_serializer(data={"refresh": token})
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        except User.DoesNotExist as exc:  # the token outlived its (deleted) user
            raise InvalidToken("The token's user no longer exists.") from exc
        response = Response(serializer.validated_data, status=status.HTTP_200_OK)
        set_refresh_cookie(response, serializer.validated_data["refresh"])
        return response


class LogoutView(APIView):
    """Revoke a refresh token (body or cookie) and clear the cookie; always 204."""

    authentication_classes = ()
    permission_classes = [AllowAny]

    @extend_schema(request=RefreshRequestSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = RefreshRequestSerializer(data=_body(request))
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data.get("refresh") or refresh_from_cookie(request)
        if token:
            # An invalid, expired or revoked token has nothing left to revoke.
            with suppress(TokenError):
                RefreshToken(token).blacklist()  # type: ignore[arg-type]
        response = Response(status=status.HTTP_204_NO_CONTENT)
        clear_refresh_cookie(response)
        return response


class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self) -> User:
        return self.request.user  # type: ignore[return-value]
