"""Satisfaction ratings (SPEC 4g): who rates, when, and the e-mailed links.

alice opened the ticket, bob is another requester, charlie is staff."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.csat import tokens
from helpdesk.csat.models import Rating
from helpdesk.csat.selectors import csat_summary
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db
Client = Callable[[User | None], APIClient]


def _later(delta: timedelta, tick: bool = True) -> time_machine.travel:
    return time_machine.travel(timezone.now() + delta, tick=tick)


def _resolved(owner: User, staff: User) -> Ticket:
    ticket = TicketFactory.create(created_by=owner)
    ticket = services.ticket_change_status(ticket=ticket, actor=staff, status="Resolved")
    assert ticket.resolved_at is not None
    return ticket


def _rating(ticket: Ticket, score: int) -> Rating:
    assert ticket.resolved_at is not None
    return Rating.objects.create(
        ticket=ticket, resolved_at=ticket.resolved_at, score=score, rated_by=ticket.created_by
    )


def _rate(client: APIClient, ticket: Ticket, **body: object) -> Any:
    return client.post(f"/api/tickets/{ticket.pk}/rating/", body, format="json")


def _links(ticket: Ticket) -> list[str]:
    email = Notification.objects.filter(event="ticket.status", subject__contains="Resolved")
    text = email.filter(subject__startswith=f"[#{ticket.pk}]").latest("created_at").body_text
    return re.findall(r"/rate/(\S+)", text)


def test_creator_rates_a_resolved_ticket(client_for: Client, alice: User, charlie: User) -> None:
    ticket = _resolved(alice, charlie)
    response = _rate(client_for(alice), ticket, score=4, comment="Quick, thanks")
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "ticket": ticket.pk,
        "score": 4,
        "comment": "Quick, thanks",
        "resolved_at": response.json()["resolved_at"],
        "rated_at": response.json()["rated_at"],
    }
    rating = Rating.objects.get()
    assert (rating.ticket, rating.score, rating.rated_by) == (ticket, 4, alice)
    assert rating.resolved_at == Ticket.objects.get(pk=ticket.pk).resolved_at


def test_second_rating_of_the_same_resolution_replaces_the_first(
    client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    _rate(client_for(alice), ticket, score=2, comment="Slow")
    response = _rate(client_for(alice), ticket, score=5)
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "")


def test_a_new_resolution_after_a_reopen_gets_a_new_rating(
    client_for: Client, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    _rate(client_for(alice), ticket, score=2)
    with _later(timedelta(minutes=5), tick=True):
        services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
        services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
        assert _rate(client_for(alice), ticket, score=5).status_code == 201
    assert sorted(Rating.objects.values_list("score", flat=True)) == [2, 5]


def test_only_a_resolved_ticket_can_be_rated(client_for: Client, alice: User) -> None:
    ticket = TicketFactory.create(created_by=alice)
    response = _rate(client_for(alice), ticket, score=5)
    assert response.status_code == 400
    assert response.json() == {"detail": "Only a resolved ticket can be rated."}
    assert not Rating.objects.exists()


def test_another_requester_gets_404(
    client_for: Client, alice: User, bob: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    assert _rate(client_for(bob), ticket, score=1).status_code == 404
    assert not Rating.objects.exists()


def test_staff_who_did_not_open_it_get_403(client_for: Client, alice: User, charlie: User) -> None:
    ticket = _resolved(alice, charlie)
    response = _rate(client_for(charlie), ticket, score=5)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the person who opened the ticket can rate it."}


def test_anonymous_gets_401(anon: APIClient, alice: User, charlie: User) -> None:
    assert _rate(anon, _resolved(alice, charlie), score=5).status_code == 401


@pytest.mark.parametrize("score", [0, 6, "5", None, 4.5])
def test_score_must_be_a_whole_number_from_1_to_5(
    client_for: Client, alice: User, charlie: User, score: object
) -> None:
    response = _rate(client_for(alice), _resolved(alice, charlie), score=score)
    assert response.status_code == 400
    assert "score" in response.json()


def test_comment_has_a_maximum_length(client_for: Client, alice: User, charlie: User) -> None:
    response = _rate(client_for(alice), _resolved(alice, charlie), score=3, comment="x" * 2001)
    assert response.status_code == 400
    assert "comment" in response.json()


def test_staff_see_the_rating_on_the_ticket(client_for: Client, alice: User, charlie: User) -> None:
    ticket = _resolved(alice, charlie)
    assert client_for(charlie).get(f"/api/tickets/{ticket.pk}/").json()["rating"] is None
    _rate(client_for(alice), ticket, score=4, comment="Good")
    rating = client_for(charlie).get(f"/api/tickets/{ticket.pk}/").json()["rating"]
    assert {k: rating[k] for k in ("score", "comment", "current")} == {
        "score": 4,
        "comment": "Good",
        "current": True,
    }
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    reopened = client_for(charlie).get(f"/api/tickets/{ticket.pk}/").json()["rating"]
    assert (reopened["score"], reopened["current"]) == (4, False)


# The e-mailed one-click links


def test_resolution_email_carries_one_link_per_score(alice: User, charlie: User) -> None:
    ticket = _resolved(alice, charlie)
    links = _links(ticket)
    assert [tokens.read_token(token).score for token in links] == [1, 2, 3, 4, 5]
    html = Notification.objects.get(event="ticket.status").body_html
    assert html.count("/rate/") == 5


def test_other_status_emails_carry_no_rating_links(alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    assert "/rate/" not in Notification.objects.get(event="ticket.status").body_text


def test_link_records_its_score_without_signing_in(
    anon: APIClient, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    token = _links(ticket)[2]
    response = anon.post(f"/api/ratings/{token}/", {}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["score"], response.json()["ticket_title"]) == (3, ticket.title)
    rating = Rating.objects.get()
    assert (rating.score, rating.rated_by) == (3, alice)


def test_link_then_takes_a_comment_and_keeps_it_on_another_click(
    anon: APIClient, alice: User, charlie: User
) -> None:
    token = _links(_resolved(alice, charlie))[4]
    anon.post(f"/api/ratings/{token}/", {}, format="json")
    response = anon.post(
        f"/api/ratings/{token}/", {"comment": "Thanks!", "score": 4}, format="json"
    )
    assert response.status_code == 200
    anon.post(f"/api/ratings/{token}/", {}, format="json")  # the e-mail's link clicked again
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "Thanks!")


def test_link_expires_when_the_ticket_is_reopened(
    anon: APIClient, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    token = _links(ticket)[4]
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    response = anon.post(f"/api/ratings/{token}/", {}, format="json")
    assert response.status_code == 400
    with _later(timedelta(minutes=1), tick=True):
        services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
        # Resolved again: the old link rates nothing, the new e-mail's does.
        response = anon.post(f"/api/ratings/{token}/", {}, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "detail": "This rating link has expired: the ticket was reopened since."
        }
        assert anon.post(f"/api/ratings/{_links(ticket)[4]}/", {}, format="json").status_code == 201
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("token", ["nonsense", "a:b:c"])
def test_a_forged_link_gets_404(anon: APIClient, token: str) -> None:
    response = anon.post(f"/api/ratings/{token}/", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "This rating link is invalid or has expired."}


def test_a_link_with_its_score_changed_is_refused(
    anon: APIClient, alice: User, charlie: User
) -> None:
    ticket = _resolved(alice, charlie)
    claim = tokens.read_token(_links(ticket)[0])
    forged = signing.dumps(
        {"t": ticket.pk, "r": claim.resolved_at.isoformat(), "s": 5}, salt="another", compress=True
    )
    assert anon.post(f"/api/ratings/{forged}/", {}, format="json").status_code == 404


def test_an_old_link_has_expired(anon: APIClient, alice: User, charlie: User) -> None:
    token = _links(_resolved(alice, charlie))[4]
    with _later(timedelta(days=31), tick=True):
        assert anon.post(f"/api/ratings/{token}/", {}, format="json").status_code == 404


# The summary report's block


def test_csat_summary_counts_averages_and_positive_share(alice: User, charlie: User) -> None:
    assert csat_summary() == {"count": 0, "average": None, "positive_pct": None}
    for score in (5, 4, 2):
        _rating(_resolved(alice, charlie), score)
    assert csat_summary() == {"count": 3, "average": 3.67, "positive_pct": 66.7}


def test_csat_summary_is_limited_to_the_tickets_and_period_given(
    alice: User, bob: User, charlie: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    mine, theirs = _resolved(alice, charlie), _resolved(bob, charlie)
    resolved_at = _rating(mine, 5).resolved_at
    _rating(theirs, 1)
    assert csat_summary(tickets=Ticket.objects.filter(created_by=alice))["average"] == 5.0
    later = resolved_at + timedelta(days=1)
    assert csat_summary(resolved_after=later)["count"] == 0
    assert csat_summary(resolved_before=later)["count"] == 2
    with django_assert_num_queries(1):
        csat_summary(tickets=Ticket.objects.all(), resolved_after=resolved_at)
