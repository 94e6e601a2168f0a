import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Attachment, Ticket
from helpdesk.tickets.tests.files import (
    EXE,
    HTML,
    JPEG,
    PDF,
    PNG,
    SVG,
    assert_downloads,
    create,
    download,
    upload,
)

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("screenshot.png", PNG, "image/png", "inline"),
        ("photo.JPG", JPEG, "image/jpeg", "inline"),
        ("invoice.pdf", PDF, "application/pdf", "inline"),
        ("notes.txt", "Grüße\n".encode(), "text/plain; charset=utf-8", "attachment"),
        (
            "members.csv",
            b"name,email\nann,ann@example.com\n",
            "text/csv; charset=utf-8",
            "attachment",
        ),
    ],
)
def test_accepted_upload_comes_back_unchanged_with_safe_headers(
    client_for: ClientFor,
    alice: User,
    name: str,
    content: bytes,
    content_type: str,
    disposition: str,
) -> None:
    body = upload(client_for(alice), name, content)

    assert body["attachment_name"] == name
    assert body["attachment_content_type"] == content_type
    assert body["attachment_size"] == len(content)

    assert_downloads(body["attachment"], name, content, content_type, disposition)


def test_stored_file_name_is_generated_by_the_server(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    create(client_for(alice), "../../etc/passwd.png", PNG)

    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.png"
    assert "passwd" not in str(attachment.file.name)
    assert (_private_storage / str(attachment.file.name)).read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.png", HTML, "HTML and SVG"),
        ("polyglot.png", PNG[:16] + HTML, "not a valid image"),
        ("drawing.svg", SVG, "HTML and SVG"),
        ("drawing.png", SVG, "HTML and SVG"),
        ("setup.exe", EXE, "not allowed"),
        ("setup.pdf", EXE, "does not match"),
        ("photo.png", JPEG, "does not match"),
        ("empty.png", b"", "empty"),
        ("binary.txt", b"text\x00\x01binary", "not plain text"),
        ("noextension", PNG, "not allowed"),
    ],
)
def test_refused_upload_is_a_400_on_attachment_and_stores_nothing(
    client_for: ClientFor,
    alice: User,
    _private_storage: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    response = create(client_for(alice), name, content)

    assert response.status_code == 400
    errors = response.json()["attachment"]
    assert any(message in error for error in errors), errors
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in _private_storage.rglob("*"))


def test_upload_over_the_size_limit_is_a_400(client_for: ClientFor, alice: User) -> None:
    eleven_mb = PNG + b"\x00" * (11 * 1024 * 1024)

    response = create(client_for(alice), "huge.png", eleven_mb)

    assert response.status_code == 400
    assert response.json()["attachment"] == ["The file is too large: the limit is 10 MB."]


def test_body_far_over_the_limit_is_refused_with_413_before_reading(
    client_for: ClientFor, alice: User, settings: Settings
) -> None:
    settings.REQUEST_MAX_BYTES = 1000

    response = create(client_for(alice), "big.png", PNG + b"\x00" * 2000)

    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_tampered_signed_url_is_refused(client_for: ClientFor, alice: User) -> None:
    url = upload(client_for(alice), "a.png", PNG)["attachment"]
    other = Attachment.objects.get().pk.hex[::-1]

    tampered = url.replace(str(Attachment.objects.get().pk), str(other)[:36])

    assert download(tampered).status_code == 404
    assert download(url[:-3] + "xx/").status_code == 404


def test_expired_signed_url_is_refused(
    client_for: ClientFor, alice: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = upload(client_for(alice), "a.png", PNG)["attachment"]
    later = time.time() + settings.ATTACHMENT_URL_MAX_AGE + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = download(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_deleting_a_ticket_deletes_its_file(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    _private_storage: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket_id = upload(client_for(alice), "a.png", PNG)["id"]
    stored = _private_storage / str(Attachment.objects.get().file.name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(charlie).delete(f"/api/tickets/{ticket_id}/")

    assert response.status_code == 204
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_staff_can_replace_and_remove_an_attachment(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    _private_storage: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket_id = upload(client_for(alice), "a.png", PNG)["id"]
    first = _private_storage / str(Attachment.objects.get().file.name)
    staff = client_for(charlie)

    with django_capture_on_commit_callbacks(execute=True):
        replaced = staff.patch(
            f"/api/tickets/{ticket_id}/",
            {"attachment": SimpleUploadedFile("b.pdf", PDF)},
            format="multipart",
        )
    assert replaced.status_code == 200
    assert replaced.json()["attachment_name"] == "b.pdf"
    assert not first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        removed = staff.patch(f"/api/tickets/{ticket_id}/", {"attachment": None}, format="json")
    assert removed.status_code == 200
    assert removed.json()["attachment"] is None
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in _private_storage.rglob("*"))


def test_pdf_may_be_framed_by_the_app_but_images_are_sandboxed(
    client_for: ClientFor, alice: User
) -> None:
    client = client_for(alice)
    pdf = download(upload(client, "a.pdf", PDF)["attachment"])
    png = download(upload(client, "a.png", PNG)["attachment"])

    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    assert "sandbox" in png["Content-Security-Policy"]
