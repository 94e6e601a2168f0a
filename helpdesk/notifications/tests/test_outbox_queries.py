"""The outbox costs the same however many people an e-mail goes to."""

import smtplib
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.notifications.models import Notification

ClientFor = Callable[[User | None], APIClient]
TICKET = {"title": "Printer", "description": "It jams.", "category": "General"}


def queries_to_create(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/tickets/", TICKET, format="json")
    assert response.status_code == 201
    return len(queries)


@pytest.mark.django_db(transaction=True)
def test_a_new_ticket_costs_the_same_queries_for_1_or_30_staff(
    client_for: ClientFor, alice: User, charlie: User, run_worker: Callable[..., None]
) -> None:
    client = client_for(alice)
    for_one = queries_to_create(client)
    UserFactory.create_batch(29, is_staff=True)

    assert queries_to_create(client) == for_one

    mail.outbox.clear()
    run_worker()
    assert len(mail.outbox) == 1 + 30  # the first ticket's one e-mail, the second's thirty


@pytest.mark.django_db(transaction=True)
def test_one_failing_address_is_retried_alone(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    run_worker: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    send = mail.EmailMultiAlternatives.send

    def refuse_dana(message: Any, *args: Any, **kwargs: Any) -> int:
        if message.to == ["dana@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"dana@example.com": (450, b"try later")})
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse_dana)
    client_for(alice).post("/api/tickets/", TICKET, format="json")

    run_worker()

    assert [m.to for m in mail.outbox] == [["charlie@example.com"]]
    dana = Notification.objects.get(to_email="dana@example.com")
    assert (dana.sent_at, dana.attempts, dana.next_attempt_at is not None) == (None, 1, True)
    assert Notification.objects.get(to_email="charlie@example.com").attempts == 1
