import pytest
from django.test import Client

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.tickets.models import StatusHistory, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def inline_forms(ticket: Ticket | None) -> dict[str, str]:
    """The management forms of the read-only inlines, as the admin page posts them."""
    counts = {
        "status_history": ticket.status_history.count() if ticket else 0,
        "activity": ticket.activity.count() if ticket else 0,
    }
    data: dict[str, str] = {}
    for prefix, count in counts.items():
        data |= {
            f"{prefix}-TOTAL_FORMS": str(count),
            f"{prefix}-INITIAL_FORMS": str(count),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


@pytest.fixture
def admin_client(db: None) -> tuple[Client, User]:
    root = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    return client, root


def test_status_change_in_the_admin_is_recorded_in_history(
    admin_client: tuple[Client, User], alice: User
) -> None:
    client, root = admin_client
    ticket = TicketFactory.create(created_by=alice, title="Old", category="Billing")

    response = client.post(
        f"/admin/tickets/ticket/{ticket.id}/change/",
        {
            "title": "Old",
            "description": ticket.description,
            "category": "Billing",
            "status": "Resolved",
            "priority": "Medium",
            **inline_forms(ticket),
            "status_history-0-id": str(ticket.status_history.get().id),
            "status_history-0-ticket": str(ticket.id),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert ticket.status == "Resolved"
    assert list(ticket.status_history.values_list("status", "changed_by")) == [
        ("New", alice.id),
        ("Resolved", root.id),
    ]


def test_ticket_added_in_the_admin_gets_its_first_history_entry(
    admin_client: tuple[Client, User],
) -> None:
    client, root = admin_client

    response = client.post(
        "/admin/tickets/ticket/add/",
        {
            "title": "From the admin",
            "description": "Phoned in",
            "category": "General",
            "status": "Under Review",
            "priority": "High",
            **inline_forms(None),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    assert ticket.created_by == root
    assert list(ticket.status_history.values_list("status", flat=True)) == ["Under Review"]


def test_admin_pages_render_with_history_inline(
    admin_client: tuple[Client, User], alice: User
) -> None:
    client, _ = admin_client
    ticket = TicketFactory.create(created_by=alice)

    assert client.get("/admin/tickets/ticket/").status_code == 200
    page = client.get(f"/admin/tickets/ticket/{ticket.id}/change/")
    assert page.status_code == 200
    assert b"status history" in page.content.lower()


def test_history_cannot_be_edited_or_deleted_in_the_admin(
    admin_client: tuple[Client, User], alice: User
) -> None:
    client, _ = admin_client
    ticket = TicketFactory.create(created_by=alice)

    client.post(
        f"/admin/tickets/ticket/{ticket.id}/change/",
        {
            "title": ticket.title,
            "description": ticket.description,
            "category": ticket.category,
            "status": ticket.status,
            "priority": "Medium",
            **inline_forms(ticket),
            "status_history-0-id": str(ticket.status_history.get().id),
            "status_history-0-ticket": str(ticket.id),
            "status_history-0-status": "Resolved",
            "status_history-0-DELETE": "on",
        },
    )

    assert list(StatusHistory.objects.values_list("status", flat=True)) == ["New"]


def test_deleting_in_the_admin_goes_through_the_service(
    admin_client: tuple[Client, User], alice: User
) -> None:
    client, _ = admin_client
    tickets = TicketFactory.create_batch(2, created_by=alice)

    response = client.post(
        "/admin/tickets/ticket/",
        {"action": "delete_selected", "_selected_action": [t.id for t in tickets], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Ticket.objects.exists()
