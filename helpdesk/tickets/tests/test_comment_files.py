"""Comments with up to 5 files (SPEC 4e): multipart `attachments` repeated,
`attachments: [{url, name, content_type, size}]`, `attachment` the first."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Attachment, Comment
from helpdesk.tickets.tests.factories import TicketFactory
from helpdesk.tickets.tests.files import EXE, PDF, PNG, download

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse as TestResponse

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]
TEXT = b"printer log\nline 2\n"


def _post(
    client: APIClient, ticket_id: int, files: list[tuple[str, bytes]], **fields: object
) -> "TestResponse":
    body = {
        "body": "See attached",
        "attachments": [SimpleUploadedFile(name, content) for name, content in files],
        **fields,
    }
    return client.post(f"/api/tickets/{ticket_id}/comments/", body, format="multipart")


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_a_comment_carries_several_files_in_order(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    files = [("shot.png", PNG), ("invoice.pdf", PDF), ("log.txt", TEXT)]

    response = _post(client_for(alice), ticket.id, files)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(f["name"], f["content_type"]) for f in body["attachments"]] == [
        ("shot.png", "image/png"),
        ("invoice.pdf", "application/pdf"),
        ("log.txt", "text/plain; charset=utf-8"),
    ]
    assert body["attachments"][2]["size"] == len(TEXT)
    first = body["attachments"][0]
    assert (body["attachment"], body["attachment_name"]) == (first["url"], "shot.png")
    assert download(body["attachments"][1]["url"]).body == PDF
    # The same, in order, when the conversation is read, by both sides.
    for user in (alice, charlie):
        [listed] = client_for(user).get(f"/api/tickets/{ticket.id}/comments/").json()
        assert [f["name"] for f in listed["attachments"]] == ["shot.png", "invoice.pdf", "log.txt"]


def test_the_single_attachment_field_still_works_and_comes_first(
    client_for: ClientFor, alice: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = _post(
        client_for(alice),
        ticket.id,
        [("b.pdf", PDF)],
        attachment=SimpleUploadedFile("a.png", PNG),
    )

    assert response.status_code == 201, response.json()
    assert [f["name"] for f in response.json()["attachments"]] == ["a.png", "b.pdf"]
    assert response.json()["attachment_name"] == "a.png"


def test_a_comment_without_files_has_none(client_for: ClientFor, alice: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(alice).post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "Hi"}, format="json"
    )

    assert (response.json()["attachment"], response.json()["attachments"]) == (None, [])


@pytest.mark.parametrize("single", [False, True])
def test_six_files_are_a_400_and_none_is_stored(
    client_for: ClientFor, alice: User, _private_storage: Path, single: bool
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    extra = {"attachment": SimpleUploadedFile("extra.png", PNG)} if single else {}
    files = [(f"{n}.png", PNG) for n in range(5 if single else 6)]

    response = _post(client_for(alice), ticket.id, files, **extra)

    assert response.status_code == 400
    assert "attachments" in response.json()
    assert not Comment.objects.exists()
    assert not Attachment.objects.exists()
    assert _stored_files(_private_storage) == []


def test_one_refused_file_stores_none(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    files = [("ok.png", PNG), ("setup.exe", EXE), ("ok.pdf", PDF)]

    response = _post(client_for(alice), ticket.id, files)

    assert response.status_code == 400
    [message] = response.json()["attachments"]
    assert message.startswith("setup.exe: Files of type '.exe' are not allowed.")
    assert not Comment.objects.exists()
    assert not Attachment.objects.exists()
    assert _stored_files(_private_storage) == []


def test_the_quota_counts_every_file_of_the_comment(
    client_for: ClientFor, alice: User, _private_storage: Path, settings: Settings
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    settings.ATTACHMENT_QUOTA_BYTES = 2 * len(PDF) + len(TEXT) - 1

    response = _post(
        client_for(alice), ticket.id, [("a.pdf", PDF), ("b.pdf", PDF), ("c.txt", TEXT)]
    )

    assert response.status_code == 400
    assert "Not enough storage left" in response.json()["attachment"][0]
    assert not Attachment.objects.exists()
    assert _stored_files(_private_storage) == []


def test_a_failed_write_removes_every_stored_file(
    client_for: ClientFor,
    alice: User,
    _private_storage: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("helpdesk.tickets.notify.comment_created", fail)
    client = client_for(alice)
    client.raise_request_exception = False

    response = _post(client, ticket.id, [("a.pdf", PDF), ("b.png", PNG)])

    assert response.status_code == 500
    assert not Attachment.objects.exists()
    assert _stored_files(_private_storage) == []


def test_files_on_another_users_ticket_are_404_and_not_stored(
    client_for: ClientFor, alice: User, bob: User, _private_storage: Path
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = _post(client_for(bob), ticket.id, [("a.pdf", PDF)])

    assert response.status_code == 404
    assert _stored_files(_private_storage) == []


def test_a_requester_never_gets_the_files_of_an_internal_note(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    note = _post(client_for(charlie), ticket.id, [("secret.pdf", PDF)], internal="true")

    assert note.status_code == 201
    assert client_for(alice).get(f"/api/tickets/{ticket.id}/comments/").json() == []


def test_deleting_the_ticket_deletes_every_comment_file(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    _private_storage: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    _post(client_for(alice), ticket.id, [("a.pdf", PDF), ("b.png", PNG)])
    assert len(_stored_files(_private_storage)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(charlie).delete(f"/api/tickets/{ticket.id}/").status_code == 204

    assert not Attachment.objects.exists()
    assert _stored_files(_private_storage) == []
