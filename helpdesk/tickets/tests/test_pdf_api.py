"""GET /api/tickets/{id}/pdf/ (SPEC 4f): a ticket as one PDF, for whoever
can see it, with internal notes only for staff. Read back as extracted text."""

import io
import logging
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.csat.services import rating_submit
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket

ClientFor = Callable[[User | None], APIClient]

CYRILLIC = "Принтер не печатает, помогите пожалуйста"
GREEK = "Ο εκτυπωτής δεν λειτουργεί καθόλου"  # noqa: RUF001
NOTE = "Internal: the vendor owes us a refund"


@pytest.fixture
def ticket(alice: User, charlie: User) -> Ticket:
    ticket = services.ticket_create(
        actor=alice,
        title="Office printer jams on page two",
        description=f"It jams every morning.\n{CYRILLIC}",
        category=Ticket.Category.TECHNICAL,
    )
    services.comment_create(ticket=ticket, actor=charlie, body=GREEK)
    services.comment_create(ticket=ticket, actor=charlie, body=NOTE, internal=True)
    services.ticket_update(
        ticket=ticket, actor=charlie, changes={"assignee": charlie, "priority": "High"}
    )
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
    return ticket


def text_of(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    # Lines wrap where the page ends; compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_requester_gets_their_ticket_without_internal_notes(
    client_for: ClientFor, alice: User, ticket: Ticket
) -> None:
    response = client_for(alice).get(f"/api/tickets/{ticket.id}/pdf/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ticket-{ticket.id}.pdf"'
    text = text_of(response)
    assert "Office printer jams on page two" in text
    assert CYRILLIC in text
    assert GREEK in text
    assert NOTE not in text
    assert "internal note" not in text.lower()
    assert "charlie changed the status from New to Resolved" in text


def test_staff_get_internal_notes_too(client_for: ClientFor, charlie: User, ticket: Ticket) -> None:
    text = text_of(client_for(charlie).get(f"/api/tickets/{ticket.id}/pdf/"))

    assert NOTE in text
    assert "charlie added an internal note" in text
    assert "Status Resolved" in text
    assert "Assignee charlie" in text


def test_others_tickets_are_not_found(client_for: ClientFor, bob: User, ticket: Ticket) -> None:
    response = client_for(bob).get(f"/api/tickets/{ticket.id}/pdf/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_anonymous_gets_401(anon: APIClient, ticket: Ticket) -> None:
    assert anon.get(f"/api/tickets/{ticket.id}/pdf/").status_code == 401


def test_a_missing_ticket_is_404(client_for: ClientFor, charlie: User) -> None:
    assert client_for(charlie).get("/api/tickets/999999/pdf/").status_code == 404


def test_text_that_no_font_draws_does_not_break_it(
    client_for: ClientFor, alice: User, caplog: pytest.LogCaptureFixture
) -> None:
    ticket = services.ticket_create(
        actor=alice,
        title="Bell \x07 tab\tand emoji 🎉 and 中文",
        description="\x01\x1b[31m" + "long line " * 400,
        category=Ticket.Category.OTHER,
    )

    response = client_for(alice).get(f"/api/tickets/{ticket.id}/pdf/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Bell tab and emoji \ufffd and \ufffd\ufffd" in text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # no missing glyph


def test_query_count_is_constant(
    client_for: ClientFor,
    charlie: User,
    ticket: Ticket,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(10):
        services.comment_create(ticket=ticket, actor=charlie, body=f"more {n}")
    client = client_for(charlie)

    # user, ticket with its people, comments with authors, their files, activity with actors
    with django_assert_num_queries(5):
        assert client.get(f"/api/tickets/{ticket.id}/pdf/").status_code == 200


def test_labels_follow_the_readers_language(
    client_for: ClientFor, alice: User, ticket: Ticket
) -> None:
    response = client_for(alice).get(f"/api/tickets/{ticket.id}/pdf/", HTTP_ACCEPT_LANGUAGE="es")

    text = text_of(response)
    assert "Descripción" in text
    assert "Conversación" in text
    assert "charlie cambió el estado de New a Resolved" in text


def test_a_rating_is_in_the_activity_in_the_readers_language(
    client_for: ClientFor, alice: User, charlie: User, ticket: Ticket
) -> None:
    for score in (4, 2):
        rating_submit(ticket=ticket, actor=alice, score=score)
    url = f"/api/tickets/{ticket.id}/pdf/"

    text = text_of(client_for(charlie).get(url))
    assert "alice rated the help 4/5" in text
    assert "alice changed their rating from 4/5 to 2/5" in text
    text = text_of(client_for(alice).get(url, HTTP_ACCEPT_LANGUAGE="es"))
    assert "alice valoró la ayuda con 4/5" in text
    assert "alice cambió su valoración de 4/5 a 2/5" in text
