"""Comments, internal notes, activity, priority and assignment (SPEC 4b)."""

from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.tickets import services
from helpdesk.tickets.models import Activity, Comment, Ticket
from helpdesk.tickets.tests.factories import TicketFactory
from helpdesk.tickets.tests.files import PNG, download

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def _snapshot() -> list[Any]:
    return [
        *Ticket.objects.values_list("id", "status", "priority", "assignee_id", "updated_at"),
        *Comment.objects.values_list("id", "body", "internal"),
        *Activity.objects.values_list("id", "kind"),
    ]


MATRIX = [
    # (method, path, body, {persona: status})
    (
        "get",
        "/api/tickets/{id}/comments/",
        None,
        {"anon": 401, "owner": 200, "other": 404, "staff": 200},
    ),
    (
        "post",
        "/api/tickets/{id}/comments/",
        {"body": "Any news?"},
        {"anon": 401, "owner": 201, "other": 404, "staff": 201},
    ),
    (
        "post",
        "/api/tickets/{id}/comments/",
        {"body": "Looks like fraud", "internal": True},
        {"anon": 401, "owner": 400, "other": 404, "staff": 201},
    ),
    (
        "get",
        "/api/tickets/{id}/activity/",
        None,
        {"anon": 401, "owner": 200, "other": 404, "staff": 200},
    ),
    (
        "patch",
        "/api/tickets/{id}/",
        {"priority": "High"},
        {"anon": 401, "owner": 403, "other": 404, "staff": 200},
    ),
    (
        "patch",
        "/api/tickets/{id}/",
        {"assignee": "{staff_id}"},
        {"anon": 401, "owner": 403, "other": 404, "staff": 200},
    ),
    (
        "get",
        "/api/users/?is_staff=true",
        None,
        {"anon": 401, "owner": 403, "other": 403, "staff": 200},
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "persona", "expected"),
    [
        pytest.param(m, p, b, persona, code, id=f"{m}-{p}-{b}-{persona}")
        for m, p, b, cells in MATRIX
        for persona, code in cells.items()
    ],
)
def test_authorization_matrix_for_conversation_endpoints(
    client_for: ClientFor,
    alice: User,
    bob: User,
    charlie: User,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    persona: str,
    expected: int,
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    user = {"anon": None, "owner": alice, "other": bob, "staff": charlie}[persona]
    if body and body.get("assignee") == "{staff_id}":
        body = {"assignee": charlie.id}
    before = _snapshot()

    response = getattr(client_for(user), method)(path.format(id=ticket.id), body, format="json")

    assert response.status_code == expected
    if expected >= 400:
        assert _snapshot() == before, "a refused request changed data"


def test_comment_contract(client_for: ClientFor, alice: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(alice).post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "It happens again"}, format="json"
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert response.json() == {
        "id": comment.id,
        "body": "It happens again",
        "internal": False,
        "attachment": None,
        "attachment_name": None,
        "attachment_content_type": None,
        "attachment_size": None,
        "attachments": [],
        "author": {"id": alice.id, "username": "alice", "email": "alice@example.com"},
        "created_at": comment.created_at.isoformat().replace("+00:00", "Z"),
    }


def test_requester_never_sees_internal_notes_anywhere(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    services.comment_create(ticket=ticket, actor=charlie, body="Public answer")
    services.comment_create(ticket=ticket, actor=charlie, body="SECRET note", internal=True)
    requester, staff = client_for(alice), client_for(charlie)

    comments = requester.get(f"/api/tickets/{ticket.id}/comments/").json()
    activity = requester.get(f"/api/tickets/{ticket.id}/activity/").json()
    listed = requester.get("/api/tickets/").json()["results"][0]
    detail = requester.get(f"/api/tickets/{ticket.id}/").json()

    assert [c["body"] for c in comments] == ["Public answer"]
    assert "SECRET" not in str(activity)
    assert [a["kind"] for a in activity] == ["comment"]
    assert listed["comments_count"] == 1
    assert detail["comments_count"] == 1
    assert len(staff.get(f"/api/tickets/{ticket.id}/comments/").json()) == 2
    assert staff.get("/api/tickets/").json()["results"][0]["comments_count"] == 2


def test_comments_are_oldest_first(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)
    for body in ("first", "second", "third"):
        services.comment_create(ticket=ticket, actor=charlie, body=body)

    comments = client_for(alice).get(f"/api/tickets/{ticket.id}/comments/").json()

    assert [c["body"] for c in comments] == ["first", "second", "third"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({}, "body"),
        ({"body": "ok", "internal": "maybe"}, "internal"),
    ],
)
def test_comment_input_is_validated(
    client_for: ClientFor, alice: User, body: dict[str, Any], field: str
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(alice).post(f"/api/tickets/{ticket.id}/comments/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Comment.objects.exists()


def test_a_comment_of_10000_characters_is_accepted(client_for: ClientFor, alice: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(alice).post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "x" * 10_000}, format="json"
    )

    assert response.status_code == 201


def test_comment_with_attachment_follows_the_upload_rules(
    client_for: ClientFor, alice: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    client = client_for(alice)
    url = f"/api/tickets/{ticket.id}/comments/"

    ok = client.post(
        url, {"body": "see", "attachment": SimpleUploadedFile("s.png", PNG)}, format="multipart"
    )
    bad = client.post(
        url,
        {"body": "see", "attachment": SimpleUploadedFile("s.png", b"<html>")},
        format="multipart",
    )

    assert ok.status_code == 201
    assert ok.json()["attachment_content_type"] == "image/png"
    assert download(ok.json()["attachment"]).body == PNG
    assert bad.status_code == 400
    assert "attachment" in bad.json()
    assert Comment.objects.count() == 1


def test_requester_reply_reopens_a_resolved_ticket(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")

    client_for(alice).post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "Still broken"}, format="json"
    )

    ticket.refresh_from_db()
    assert ticket.status == "Under Review"
    assert list(ticket.status_history.values_list("status", "changed_by")) == [
        ("New", alice.id),
        ("Resolved", charlie.id),
        ("Under Review", alice.id),
    ]


def test_staff_reply_does_not_reopen(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")

    client_for(charlie).post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "Closing note"}, format="json"
    )

    ticket.refresh_from_db()
    assert ticket.status == "Resolved"


def test_activity_records_every_kind_of_change_oldest_first(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    created = (
        client_for(alice)
        .post(
            "/api/tickets/",
            {"title": "Old", "description": "D", "category": "Other", "priority": "Low"},
            format="json",
        )
        .json()
    )
    staff = client_for(charlie)
    url = f"/api/tickets/{created['id']}/"
    staff.patch(url, {"status": "Under Review"}, format="json")
    staff.patch(url, {"priority": "Critical"}, format="json")
    staff.patch(url, {"assignee": charlie.id}, format="json")
    staff.patch(url, {"title": "New", "category": "Billing"}, format="json")
    staff.post(f"{url}comments/", {"body": "On it"}, format="json")

    activity = client_for(alice).get(f"{url}activity/").json()

    assert [(a["kind"], a["actor"]["id"], a["data"]) for a in activity] == [
        ("created", alice.id, {"status": "New", "priority": "Low", "assignee": None}),
        ("status", charlie.id, {"from": "New", "to": "Under Review"}),
        ("priority", charlie.id, {"from": "Low", "to": "Critical"}),
        ("assignee", charlie.id, {"from": None, "to": {"id": charlie.id, "username": "charlie"}}),
        (
            "edited",
            charlie.id,
            {
                "fields": ["title", "category"],
                "title": {"from": "Old", "to": "New"},
                "category": {"from": "Other", "to": "Billing"},
            },
        ),
        (
            "comment",
            charlie.id,
            {"comment_id": Comment.objects.get().id, "internal": False, "excerpt": "On it"},
        ),
    ]
    assert set(activity[0]) == {"id", "kind", "actor", "at", "data"}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema, for jsonschema."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


def test_every_activity_entry_matches_the_schema_of_its_kind(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    # The SPA's timeline relies on one shape of `data` per kind (no casts):
    # this fails when what the services record drifts from what the schema says.
    schema = _json_schema(SchemaGenerator().get_schema(request=None, public=True))
    staff = client_for(charlie)
    created = staff.post(
        "/api/tickets/",
        {"title": "T", "description": "D", "category": "Other", "assignee": charlie.id},
        format="json",
    ).json()
    url = f"/api/tickets/{created['id']}/"
    staff.patch(url, {"status": "Resolved", "priority": "High", "assignee": None}, format="json")
    staff.post(f"{url}rating/", {"score": 4}, format="json")  # staff who opened it may rate
    staff.post(f"{url}rating/", {"score": 2}, format="json")
    staff.patch(url, {"description": "Only this"}, format="json")
    staff.patch(url, {"title": "U", "category": "Billing"}, format="json")
    for name in ("a.png", "b.png"):
        staff.patch(url, {"attachment": SimpleUploadedFile(name, PNG)}, format="multipart")
    staff.patch(url, {"attachment": None}, format="json")
    staff.post(f"{url}comments/", {"body": "Note", "internal": True}, format="json")
    staff.patch(url, {"status": "Under Review"}, format="json")
    for waiting in (True, False):
        staff.patch(url, {"waiting_on_requester": waiting}, format="json")

    activity = staff.get(f"{url}activity/").json()

    assert {entry["kind"] for entry in activity} == set(Activity.Kind)
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/Activity", "components": schema["components"]}
    )
    for entry in activity:
        validator.validate(entry)
    # …and the shape of its own kind, not any: status data is no comment's.
    assert activity[1]["kind"] == "status"
    assert not validator.is_valid({**activity[1], "kind": "comment"})


def test_requester_chooses_priority_but_not_assignee_on_create(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    response = client_for(alice).post(
        "/api/tickets/",
        {
            "title": "T",
            "description": "D",
            "category": "Other",
            "priority": "High",
            "assignee": charlie.id,
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["priority"] == "High"
    assert response.json()["assignee"] is None


def test_new_ticket_defaults_to_medium_priority(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).post(
        "/api/tickets/", {"title": "T", "description": "D", "category": "Other"}, format="json"
    )

    assert response.json()["priority"] == "Medium"


@pytest.mark.parametrize("assignee", ["requester", 999_999, "text", "inactive-staff"])
def test_only_an_active_staff_user_can_be_assigned(
    client_for: ClientFor, alice: User, charlie: User, assignee: Any
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    if assignee == "requester":
        assignee = alice.id
    elif assignee == "inactive-staff":
        assignee = UserFactory.create(is_staff=True, is_active=False).id

    response = client_for(charlie).patch(
        f"/api/tickets/{ticket.id}/", {"assignee": assignee}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert not Activity.objects.exists()


def test_assignee_can_be_cleared(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice, assignee=charlie)

    response = client_for(charlie).patch(
        f"/api/tickets/{ticket.id}/", {"assignee": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["assignee"] is None


def test_filters_by_priority_and_assignee(client_for: ClientFor, charlie: User) -> None:
    dave = UserFactory.create(username="dave", is_staff=True)
    mine = TicketFactory.create(assignee=charlie, priority="High")
    theirs = TicketFactory.create(assignee=dave, priority="Low")
    nobody = TicketFactory.create(priority="High")
    client = client_for(charlie)

    def ids(params: dict[str, Any]) -> set[int]:
        response = client.get("/api/tickets/", params)
        assert response.status_code == 200, response.json()
        return {t["id"] for t in response.json()["results"]}

    assert ids({"assignee": "me"}) == {mine.id}
    assert ids({"assignee": "none"}) == {nobody.id}
    assert ids({"assignee": dave.id}) == {theirs.id}
    assert ids({"priority": "High"}) == {mine.id, nobody.id}
    assert client.get("/api/tickets/", {"assignee": "someone"}).status_code == 400
    assert client.get("/api/tickets/", {"priority": "Urgent"}).status_code == 400


def test_ordering_by_priority_is_by_urgency(client_for: ClientFor, charlie: User) -> None:
    for priority in ("Medium", "Critical", "Low", "High"):
        TicketFactory.create(priority=priority)

    results = client_for(charlie).get("/api/tickets/", {"ordering": "-priority"}).json()

    assert [t["priority"] for t in results["results"]] == ["Critical", "High", "Medium", "Low"]


def test_ordering_by_updated_at(client_for: ClientFor, alice: User, charlie: User) -> None:
    older, newer = TicketFactory.create(), TicketFactory.create()
    services.comment_create(ticket=older, actor=charlie, body="bump")

    results = client_for(charlie).get("/api/tickets/", {"ordering": "-updated_at"}).json()

    assert [t["id"] for t in results["results"]] == [older.id, newer.id]


def test_staff_directory_lists_active_staff(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    UserFactory.create(username="gone", is_staff=True, is_active=False)

    body = client_for(charlie).get("/api/users/", {"is_staff": "true"}).json()

    assert body["results"] == [
        {"id": charlie.id, "username": "charlie", "email": "charlie@example.com"}
    ]


def _conversation(ticket: Ticket, staff: User, notes: int) -> None:
    for n in range(notes):
        services.comment_create(ticket=ticket, actor=staff, body=f"note {n}", internal=n % 2 == 0)


@pytest.mark.parametrize("notes", [1, 30])
def test_comment_and_activity_query_counts_are_constant(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    notes: int,
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    _conversation(ticket, charlie, notes)
    client = client_for(charlie)

    # user lookup, the ticket (visibility), the comments with authors and first
    # files, all their files
    with django_assert_num_queries(4):
        client.get(f"/api/tickets/{ticket.id}/comments/")
    with django_assert_num_queries(3):
        client.get(f"/api/tickets/{ticket.id}/activity/")
