"""A path missing its trailing slash: reads are redirected (301), writes keep
their method and body (308), so no client turns a create into a list."""

from collections.abc import Callable

import pytest
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]
NEW_TICKET = {"title": "No slash", "description": "Sent by curl", "category": "Other"}


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def staff(
    request: pytest.FixtureRequest, settings: Settings, client_for: ClientFor, charlie: User
) -> APIClient:
    # Django's own middleware raises an error page instead under DEBUG.
    settings.DEBUG = request.param
    return client_for(charlie)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/tickets", NEW_TICKET),
        ("put", "/api/tickets/{id}", NEW_TICKET),
        ("patch", "/api/tickets/{id}", {"priority": "High"}),
        ("delete", "/api/tickets/{id}", None),
        ("post", "/api/tickets/{id}/comments", {"body": "Hello"}),
        ("patch", "/api/tickets/{id}/status", {"status": "Resolved"}),
    ],
)
def test_a_write_without_the_slash_is_redirected_with_308_to_the_right_path(
    staff: APIClient, method: str, path: str, body: dict[str, str] | None
) -> None:
    ticket = TicketFactory.create()
    before = list(Ticket.objects.values_list("id", "title", "priority", "status"))
    path = path.format(id=ticket.id)

    response = getattr(staff, method)(f"{path}?source=cli", body, format="json")

    assert response.status_code == 308
    assert response["Location"] == f"{path}/?source=cli"
    assert response.json() == {
        "detail": f"This address ends with a slash: {method.upper()} {path}/?source=cli"
    }
    assert list(Ticket.objects.values_list("id", "title", "priority", "status")) == before


def test_following_the_308_makes_the_write_it_was_sent_as(staff: APIClient) -> None:
    response = staff.post("/api/tickets", NEW_TICKET, format="json", follow=True)

    assert response.status_code == 201
    assert response.redirect_chain == [("/api/tickets/", 308)]
    assert Ticket.objects.get().title == "No slash"


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_read_without_the_slash_keeps_its_301(staff: APIClient, method: str) -> None:
    response = getattr(staff, method)("/api/tickets?status=New")

    assert response.status_code == 301
    assert response["Location"] == "/api/tickets/?status=New"


def test_a_path_that_is_wrong_with_a_slash_too_is_a_json_404(
    client_for: ClientFor, charlie: User
) -> None:
    response = client_for(charlie).post("/api/tickest", NEW_TICKET, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
