from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from rest_framework import serializers

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_users
from helpdesk.core.fields import StrictBooleanField, StrictInputSerializer


class UserSummarySerializer(serializers.ModelSerializer):
    # Output only, and not `format: email`: accounts made in the admin site may
    # have no address, and "" is what they then show.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = read_only_fields = ["id", "username", "email"]


def user_summary(user: User) -> dict[str, Any]:
    """What UserSummarySerializer gives, without DRF's per-field machinery (hot paths)."""
    return {"id": user.pk, "username": user.username, "email": user.email}


def _email_not_taken(value: str, *, exclude: User | None = None) -> str:
    value = value.strip()
    others = User.objects.filter(email__iexact=value)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise serializers.ValidationError(_("A user with that email already exists."))
    return value


def _new_password(attrs: dict[str, Any], user: User) -> dict[str, Any]:
    """Check `password` against `password2` and Django's password validators."""
    if attrs["password"] != attrs["password2"]:
        raise serializers.ValidationError({"password2": [_("The two passwords differ.")]})
    try:
        password_validation.validate_password(attrs["password"], user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({"password": list(exc.messages)}) from exc
    return attrs


def _password_field() -> serializers.CharField:
    return serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)


class MeSerializer(serializers.ModelSerializer):
    isAdmin = serializers.BooleanField(source="is_staff", read_only=True)
    email = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = read_only_fields = [
            "id",
            "username",
            "email",
            "isAdmin",
            "notify_email",
            "available",
        ]
        extra_kwargs = {
            "available": {
                "help_text": "Staff: given new tickets by auto-assignment (always false "
                "for requesters)."
            }
        }


class MeUpdateSerializer(StrictInputSerializer):
    email = serializers.EmailField(max_length=254, required=False)
    current_password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=128,
        trim_whitespace=False,
        help_text="Required to change `email`.",
    )
    notify_email = StrictBooleanField(
        required=False, help_text="Receive e-mails about your tickets."
    )
    available = StrictBooleanField(
        required=False,
        help_text="Staff only: available for auto-assigned tickets. Becoming available "
        "hands you the oldest waiting tickets, up to the cap.",
    )

    def validate_available(self, value: bool) -> bool:
        if not self.context["request"].user.is_staff:
            raise serializers.ValidationError(_("Only staff can be available for assignment."))
        return value

    def validate_email(self, value: str) -> str:
        return _email_not_taken(value, exclude=self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A stolen access token must not be enough to move the account to an
        # address whose owner can then reset the password.
        user = self.context["request"].user
        if "email" in attrs and attrs["email"] != user.email:
            password = attrs.get("current_password")
            if not password:
                raise serializers.ValidationError(
                    {"current_password": ["Enter your current password to change your e-mail."]}
                )
            if not user.check_password(password):
                raise serializers.ValidationError(
                    {"current_password": ["Your current password is not correct."]}
                )
        return attrs


class RegisterSerializer(StrictInputSerializer):
    username = serializers.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    email = serializers.EmailField(max_length=254)
    password = _password_field()
    password2 = _password_field()

    def validate_username(self, value: str) -> str:
        # Case-insensitive, so "Alice" cannot impersonate "alice".
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError(_("A user with that username already exists."))
        return value

    def validate_email(self, value: str) -> str:
        return _email_not_taken(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return _new_password(attrs, User(username=attrs["username"], email=attrs["email"]))


class PasswordResetSerializer(StrictInputSerializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(StrictInputSerializer):
    uid = serializers.CharField(max_length=64, trim_whitespace=False)
    token = serializers.CharField(max_length=128, trim_whitespace=False)
    password = _password_field()
    password2 = _password_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self._user(attrs["uid"])
        if user is None or not default_token_generator.check_token(user, attrs["token"]):
            raise serializers.ValidationError(
                {"token": [_("This reset link is invalid or has expired. Ask for a new one.")]}
            )
        attrs["user"] = user
        return _new_password(attrs, user)

    def _user(self, uid: str) -> User | None:
        try:
            pk = urlsafe_base64_decode(uid).decode()
            return active_users().filter(pk=int(pk)).first()
        except (ValueError, UnicodeDecodeError, OverflowError):
            return None


class PasswordChangeSerializer(StrictInputSerializer):
    old_password = _password_field()
    password = _password_field()
    password2 = _password_field()

    def validate_old_password(self, value: str) -> str:
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(_("Your current password is not correct."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return _new_password(attrs, self.context["request"].user)


class RefreshRequestSerializer(StrictInputSerializer):
    refresh = serializers.CharField(
        required=False,
        trim_whitespace=False,
        help_text="Optional when the refresh cookie is sent.",
    )


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
