"""Fair auto-assignment (SPEC 4g). charlie and dave are staff; alice opens tickets."""

from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.assignment.admin import AssignmentSettingsAdmin
from helpdesk.assignment.models import AssignmentSettings
from helpdesk.assignment.selectors import forget_settings
from helpdesk.assignment.services import assignment_settings_save, staff_set_available
from helpdesk.core.tests.threads import run_in_threads
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db
Client = Callable[[User | None], APIClient]


def _switch_on(actor: User, *, cap: int = 20) -> None:
    assignment_settings_save(
        settings=AssignmentSettings(enabled=True, max_open_per_person=cap), actor=actor
    )


def _staff(name: str, *, available: bool = True, **fields: object) -> User:
    return UserFactory.create(username=name, is_staff=True, available=available, **fields)


def _new(actor: User, title: str = "Printer") -> Ticket:
    return services.ticket_create(actor=actor, title=title, description="D", category="Other")


def _load(user: User) -> int:
    return Ticket.objects.filter(assignee=user, status__in=["New", "Under Review"]).count()


def test_the_assignee_is_told_it_was_automatic(alice: User, charlie: User) -> None:
    dave = _staff("dave")
    _switch_on(charlie)
    _new(alice)
    email = Notification.objects.get(event="ticket.assigned")
    assert (email.recipient, "Auto-assignment gave you this new ticket.") == (
        dave,
        email.body_text.split("\n\n")[1].strip(),
    )


def test_off_by_default_new_tickets_stay_unassigned(alice: User) -> None:
    _staff("dave")
    assert _new(alice).assignee is None


def test_new_ticket_goes_to_the_available_staff_member_with_fewest_open(
    alice: User, charlie: User
) -> None:
    busy, free = _staff("busy"), _staff("free")
    _switch_on(charlie)
    services.ticket_create(
        actor=charlie, title="x", description="d", category="Other", assignee=busy
    )
    assert _new(alice).assignee == free


def test_ties_go_to_whoever_was_assigned_least_recently(alice: User, charlie: User) -> None:
    long_ago = timezone.now() - timedelta(days=2)
    recent, earlier = (
        _staff("recent", last_assigned_at=timezone.now() - timedelta(hours=1)),
        _staff("earlier", last_assigned_at=long_ago),
    )
    _switch_on(charlie)
    assert _new(alice).assignee == earlier
    assert _new(alice).assignee == recent  # now equal load; recent was given one longer ago
    assert [_load(recent), _load(earlier)] == [1, 1]


def test_never_an_unavailable_or_inactive_or_non_staff_user(alice: User, charlie: User) -> None:
    _staff("away", available=False)
    _staff("gone", is_active=False)
    UserFactory.create(username="requester", available=True)
    _switch_on(charlie)
    assert _new(alice).assignee is None


def test_no_one_is_given_more_than_the_cap_the_rest_wait(alice: User, charlie: User) -> None:
    dave = _staff("dave")
    _switch_on(charlie, cap=2)
    tickets = [_new(alice, f"T{n}") for n in range(3)]
    assert [t.assignee for t in tickets] == [dave, dave, None]


def test_becoming_available_serves_the_queue_oldest_first_up_to_the_cap(
    alice: User, charlie: User
) -> None:
    _switch_on(charlie, cap=2)
    for n in range(3):
        _new(alice, f"T{n}")
    dave = _staff("dave", available=False)
    staff_set_available(user=dave, available=True)
    assigned = dict(Ticket.objects.values_list("title", "assignee"))
    assert assigned == {"T0": dave.pk, "T1": dave.pk, "T2": None}


def test_resolving_a_ticket_makes_room_for_the_oldest_waiting(alice: User, charlie: User) -> None:
    dave = _staff("dave")
    _switch_on(charlie, cap=1)
    mine, waiting = _new(alice, "Mine"), _new(alice, "Waiting")
    assert (mine.assignee, waiting.assignee) == (dave, None)
    services.ticket_change_status(ticket=mine, actor=dave, status="Resolved")
    assert Ticket.objects.get(pk=waiting.pk).assignee == dave


def test_reassigning_makes_room_for_the_oldest_waiting(alice: User, charlie: User) -> None:
    dave = _staff("dave")
    _switch_on(charlie, cap=1)
    mine, waiting = _new(alice, "Mine"), _new(alice, "Waiting")
    services.ticket_update(ticket=mine, actor=charlie, changes={"assignee": charlie})
    assert Ticket.objects.get(pk=waiting.pk).assignee == dave


def test_the_queue_is_not_served_while_off(alice: User, charlie: User) -> None:
    waiting = _new(alice)
    staff_set_available(user=_staff("dave", available=False), available=True)
    assert Ticket.objects.get(pk=waiting.pk).assignee is None


def test_create_costs_one_cached_query_while_off(
    client_for: Client, alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(alice)
    body = {"title": "t", "description": "d", "category": "Other"}
    assert client.post("/api/tickets/", body, format="json").status_code == 201
    with CaptureQueriesContext(connection) as warm:
        client.post("/api/tickets/", body, format="json")
    forget_settings()
    with django_assert_num_queries(len(warm.captured_queries) + 1):
        client.post("/api/tickets/", body, format="json")


# Availability through /api/auth/me/


def test_staff_set_their_availability(client_for: Client, charlie: User) -> None:
    response = client_for(charlie).patch("/api/auth/me/", {"available": True}, format="json")
    assert response.status_code == 200
    assert response.json()["available"] is True
    charlie.refresh_from_db()
    assert charlie.available is True


def test_requesters_cannot_be_available(client_for: Client, alice: User) -> None:
    response = client_for(alice).patch("/api/auth/me/", {"available": True}, format="json")
    assert response.status_code == 400
    assert response.json() == {"available": ["Only staff can be available for assignment."]}
    alice.refresh_from_db()
    assert alice.available is False


# The admin's settings


def test_only_superusers_edit_the_settings(charlie: User) -> None:
    admin = AssignmentSettingsAdmin(AssignmentSettings, site)
    request = RequestFactory().get("/admin/")
    request.user = charlie
    assert not admin.has_change_permission(request)
    request.user = UserFactory.create(is_staff=True, is_superuser=True)
    assert admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_switching_on_serves_the_queue_and_defaults_to_twenty(alice: User, charlie: User) -> None:
    assert AssignmentSettings().max_open_per_person == 20
    waiting = _new(alice)
    dave = _staff("dave")
    _switch_on(charlie)
    assert Ticket.objects.get(pk=waiting.pk).assignee == dave


# Concurrency: two tickets created at once never both take the last place.


@pytest.mark.django_db(transaction=True)
def test_tickets_created_at_once_never_push_anyone_over_the_cap(alice: User, charlie: User) -> None:
    staff = [_staff(f"agent{n}") for n in range(2)]
    _switch_on(charlie, cap=2)

    def create(n: int) -> None:
        _new(alice, f"Race {n}")

    errors = run_in_threads(*(partial(create, n) for n in range(6)), together=True, timeout=60)
    assert errors == []
    assert [_load(user) for user in staff] == [2, 2]
    assert Ticket.objects.filter(assignee__isnull=True).count() == 2
