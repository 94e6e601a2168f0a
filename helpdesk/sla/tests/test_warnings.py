"""At-risk warnings: at 80 % of a target's business time, once per target,
to the assignee (every active staff member while unassigned), by e-mail and
a live event; the scheduler scans once however many run."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.core.tests.threads import run_in_threads
from helpdesk.notifications.models import Notification
from helpdesk.realtime.groups import STAFF, account_group
from helpdesk.sla import services as sla_services
from helpdesk.sla.models import SlaWarning
from helpdesk.sla.services import sla_warn_at_risk
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket

MONDAY_10 = datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    sent: list[tuple[str, dict[str, Any]]] = []

    def record(payloads: dict[str, dict[str, Any]]) -> None:
        sent.extend(payloads.items())

    monkeypatch.setattr(sla_services, "broadcast", record)
    return sent


def critical(requester: User, **fields: Any) -> Ticket:
    return services.ticket_create(
        actor=requester,
        title="Server down",
        description="All of it",
        category="Technical",
        priority="Critical",
        **fields,
    )


def warnings_mailed() -> list[tuple[str, str]]:
    rows = Notification.objects.filter(event="ticket.sla_at_risk").order_by("to_email")
    return [(n.to_email, n.subject) for n in rows]


@pytest.mark.django_db
def test_nothing_is_warned_before_80_percent(alice: User, charlie: User, clock: Any) -> None:
    critical(alice)
    clock.shift(timedelta(minutes=47))

    assert sla_warn_at_risk() == 0
    assert warnings_mailed() == []


@pytest.mark.django_db
def test_the_assignee_is_warned_once_per_target(
    alice: User,
    charlie: User,
    clock: Any,
    events: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    dana = UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    ticket = critical(charlie, assignee=dana)  # staff may assign on create
    clock.shift(timedelta(minutes=48))  # 80 % of the first hour

    with django_capture_on_commit_callbacks(execute=True):
        assert sla_warn_at_risk() == 1
    assert sla_warn_at_risk() == 0

    assert warnings_mailed() == [("dana@example.com", f"[#{ticket.pk}] SLA at risk: Server down")]
    [(group, payload)] = events
    assert group == account_group(dana.pk)
    assert (payload["type"], payload["target"], payload["ticket"]["id"]) == (
        "ticket.sla_at_risk",
        "first_response",
        ticket.pk,
    )
    # 80 % of the 4 h resolution: 13:12.
    clock.move_to(datetime(2026, 12, 7, 13, 12, tzinfo=UTC))
    assert sla_warn_at_risk() == 1
    assert set(SlaWarning.objects.values_list("target", flat=True)) == {
        "first_response",
        "resolution",
    }


@pytest.mark.django_db
def test_an_unassigned_ticket_warns_every_active_staff_member(
    alice: User,
    charlie: User,
    clock: Any,
    events: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    UserFactory.create(username="dana", email="dana@example.com", is_staff=True)
    UserFactory.create(username="gone", email="gone@example.com", is_staff=True, is_active=False)
    critical(alice)
    clock.shift(timedelta(minutes=48))

    with django_capture_on_commit_callbacks(execute=True):
        sla_warn_at_risk()

    assert [to for to, _ in warnings_mailed()] == ["charlie@example.com", "dana@example.com"]
    assert [group for group, _ in events] == [STAFF]


@pytest.mark.django_db
def test_a_met_or_breached_target_is_not_warned(alice: User, charlie: User, clock: Any) -> None:
    answered = critical(alice)
    critical(alice)
    services.comment_create(ticket=answered, actor=charlie, body="On it")
    clock.shift(timedelta(hours=1, minutes=1))  # the unanswered one is breached

    sla_warn_at_risk()

    assert not SlaWarning.objects.filter(target="first_response").exists()


@pytest.mark.django_db
def test_a_paused_resolution_clock_warns_only_once_it_runs_again(
    alice: User, charlie: User, clock: Any
) -> None:
    ticket = critical(alice)
    services.comment_create(ticket=ticket, actor=charlie, body="Which server?")
    services.ticket_update(ticket=ticket, actor=charlie, changes={"waiting_on_requester": True})
    clock.move_to(datetime(2026, 12, 7, 16, tzinfo=UTC))
    sla_warn_at_risk()
    assert not SlaWarning.objects.exists()

    services.comment_create(ticket=ticket, actor=alice, body="The mail one")  # resumes
    # Paused 10:00-16:00 (6 h): resolution due after 10 business hours,
    # Tuesday 12:00; 80 % of the 4 h target plus the pause is Tuesday 11:12.
    clock.move_to(datetime(2026, 12, 8, 11, 11, tzinfo=UTC))
    assert sla_warn_at_risk() == 0
    clock.move_to(datetime(2026, 12, 8, 11, 12, tzinfo=UTC))

    assert sla_warn_at_risk() == 1


@pytest.mark.django_db
def test_a_new_priority_warns_again_about_its_new_due_time(
    alice: User, charlie: User, clock: Any
) -> None:
    ticket = critical(alice)
    clock.shift(timedelta(minutes=48))
    assert sla_warn_at_risk() == 1

    # High: the first response is due in 4 business hours, 80 % at 13:12.
    services.ticket_update(ticket=ticket, actor=charlie, changes={"priority": "High"})
    assert not SlaWarning.objects.exists()
    clock.move_to(datetime(2026, 12, 7, 13, 11, tzinfo=UTC))
    assert sla_warn_at_risk() == 0
    clock.move_to(datetime(2026, 12, 7, 13, 12, tzinfo=UTC))

    assert sla_warn_at_risk() == 1
    assert len(warnings_mailed()) == 2


@pytest.mark.django_db
def test_a_change_that_keeps_the_due_time_does_not_warn_again(
    alice: User, charlie: User, clock: Any
) -> None:
    ticket = critical(alice)
    clock.shift(timedelta(minutes=48))
    sla_warn_at_risk()

    services.ticket_update(ticket=ticket, actor=charlie, changes={"category": "Billing"})
    services.ticket_update(ticket=ticket, actor=charlie, changes={"priority": "Critical"})

    assert sla_warn_at_risk() == 0
    assert len(warnings_mailed()) == 1


@pytest.mark.django_db
def test_the_command_scans_once(alice: User, charlie: User, clock: Any) -> None:
    critical(alice)
    clock.shift(timedelta(minutes=48))

    call_command("sla_scheduler", "--once")

    assert SlaWarning.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_send_each_warning_once(alice: User, charlie: User) -> None:
    """On PostgreSQL the second scheduler skips the locked scan row and
    returns; on SQLite it waits for the first and finds nothing left."""
    with time_machine.travel(MONDAY_10, tick=False):
        tickets = [critical(alice) for _ in range(20)]
    later = MONDAY_10 + timedelta(minutes=48)
    results: list[int | None] = []

    def scan() -> None:
        results.append(sla_warn_at_risk(now=later))

    errors = run_in_threads(scan, scan, together=True)

    assert errors == []
    assert sorted(results, key=lambda n: -1 if n is None else n) in ([None, 20], [0, 20])
    assert SlaWarning.objects.count() == len(tickets)
    assert len(warnings_mailed()) == len(tickets)  # charlie, once per ticket


@pytest.mark.django_db(transaction=True)
def test_a_second_scheduler_skips_a_scan_in_progress(alice: User, charlie: User) -> None:
    """While one scheduler holds the scan (here: inside its transaction, as
    it queues e-mails), another returns at once without warning anyone."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the second waits instead of skipping")
    with time_machine.travel(MONDAY_10, tick=False):
        critical(alice)
    later = MONDAY_10 + timedelta(minutes=48)
    holding, release = threading.Event(), threading.Event()
    results: list[int | None] = []
    original = sla_services._warn

    def slow_warn(ticket: Ticket, target: str) -> None:
        original(ticket, target)
        holding.set()
        release.wait(timeout=30)

    def first() -> None:
        results.append(sla_warn_at_risk(now=later))

    def second() -> None:
        holding.wait(timeout=30)
        results.append(sla_warn_at_risk(now=later))
        release.set()

    sla_services._warn = slow_warn
    try:
        errors = run_in_threads(first, second, timeout=60)
    finally:
        sla_services._warn = original

    assert errors == []
    assert results == [None, 1]
    assert SlaWarning.objects.count() == 1
