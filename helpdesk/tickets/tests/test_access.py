"""One rule, every channel: what the API shows a user, what their sockets
hear and what they are e-mailed agree, for each kind of change.

alice opened the ticket, bob is another requester, charlie and dana are
active staff, eve is staff whose account was deactivated. The expected
audiences are written out here, not asked of access.py, so a copy of a rule
that drifts anywhere (selectors, events, notify) fails this test.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff, active_users
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.core.exceptions import exception_handler
from helpdesk.notifications.models import Notification
from helpdesk.realtime.groups import group_of
from helpdesk.tickets import access, services
from helpdesk.tickets.models import Activity, Comment, StatusHistory, Ticket
from helpdesk.tickets.tests.conftest import Sent

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


@pytest.fixture
def eve(db: None) -> User:
    return UserFactory.create(
        username="eve", email="eve@example.com", is_staff=True, is_active=False
    )


def _ticket(alice: User) -> Ticket:
    return services.ticket_create(actor=alice, title="Wi-Fi", description="Down", category="Other")


CHANGES: dict[str, Callable[[Ticket, User, User], Any]] = {
    "created": lambda ticket, alice, charlie: _ticket(alice),
    "edited": lambda ticket, alice, charlie: services.ticket_update(
        ticket=ticket, actor=charlie, changes={"title": "Wi-Fi down on floor 2"}
    ),
    "status": lambda ticket, alice, charlie: services.ticket_change_status(
        ticket=ticket, actor=charlie, status="Resolved"
    ),
    "assigned": lambda ticket, alice, charlie: services.ticket_update(
        ticket=ticket, actor=charlie, changes={"assignee": User.objects.get(username="dana")}
    ),
    "staff reply": lambda ticket, alice, charlie: services.comment_create(
        ticket=ticket, actor=charlie, body="Try again"
    ),
    "requester reply": lambda ticket, alice, charlie: services.comment_create(
        ticket=ticket, actor=alice, body="Still down"
    ),
    "internal note": lambda ticket, alice, charlie: services.comment_create(
        ticket=ticket, actor=charlie, body="STAFF-ONLY suspect the router", internal=True
    ),
    "bulk status": lambda ticket, alice, charlie: services.tickets_bulk_update(
        actor=charlie, ids=[ticket.pk], changes={"status": "Resolved"}
    ),
    "deleted": lambda ticket, alice, charlie: services.ticket_delete(ticket=ticket, actor=charlie),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_each_change_reaches_exactly_those_who_may_see_it(
    kind: str,
    alice: User,
    bob: User,
    charlie: User,
    dana: User,
    eve: User,
    sent: Sent,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        # An earlier internal note: no count or event may give it away.
        earlier = _ticket(alice)
        services.comment_create(
            ticket=earlier, actor=dana, body="STAFF-ONLY earlier", internal=True
        )
    sent.clear()
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        changed = CHANGES[kind](Ticket.objects.get(pk=earlier.pk), alice, charlie)
    ticket_id = changed.pk if kind == "created" else earlier.pk

    staff, requester = "staff", f"user-{alice.pk}"
    internal = kind == "internal note"
    # Live: one event per change, to the staff group and (unless internal) to
    # alice's own group; never to bob's; each shaped as the API shows it.
    assert len(sent) == 1
    assert set(sent[0]) == ({staff} if internal else {staff, requester})
    for group, payload in sent[0].items():
        viewer = charlie if group == staff else alice
        assert group_of(viewer) == group  # the group that viewer's sockets join
        if "comment" in payload:
            assert payload["comment"]["internal"] is internal
        if kind != "deleted":
            listed = client_for(viewer).get("/api/tickets/").json()["results"]
            item = next(t for t in listed if t["id"] == ticket_id)
            # `unread` is each staff member's own; one event goes to them all.
            assert payload["ticket"] == {k: v for k, v in item.items() if k != "unread"}
        if group == requester:
            assert "STAFF-ONLY" not in str(payload)
            assert (
                payload["ticket"]["comments_count"]
                == Comment.objects.filter(ticket_id=ticket_id, internal=False).count()
            )

    # E-mail: only people who may see what it reports, and only active ones.
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients <= {"alice", "charlie", "dana"}
    if internal:
        assert recipients <= set(active_staff().values_list("username", flat=True))
        assert "alice" not in recipients
    assert not Notification.objects.filter(body_text__contains="STAFF-ONLY").exists()


def test_the_requester_reads_no_internal_note_anywhere_in_the_api(
    alice: User, charlie: User, client_for: ClientFor
) -> None:
    ticket = _ticket(alice)
    services.comment_create(ticket=ticket, actor=charlie, body="STAFF-ONLY", internal=True)
    services.comment_create(ticket=ticket, actor=charlie, body="Public")

    for path in ("", f"{ticket.pk}/", f"{ticket.pk}/comments/", f"{ticket.pk}/activity/"):
        as_alice = client_for(alice).get(f"/api/tickets/{path}")
        as_charlie = client_for(charlie).get(f"/api/tickets/{path}")
        assert as_alice.status_code == as_charlie.status_code == 200
        assert "STAFF-ONLY" not in as_alice.content.decode(), path
    assert "STAFF-ONLY" in client_for(charlie).get(f"/api/tickets/{ticket.pk}/comments/").text


# The services check their own preconditions, whoever calls them.


STAFF_ONLY_CHANGES: dict[str, Callable[[Ticket, User], Any]] = {
    "update": lambda t, u: services.ticket_update(ticket=t, actor=u, changes={"title": "Mine"}),
    "status": lambda t, u: services.ticket_change_status(ticket=t, actor=u, status="Resolved"),
    "delete": lambda t, u: services.ticket_delete(ticket=t, actor=u),
    "bulk": lambda t, u: services.tickets_bulk_update(
        actor=u, ids=[t.pk], changes={"status": "Resolved"}
    ),
}


@pytest.mark.parametrize("kind", STAFF_ONLY_CHANGES)
def test_a_requester_cannot_change_even_their_own_ticket_through_the_services(
    kind: str, alice: User
) -> None:
    ticket = _ticket(alice)

    with pytest.raises(PermissionDenied, match="Only staff"):
        STAFF_ONLY_CHANGES[kind](ticket, alice)

    ticket.refresh_from_db()
    assert (ticket.title, ticket.status) == ("Wi-Fi", "New")
    assert StatusHistory.objects.filter(ticket=ticket).count() == 1
    assert Activity.objects.filter(ticket=ticket).count() == 1


def test_a_refusal_from_a_service_is_a_403_with_its_reason() -> None:
    response = exception_handler(PermissionDenied(access.CHANGE_REFUSED), {})

    assert response is not None
    assert (response.status_code, response.data) == (403, {"detail": access.CHANGE_REFUSED})


@pytest.mark.parametrize("kind", STAFF_ONLY_CHANGES)
def test_staff_can_make_the_same_changes_through_the_services(
    kind: str, alice: User, charlie: User
) -> None:
    ticket = _ticket(alice)

    STAFF_ONLY_CHANGES[kind](ticket, charlie)

    changed = Ticket.objects.filter(pk=ticket.pk).first()
    assert changed is None or (changed.title, changed.status) != ("Wi-Fi", "New")


def test_only_staff_write_internal_notes_through_the_services(alice: User, charlie: User) -> None:
    ticket = _ticket(alice)

    with pytest.raises(ValidationError):
        services.comment_create(ticket=ticket, actor=alice, body="x", internal=True)
    note = services.comment_create(ticket=ticket, actor=charlie, body="x", internal=True)

    assert list(Comment.objects.filter(ticket=ticket)) == [note]


def test_a_requester_reply_still_reopens_their_resolved_ticket(alice: User, charlie: User) -> None:
    ticket = _ticket(alice)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")

    services.comment_create(ticket=ticket, actor=alice, body="Not fixed")

    ticket.refresh_from_db()
    assert ticket.status == "Under Review"


def test_active_staff_are_staff_with_an_active_account(
    alice: User, charlie: User, dana: User, eve: User
) -> None:
    UserFactory.create(username="gone", is_active=False)

    assert set(active_users().values_list("username", flat=True)) == {"alice", "charlie", "dana"}
    assert set(active_staff().values_list("username", flat=True)) == {"charlie", "dana"}
    with pytest.raises(ValidationError):
        services.ticket_create(
            actor=charlie, title="T", description="D", category="Other", assignee=eve
        )
