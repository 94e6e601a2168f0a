"""Reads of users: who counts as active, and as active staff, in one place."""

from django.db.models import QuerySet

from helpdesk.accounts.models import User


def active_users() -> QuerySet[User]:
    """Accounts that may sign in; a deactivated one is kept for its history."""
    return User.objects.filter(is_active=True)


def active_staff() -> QuerySet[User]:
    """Who works tickets now: e-mailed about new tickets, offered as assignees."""
    return active_users().filter(is_staff=True)
