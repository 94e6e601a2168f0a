"""The outbox costs the same however many people an e-mail goes to."""

import smtplib
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services

ClientFor = Callable[[User | None], APIClient]
TICKET = {"title": "Printer", "description": "It jams.", "category": "General"}


def create_ticket(client: APIClient) -> tuple[int, int]:
    """The new ticket's id, and the queries creating it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/tickets/", TICKET, format="json")
    assert response.status_code == 201
    return response.json()["id"], len(queries)


def queued_tasks() -> list[tuple[str, list[Any]]]:
    """Each queued task's name and arguments, oldest first."""
    rows = DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "args_kwargs")
    return [(path.rsplit(".", 1)[-1], args_kwargs["args"]) for path, args_kwargs in rows]


def refuse_first_attempt_to(address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mail server turns `address` away once, as a greylisting server does."""
    send = mail.EmailMultiAlternatives.send
    refused: list[str] = []

    def refusing(message: Any, *args: Any, **kwargs: Any) -> int:
        if message.to == [address] and not refused:
            refused.append(address)
            raise smtplib.SMTPRecipientsRefused({address: (450, b"try later")})
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refusing)


# The worker commits as it goes, as in production: these use real transactions.
@pytest.mark.django_db(transaction=True)
def test_a_new_ticket_costs_the_same_queries_for_1_or_30_staff(
    client_for: ClientFor, alice: User, charlie: User, run_worker: Callable[..., None]
) -> None:
    client = client_for(alice)
    create_ticket(client)  # reads auto-assignment's settings into the cache
    _, for_one = create_ticket(client)
    staff = [charlie, *UserFactory.create_batch(29, is_staff=True)]

    ticket_id, for_thirty = create_ticket(client)

    assert for_thirty == for_one
    mail.outbox.clear()
    run_worker()
    to_thirty = [m.to for m in mail.outbox if m.subject.startswith(f"[#{ticket_id}] ")]
    assert sorted(to_thirty) == sorted([member.email] for member in staff)


@pytest.mark.django_db(transaction=True)
def test_one_refused_address_is_retried_alone_while_the_others_are_sent(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    run_worker: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
) -> None:
    settings.EMAIL_RETRY_BASE_SECONDS = 0  # the retry is due at once: one worker run sees it
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    refuse_first_attempt_to("dana@example.com", monkeypatch)
    create_ticket(client_for(alice))

    run_worker()

    assert [m.to for m in mail.outbox] == [["charlie@example.com"], ["dana@example.com"]]
    to_charlie = Notification.objects.get(to_email="charlie@example.com")
    to_dana = Notification.objects.get(to_email="dana@example.com")
    assert (to_charlie.attempts, to_dana.attempts) == (1, 2)
    (batch, [batch_ids]), retry = queued_tasks()
    assert (batch, sorted(batch_ids)) == ("deliver_all", sorted([to_charlie.pk, to_dana.pk]))
    assert retry == ("deliver", [to_dana.pk])


@pytest.mark.django_db(transaction=True)
def test_an_unexpected_error_costs_only_its_own_email(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    run_worker: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    send = mail.EmailMultiAlternatives.send
    tried: list[list[str]] = []

    def broken_the_first_time(message: Any, *args: Any, **kwargs: Any) -> int:
        tried.append(message.to)
        if len(tried) == 1:
            raise ValueError("a bug, not the mail server")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", broken_the_first_time)
    create_ticket(client_for(alice))

    run_worker()

    assert sorted(tried) == [["charlie@example.com"], ["dana@example.com"]]
    assert [m.to for m in mail.outbox] == tried[1:]
    assert DBTaskResult.objects.get().status == "FAILED"  # visible, not swallowed


@pytest.mark.django_db
def test_a_change_that_rolls_back_queues_nothing(alice: User, charlie: User) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.ticket_create(actor=alice, title="Wi-Fi", description="Down", category="Other")
        raise RuntimeError("the change fails after the e-mail was queued")

    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()
