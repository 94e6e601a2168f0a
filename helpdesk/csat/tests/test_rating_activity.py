"""A rating in the ticket's timeline (SPEC 4g): one `rated` entry per rating
that changes something, whichever way it arrives.

alice opened the ticket, bob is another requester, charlie is staff."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.csat.models import Rating
from helpdesk.csat.tests.test_ratings import Client, _links, _rate, _resolved
from helpdesk.tickets import services
from helpdesk.tickets.models import Activity, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _rated(client: APIClient, ticket: Ticket) -> list[tuple[int, dict[str, Any]]]:
    """The `rated` entries of the timeline as `client` reads it: (actor, data)."""
    response = client.get(f"/api/tickets/{ticket.pk}/activity/")
    assert response.status_code == 200
    return [(a["actor"]["id"], a["data"]) for a in response.json() if a["kind"] == "rated"]


def _link(client: APIClient, token: str, **body: object) -> Any:
    return client.post(f"/api/ratings/{token}/", body, format="json")


def test_a_rating_shows_in_the_timeline_for_staff_and_the_requester(
    client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    response = _rate(client_for(alice), ticket, score=4, comment="Quick, thanks")
    assert response.status_code == 201

    expected = [(alice.pk, {"score": 4, "previous_score": None})]
    assert _rated(client_for(charlie), ticket) == expected
    assert _rated(client_for(alice), ticket) == expected
    entry = Activity.objects.get(kind="rated")
    # At the rating's own time; not internal; the comment is not copied.
    assert (entry.at, entry.internal) == (Rating.objects.get().updated_at, False)
    assert "Quick" not in str(entry.data)


def test_a_rating_through_the_link_shows_its_requester_as_the_actor(
    anon: APIClient, client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    assert _link(anon, _links(ticket)[2]).status_code == 201
    assert _rated(client_for(charlie), ticket) == [(alice.pk, {"score": 3, "previous_score": None})]


def test_a_new_score_adds_an_entry_with_the_previous_one(
    anon: APIClient, client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    _rate(client_for(alice), ticket, score=2)
    assert _rate(client_for(alice), ticket, score=5).status_code == 200
    token = _links(ticket)[0]
    assert _link(anon, token).status_code == 200  # the e-mail's 1, after the app's 5
    assert _link(anon, token, score=4).status_code == 200  # changed on the link's page

    assert _rated(client_for(charlie), ticket) == [
        (alice.pk, {"score": 2, "previous_score": None}),
        (alice.pk, {"score": 5, "previous_score": 2}),
        (alice.pk, {"score": 1, "previous_score": 5}),
        (alice.pk, {"score": 4, "previous_score": 1}),
    ]


def test_the_same_rating_again_adds_nothing(
    anon: APIClient, client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    _rate(client_for(alice), ticket, score=4, comment="Fine")
    assert _rate(client_for(alice), ticket, score=4, comment="Fine").status_code == 200
    token = _links(ticket)[3]
    assert _link(anon, token).status_code == 200  # the same 4, comment kept
    assert _link(anon, token, score=4, comment="Fine").status_code == 200
    assert Activity.objects.filter(kind="rated").count() == 1


def test_a_new_comment_with_the_same_score_adds_an_entry_without_the_comment(
    anon: APIClient, client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    token = _links(ticket)[4]
    _link(anon, token)
    assert _link(anon, token, comment="Thanks!").status_code == 200
    assert _rated(client_for(charlie), ticket) == [
        (alice.pk, {"score": 5, "previous_score": None}),
        (alice.pk, {"score": 5, "previous_score": 5}),
    ]
    assert "Thanks" not in str(list(Activity.objects.values_list("data", flat=True)))


def test_refused_ratings_add_nothing(
    anon: APIClient, client_for: Client, alice: User, bob: User, charlie: User
) -> None:
    unresolved = TicketFactory.create(created_by=alice)
    assert _rate(client_for(alice), unresolved, score=5).status_code == 400
    ticket = _resolved(alice, charlie)
    assert _rate(client_for(bob), ticket, score=1).status_code == 404
    assert _rate(client_for(charlie), ticket, score=1).status_code == 403
    assert _rate(client_for(alice), ticket, score=6).status_code == 400
    token = _links(ticket)[0]
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    assert _link(anon, token).status_code == 400  # expired by the reopen
    assert not Rating.objects.exists()
    assert not Activity.objects.filter(kind="rated").exists()


def test_a_rating_marks_the_ticket_unread_for_staff(
    client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    staff = client_for(charlie)
    staff.get(f"/api/tickets/{ticket.pk}/")  # read

    def unread() -> bool:
        rows = staff.get("/api/tickets/").json()["results"]
        return bool(next(row for row in rows if row["id"] == ticket.pk)["unread"])

    assert not unread()
    _rate(client_for(alice), ticket, score=3)
    assert unread()
