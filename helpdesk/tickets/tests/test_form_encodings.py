"""Forms (multipart and urlencoded) as curl, HTML and generated clients send them.

A form carries only text, so a boolean there takes every spelling Django REST
framework accepts; JSON stays strict (test_hostile_input).
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.tests.factories import TicketFactory
from helpdesk.tickets.tests.files import PNG

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]
TRUE = ["true", "True", "1", "on", "yes", "TRUE", "y"]
FALSE = ["false", "False", "0", "off", "no", "FALSE", "n"]


def post_form(client: APIClient, encoding: str, path: str, data: dict[str, Any]) -> Any:
    if encoding == "multipart":
        return client.post(path, data, format="multipart")
    return client.post(path, urlencode(data), content_type="application/x-www-form-urlencoded")


def comment(client: APIClient, encoding: str, internal: str, ticket: Ticket | None = None) -> Any:
    ticket = ticket or TicketFactory.create()
    path = f"/api/tickets/{ticket.id}/comments/"
    return post_form(client, encoding, path, {"body": "Checked the logs", "internal": internal})


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
@pytest.mark.parametrize(
    ("spelling", "expected"), [(s, True) for s in TRUE] + [(s, False) for s in FALSE]
)
def test_a_form_boolean_takes_every_spelling_drf_accepts(
    client_for: ClientFor, charlie: User, encoding: str, spelling: str, expected: bool
) -> None:
    response = comment(client_for(charlie), encoding, spelling)

    assert response.status_code == 201, response.json()
    assert response.json()["internal"] is expected
    assert Comment.objects.get().internal is expected


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
@pytest.mark.parametrize("spelling", ["maybe", "2", "None"])
def test_a_form_boolean_that_is_no_boolean_is_refused(
    client_for: ClientFor, charlie: User, encoding: str, spelling: str
) -> None:
    response = comment(client_for(charlie), encoding, spelling)

    assert response.status_code == 400
    assert "internal" in response.json()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_an_internal_note_in_a_form_is_still_staff_only(
    client_for: ClientFor, alice: User, encoding: str
) -> None:
    own_ticket = TicketFactory.create(created_by=alice)

    response = comment(client_for(alice), encoding, "on", own_ticket)

    assert response.status_code == 400
    assert "internal" in response.json()
    assert not Comment.objects.exists()


def test_a_plain_urlencoded_form_creates_a_ticket(client_for: ClientFor, alice: User) -> None:
    response = post_form(
        client_for(alice),
        "urlencoded",
        "/api/tickets/",
        {"title": "Printer", "description": "Jammed", "category": "Technical", "priority": "High"},
    )

    assert response.status_code == 201, response.json()
    ticket = Ticket.objects.get()
    assert (ticket.title, ticket.priority, ticket.created_by) == ("Printer", "High", alice)


def test_a_curl_style_multipart_comment_with_a_file(client_for: ClientFor, charlie: User) -> None:
    """What `curl -F body=... -F internal=1 -F attachment=@shot.png` sends."""
    ticket = TicketFactory.create()

    response = client_for(charlie).post(
        f"/api/tickets/{ticket.id}/comments/",
        {"body": "Screenshot", "internal": "1", "attachment": SimpleUploadedFile("shot.png", PNG)},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["internal"] is True
    assert response.json()["attachment_name"] == "shot.png"


def test_an_empty_form_value_stands_for_null(client_for: ClientFor, charlie: User) -> None:
    staff = client_for(charlie)
    created = staff.post(
        "/api/tickets/",
        {
            "title": "Scanner",
            "description": "Offline",
            "category": "Technical",
            "assignee": str(charlie.id),
            "attachment": SimpleUploadedFile("scan.png", PNG),
        },
        format="multipart",
    ).json()
    url = f"/api/tickets/{created['id']}/"
    assert (created["assignee"]["id"], created["attachment_name"]) == (charlie.id, "scan.png")

    unassigned = staff.patch(url, "assignee=", content_type="application/x-www-form-urlencoded")
    detached = staff.patch(url, {"attachment": ""}, format="multipart")

    assert (unassigned.status_code, unassigned.json()["assignee"]) == (200, None)
    assert (detached.status_code, detached.json()["attachment"]) == (200, None)
