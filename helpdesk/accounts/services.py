from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_users
from helpdesk.notifications.services import Email, email_queue
from helpdesk.realtime.broadcast import sockets_close


@transaction.atomic
def user_register(*, username: str, email: str, password: str) -> User:
    return User.objects.create_user(username=username, email=email, password=password)


@transaction.atomic
def user_update_profile(
    *, user: User, email: str | None = None, notify_email: bool | None = None
) -> User:
    if email is not None and email != user.email:
        _email_changed_notice(user=user, new_email=email)
        user.email = email
    if notify_email is not None:
        user.notify_email = notify_email
    user.save(update_fields=["email", "notify_email"])
    return user


def _email_changed_notice(*, user: User, new_email: str) -> None:
    """Tell the old address, so the owner of a hijacked account hears of it."""
    if not user.email:
        return
    email_queue(
        addresses=[user.email],
        email=Email(
            event="account.email_changed",
            subject="Your helpdesk e-mail address was changed",
            message=f"The e-mail address of your helpdesk account {user.get_username()!r} "
            f"was changed from {user.email} to {new_email}. From now on, e-mails "
            "and password reset links go to the new address. If this wasn't you, "
            "contact the support team at once: someone may have access to your account.",
            action_url=f"{settings.SITE_URL}/login",
            action_label="Sign in",
            optional=False,
        ),
    )


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


# What an access token stands for: its password-hash claim, and the user's
# right to sign in and audience. A change to any of them ends open sessions.
_TOKEN_FIELDS = ("password", "is_active", "is_staff")


@transaction.atomic
def user_save(
    *, user: User, fields: list[str] | None = None, keep_refresh_jti: str | None = None
) -> User:
    """Save changes to a user, from the API or the admin site.

    A new password revokes the user's refresh tokens (all but one the caller
    is still using), so a stolen session ends with the change; a new password,
    a deactivation or a change of staff status closes the user's open sockets
    on every process once the change commits (SPEC 4d).
    """
    before = User.objects.filter(pk=user.pk).values(*_TOKEN_FIELDS).first() if user.pk else None
    user.save(update_fields=fields)
    if before is None:
        return user
    changed = {field for field in _TOKEN_FIELDS if before[field] != getattr(user, field)}
    if "password" in changed:
        tokens_revoke(user=user, keep_jti=keep_refresh_jti)
    if changed:
        transaction.on_commit(partial(sockets_close, user_id=user.pk))
    return user


def password_set(*, user: User, password: str, keep_refresh_jti: str | None = None) -> None:
    user.set_password(password)
    user_save(user=user, fields=["password"], keep_refresh_jti=keep_refresh_jti)


def tokens_revoke(*, user: User, keep_jti: str | None = None) -> int:
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    if keep_jti:
        outstanding = outstanding.exclude(jti=keep_jti)
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(revoked)
