from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_users
from helpdesk.notifications.services import Email, email_queue


@transaction.atomic
def user_register(*, username: str, email: str, password: str) -> User:
    return User.objects.create_user(username=username, email=email, password=password)


@transaction.atomic
def user_update_profile(
    *, user: User, email: str | None = None, notify_email: bool | None = None
) -> User:
    if email is not None:
        user.email = email
    if notify_email is not None:
        user.notify_email = notify_email
    user.save(update_fields=["email", "notify_email"])
    return user


def password_reset_request(*, email: str) -> None:
    """E-mail a reset link to every active account with this address.

    Says nothing about whether one exists: the caller answers the same either way.
    """
    users = active_users().filter(email__iexact=email.strip())
    with transaction.atomic():
        for user in users:
            if not user.has_usable_password():
                continue
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            email_queue(
                recipients=[user],
                email=Email(
                    event="account.password_reset",
                    subject="Reset your helpdesk password",
                    message="Someone (hopefully you) asked to reset your password. "
                    "The link works once and expires in "
                    f"{settings.PASSWORD_RESET_TIMEOUT // 3600} hours. "
                    "If it was not you, ignore this e-mail.",
                    action_url=f"{settings.SITE_URL}/reset-password?uid={uid}&token={token}",
                    action_label="Choose a new password",
                    optional=False,
                ),
            )


@transaction.atomic
def password_set(*, user: User, password: str, keep_refresh_jti: str | None = None) -> None:
    """Set a new password and revoke the user's refresh tokens (all but one
    the caller is still using), so a stolen session ends with the change."""
    user.set_password(password)
    user.save(update_fields=["password"])
    tokens_revoke(user=user, keep_jti=keep_refresh_jti)


def tokens_revoke(*, user: User, keep_jti: str | None = None) -> int:
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    if keep_jti:
        outstanding = outstanding.exclude(jti=keep_jti)
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(revoked)
