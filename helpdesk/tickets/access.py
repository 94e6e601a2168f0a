"""Who may see and do what on a ticket: the one home of these rules.

Staff see every ticket and everything on it, internal notes included, and
they alone change, triage and delete tickets. A requester sees the tickets
they opened, without internal notes (comments and timeline entries marked
`internal`), and takes part in their conversation.

Every reader asks here: the API's querysets (`Ticket.objects.visible_to`,
`Comment.objects.visible_to`, `Activity.objects.visible_to`), the live
events (`viewers`, with `helpdesk.realtime.groups`), the e-mails
(`may_see`, in notify.py) and the services, which refuse a change the
actor may not make whoever calls them. A rule needed both for one object
and as a database filter is written twice, side by side below;
tickets/tests/test_access.py fails if any channel disagrees with another.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from helpdesk.tickets.models import Ticket

CHANGE_REFUSED = gettext_lazy("Only staff can change or delete tickets.")
RATE_REFUSED = gettext_lazy("Only the person who opened the ticket can rate it.")
EXPORT_REFUSED = gettext_lazy("Only staff can export tickets.")


class Viewer(Protocol):
    """Whoever a view is made for: a user, or `ANY_STAFF`."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_staff(self) -> bool: ...


@dataclass(frozen=True)
class _AnyStaff:
    """Staff as one audience: every staff member sees the same thing."""

    pk: None = None
    is_staff: bool = True


ANY_STAFF = _AnyStaff()


@dataclass(frozen=True)
class _Owners:
    """Requesters as one audience, each seeing only the tickets they opened:
    what lets one query build many tickets as their requesters see them."""

    pk: None = None
    is_staff: bool = False


OWNERS = _Owners()


def sees_everything(viewer: Viewer) -> bool:
    """Every ticket, and every internal note on it."""
    return viewer.is_staff


def may_change(user: Viewer) -> bool:
    """Edit, triage (status, priority, assignee) and delete a ticket."""
    return user.is_staff


def may_rate(user: Viewer, ticket: "Ticket") -> bool:
    """Rate a resolution (SPEC 4g): only the person who opened the ticket,
    staff included, since the rating is the requester's view of the help."""
    return user.pk is not None and ticket.created_by_id == user.pk


def may_export(user: Viewer) -> bool:
    """Download a whole list of tickets as a file (CSV, XLSX)."""
    return user.is_staff


def may_see(user: Viewer, ticket: "Ticket", *, internal: bool = False) -> bool:
    """Whether `user` may see the ticket, or an internal note on it."""
    if sees_everything(user):
        return True
    return not internal and ticket.created_by_id == user.pk


class TicketQuerySet(models.QuerySet["Ticket"]):
    def visible_to(self, viewer: Viewer) -> Self:
        if sees_everything(viewer):
            return self
        if viewer is OWNERS:
            return self.filter(created_by__is_staff=False)
        return self.filter(created_by_id=viewer.pk)


_M = TypeVar("_M", bound=models.Model)


class InternalQuerySet(models.QuerySet[_M]):
    """Comments and timeline entries: the `internal` ones for staff only."""

    def visible_to(self, viewer: Viewer) -> Self:
        return self if sees_everything(viewer) else self.filter(internal=False)


def has_read_markers(viewer: Viewer) -> bool:
    """Whether the list tells `viewer` which tickets changed since they last
    opened them: staff members (one by one, not staff as an audience)."""
    return sees_everything(viewer) and viewer.pk is not None


def viewers(ticket: "Ticket") -> list[Viewer]:
    """One viewer per distinct view of the ticket: staff together, and the
    requester who opened it unless they are staff (then they see as staff)."""
    owner = ticket.created_by
    return [ANY_STAFF] if sees_everything(owner) else [ANY_STAFF, owner]


def require_change(actor: Viewer) -> None:
    if not may_change(actor):
        raise PermissionDenied(CHANGE_REFUSED)
