"""Who hears of what (SPEC 4c), checked in the outbox the services write."""

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def outbox() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("to_email", "event"))


def new_ticket(actor: User) -> Ticket:
    return services.ticket_create(actor=actor, title="Wi-Fi", description="Down", category="Other")


def test_new_ticket_notifies_every_active_staff_member(alice: User, charlie: User) -> None:
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    UserFactory.create(username="gone", is_staff=True, is_active=False)

    new_ticket(alice)

    assert outbox() == [
        ("charlie@example.com", "ticket.created"),
        ("dana@example.com", "ticket.created"),
    ]


def test_new_ticket_goes_to_the_configured_list_instead(
    alice: User, charlie: User, settings: Settings
) -> None:
    settings.NOTIFY_NEW_TICKET_EMAILS = ["desk@example.org"]

    new_ticket(alice)

    assert outbox() == [("desk@example.org", "ticket.created")]


def test_status_change_notifies_the_requester_unless_they_made_it(
    alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
    first = outbox()
    services.comment_create(ticket=ticket, actor=alice, body="still broken")  # reopens

    assert first == [("alice@example.com", "ticket.status")]
    assert ("alice@example.com", "ticket.status") in outbox()
    assert outbox().count(("alice@example.com", "ticket.status")) == 1


def test_staff_reply_notifies_the_requester(alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    services.comment_create(ticket=ticket, actor=charlie, body="Try restarting")

    assert outbox() == [("alice@example.com", "comment.created")]
    assert "Try restarting" in Notification.objects.get().body_text


def test_internal_note_notifies_nobody(alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    services.comment_create(ticket=ticket, actor=charlie, body="Suspicious", internal=True)

    assert outbox() == []


def test_requester_reply_notifies_the_assignee(alice: User, charlie: User) -> None:
    UserFactory.create(username="dana", is_staff=True)
    ticket = TicketFactory.create(created_by=alice, assignee=charlie)

    services.comment_create(ticket=ticket, actor=alice, body="Any news?")

    assert outbox() == [("charlie@example.com", "comment.created")]


def test_requester_reply_on_an_unassigned_ticket_notifies_all_staff(
    alice: User, charlie: User
) -> None:
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    ticket = TicketFactory.create(created_by=alice)

    services.comment_create(ticket=ticket, actor=alice, body="Any news?")

    assert outbox() == [
        ("charlie@example.com", "comment.created"),
        ("dana@example.com", "comment.created"),
    ]


def test_assignment_notifies_the_assignee_but_not_a_self_assignment(
    alice: User, charlie: User
) -> None:
    dana = UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    ticket = TicketFactory.create(created_by=alice)

    services.ticket_update(ticket=ticket, actor=charlie, changes={"assignee": charlie})
    services.ticket_update(ticket=ticket, actor=charlie, changes={"assignee": dana})

    assert outbox() == [("dana@example.com", "ticket.assigned")]


def test_users_who_switched_notifications_off_get_none(alice: User, charlie: User) -> None:
    alice.notify_email = False
    alice.save()
    ticket = TicketFactory.create(created_by=alice)

    services.comment_create(ticket=ticket, actor=charlie, body="Hello")
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")

    assert outbox() == []


def test_a_failed_change_queues_no_email(alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    with pytest.raises(ValueError):
        services.ticket_update(ticket=ticket, actor=charlie, changes={"created_by": charlie})

    assert outbox() == []


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_email_has_text_and_html_with_a_link_to_the_ticket(
    alice: User, charlie: User, settings: Settings, run_worker: object
) -> None:
    settings.SITE_URL = "https://help.example.org"
    ticket = TicketFactory.create(created_by=alice, title="Printer")

    services.comment_create(ticket=ticket, actor=charlie, body="Fixed <b>now</b>")
    run_worker()  # type: ignore[operator]

    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == f"[#{ticket.id}] New reply: Printer"
    assert f"https://help.example.org/tickets/{ticket.id}" in message.body
    assert "Fixed <b>now</b>" in message.body
    html, mime = message.alternatives[0]  # type: ignore[attr-defined]
    assert mime == "text/html"
    assert "Fixed &lt;b&gt;now&lt;/b&gt;" in html
    assert f'href="https://help.example.org/tickets/{ticket.id}"' in html
    assert Notification.objects.get().sent_at is not None
