"""Delivery through a real SMTP server on loopback, including an outage."""

import email
import socket
from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from pytest_django.fixtures import Settings

from helpdesk.accounts.models import User
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services
from helpdesk.tickets.tests.factories import TicketFactory

# The worker commits as it goes and closes its connection between tasks, as in
# production: these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """An SMTP server's mailbox: every message it accepted, in order."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    def text(self, message: Message) -> str:
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_port(settings: Settings) -> int:
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_RETRY_BASE_SECONDS = 1
    return port


@pytest.fixture
def smtp_server(smtp_port: int) -> Iterator[Callable[[], Inbox]]:
    controllers: list[Controller] = []

    def start() -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def conversation(alice: User, charlie: User) -> None:
    """Three notifications for alice, and an internal note that must stay inside."""
    ticket = TicketFactory.create(created_by=alice, title="Projector")
    services.comment_create(ticket=ticket, actor=charlie, body="Bring the HDMI adapter")
    services.comment_create(ticket=ticket, actor=charlie, body="STAFF-ONLY remark", internal=True)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")


def test_messages_reach_a_real_smtp_server(
    alice: User,
    charlie: User,
    smtp_server: Callable[[], Inbox],
    run_worker: Callable[[], None],
    settings: Settings,
) -> None:
    settings.SITE_URL = "http://helpdesk.test"
    inbox = smtp_server()
    conversation(alice, charlie)

    run_worker()

    assert len(inbox.messages) == 3
    assert {m["To"] for m in inbox.messages} == {"alice@example.com"}
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects[0].endswith("New reply: Projector")
    assert all("http://helpdesk.test/tickets/" in inbox.text(m) for m in inbox.messages)
    assert not any("STAFF-ONLY" in m.as_string() for m in inbox.messages)


def test_an_outage_delays_messages_and_each_arrives_exactly_once(
    alice: User,
    charlie: User,
    smtp_server: Callable[[], Inbox],
    run_worker: Callable[[], None],
) -> None:
    conversation(alice, charlie)  # the SMTP server is down

    run_worker()

    pending = list(Notification.objects.all())
    assert len(pending) == 3
    assert all(n.sent_at is None and n.attempts == 1 for n in pending)
    assert all("Connection refused" in n.last_error for n in pending)
    assert all(n.next_attempt_at is not None for n in pending)

    inbox = smtp_server()
    run_worker()  # retries are not due yet: nothing is sent early
    assert inbox.messages == []

    due = max(n.next_attempt_at for n in pending if n.next_attempt_at is not None)
    with time_machine.travel(due):
        run_worker()
        run_worker()  # a second pass finds nothing left to send

    assert len(inbox.messages) == 3
    assert len({m["Message-ID"] for m in inbox.messages}) == 3
    assert all(n.sent_at is not None and n.attempts == 2 for n in Notification.objects.all())


def test_backoff_doubles_up_to_the_cap(settings: Settings) -> None:
    from helpdesk.notifications.tasks import retry_delay

    settings.EMAIL_RETRY_BASE_SECONDS = 30
    settings.EMAIL_RETRY_MAX_SECONDS = 1800

    delays = [retry_delay(n).total_seconds() for n in range(1, 9)]

    assert delays == [30, 60, 120, 240, 480, 960, 1800, 1800]
