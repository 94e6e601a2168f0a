"""Channel-layer groups: one per view of a ticket (helpdesk/tickets/access.py).

All staff share one group, as they share one view; each requester has their
own. A socket joins the group of its user; an event is sent to the group of
each viewer, so what a socket hears and what its user may see cannot differ.
Every socket of a user is also in their account group, through which an
account change closes them all, on every process. A socket joins through
its process's hub (helpdesk/realtime/hub.py), which is the layer's one
member of the group for all the process's sockets.
"""

from helpdesk.tickets.access import Viewer, sees_everything

STAFF = "staff"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def group_of(viewer: Viewer) -> str:
    return STAFF if sees_everything(viewer) else user_group(viewer.pk)


def account_group(user_id: int) -> str:
    return f"account-{user_id}"
