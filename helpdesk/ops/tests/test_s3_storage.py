"""Attachments in an S3-compatible bucket (SPEC 5), against a real S3 API on
loopback (moto's server): the same rules and download headers as local disk."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from conftest import s3_client, s3_objects
from helpdesk.accounts.models import User
from helpdesk.tickets.models import Attachment, Ticket
from helpdesk.tickets.tests.files import EXE, PDF, PNG, assert_downloads, create, download, upload

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def bucket_down(settings: Settings, options: dict[str, Any]) -> None:
    """Point the app at an address where no S3 server answers."""
    settings.STORAGES = {
        **settings.STORAGES,
        "s3": {
            **settings.STORAGES["s3"],
            "OPTIONS": {**options, "endpoint_url": "http://127.0.0.1:9"},
        },
    }


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("screenshot.png", PNG, "image/png", "inline"),
        ("invoice.pdf", PDF, "application/pdf", "inline"),
        ("notes.txt", b"plain words\n", "text/plain; charset=utf-8", "attachment"),
    ],
    ids=["png", "pdf", "txt"],
)
def test_an_upload_is_a_private_object_and_downloads_with_the_same_headers(
    client_for: ClientFor,
    alice: User,
    s3_storage: dict[str, Any],
    name: str,
    content: bytes,
    content_type: str,
    disposition: str,
) -> None:
    body = upload(client_for(alice), name, content)

    attachment = Attachment.objects.get()
    assert attachment.storage == "s3"
    key = str(attachment.file.name)
    assert key.startswith("attachments/") and name not in key  # a generated key
    assert s3_objects(s3_storage) == {key: content}
    grants = s3_client(s3_storage).get_object_acl(Bucket=s3_storage["bucket_name"], Key=key)
    assert [g["Permission"] for g in grants["Grants"]] == ["FULL_CONTROL"]  # the owner only
    assert all("URI" not in g["Grantee"] for g in grants["Grants"])  # no AllUsers grant
    assert_downloads(body["attachment"], name, content, content_type, disposition)


def test_the_upload_rules_are_the_same(
    client_for: ClientFor, alice: User, s3_storage: dict[str, Any]
) -> None:
    response = create(client_for(alice), "setup.png", EXE)

    assert response.status_code == 400
    assert s3_objects(s3_storage) == {}


def test_deleting_the_ticket_deletes_the_object(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    s3_storage: dict[str, Any],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket_id = upload(client_for(alice), "invoice.pdf", PDF)["id"]
    assert len(s3_objects(s3_storage)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(charlie).delete(f"/api/tickets/{ticket_id}/")

    assert response.status_code == 204
    assert s3_objects(s3_storage) == {}


def test_replacing_the_attachment_deletes_the_old_object(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    s3_storage: dict[str, Any],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket_id = upload(client_for(alice), "invoice.pdf", PDF)["id"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(charlie).patch(
            f"/api/tickets/{ticket_id}/",
            {"attachment": SimpleUploadedFile("a.png", PNG)},
            format="multipart",
        )

    assert response.status_code == 200, response.json()
    assert list(s3_objects(s3_storage).values()) == [PNG]


def test_a_bucket_that_is_down_is_a_503_and_nothing_is_written(
    client_for: ClientFor, alice: User, s3_storage: dict[str, Any], settings: Settings
) -> None:
    bucket_down(settings, s3_storage)

    response = create(client_for(alice), "invoice.pdf", PDF)

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The file storage is not answering, so nothing was saved. "
        "Try again in a few minutes."
    }
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_missing_bucket_is_a_503_too(
    client_for: ClientFor, alice: User, s3_storage: dict[str, Any], settings: Settings
) -> None:
    settings.STORAGES["s3"]["OPTIONS"] = {**s3_storage, "bucket_name": "no-such-bucket"}

    response = create(client_for(alice), "invoice.pdf", PDF)

    assert response.status_code == 503
    assert not Ticket.objects.exists()


def test_a_download_while_the_bucket_is_down_is_a_503(
    client_for: ClientFor, alice: User, s3_storage: dict[str, Any], settings: Settings
) -> None:
    url = upload(client_for(alice), "invoice.pdf", PDF)["attachment"]
    bucket_down(settings, s3_storage)

    response = download(url)

    assert response.status_code == 503
    assert "storage is not answering" in response.json()["detail"]


def test_an_object_deleted_behind_the_apps_back_is_a_404(
    client_for: ClientFor, alice: User, s3_storage: dict[str, Any]
) -> None:
    url = upload(client_for(alice), "invoice.pdf", PDF)["attachment"]
    s3_client(s3_storage).delete_object(
        Bucket=s3_storage["bucket_name"], Key=str(Attachment.objects.get().file.name)
    )

    assert download(url).status_code == 404


def test_readiness_checks_the_bucket(s3_storage: dict[str, Any], settings: Settings) -> None:
    assert Client().get("/api/health/ready/").json()["checks"]["storage"] == "ok"

    bucket_down(settings, s3_storage)
    response = Client().get("/api/health/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"
