"""Attachments in Cloudinary (SPEC 5): private resources, images as image
resources and everything else as raw, read back through signed, expiring
URLs. Cloudinary's API is a stub on loopback (cloudinary_stub.py)."""

import time
from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl, urlparse

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.ops.storage import attachment_storage
from helpdesk.ops.tests import cloudinary_stub
from helpdesk.ops.tests.cloudinary_stub import API_KEY, CloudinaryStub, expected_signature
from helpdesk.tickets.models import Attachment, Ticket
from helpdesk.tickets.tests.files import PDF, PNG, assert_downloads, create, download, upload

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


@pytest.fixture
def stub() -> Iterator[CloudinaryStub]:
    server = cloudinary_stub.start()
    yield server
    server.stop()


def use_cloudinary(settings: Settings, url: str) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "cloudinary": {
            "BACKEND": "helpdesk.ops.storage_cloudinary.CloudinaryStorage",
            "OPTIONS": {"cloudinary_url": url, "url_max_age": 900},
        },
    }
    settings.ATTACHMENT_STORAGE = "cloudinary"


@pytest.fixture
def cloudinary(settings: Settings, stub: CloudinaryStub) -> CloudinaryStub:
    use_cloudinary(settings, stub.url)
    return stub


def assert_signed(params: dict[str, str]) -> None:
    assert params["api_key"] == API_KEY
    assert params["signature"] == expected_signature(params)


@pytest.mark.parametrize(
    ("name", "content", "resource_type", "public_id_suffix", "content_type", "disposition"),
    [
        ("screenshot.png", PNG, "image", "", "image/png", "inline"),
        ("invoice.pdf", PDF, "raw", ".pdf", "application/pdf", "inline"),
        ("notes.txt", b"plain words\n", "raw", ".txt", "text/plain; charset=utf-8", "attachment"),
    ],
    ids=["png", "pdf", "txt"],
)
def test_an_upload_is_a_private_resource_of_the_right_type(
    client_for: ClientFor,
    alice: User,
    cloudinary: CloudinaryStub,
    name: str,
    content: bytes,
    resource_type: str,
    public_id_suffix: str,
    content_type: str,
    disposition: str,
) -> None:
    body = upload(client_for(alice), name, content)

    attachment = Attachment.objects.get()
    assert attachment.storage == "cloudinary"
    (sent,) = cloudinary.calls
    assert sent.method == "POST"
    assert sent.path == f"/v1_1/demo/{resource_type}/upload"
    assert sent.params["type"] == "private"
    assert sent.params["public_id"].startswith("attachments/")
    assert sent.params["public_id"].endswith(public_id_suffix)
    assert str(attachment.file.name).startswith(sent.params["public_id"])
    assert sent.file == content
    assert_signed(sent.params)

    assert_downloads(body["attachment"], name, content, content_type, disposition)
    fetch = cloudinary.calls[-1]
    assert fetch.method == "GET"
    assert fetch.path == f"/v1_1/demo/{resource_type}/download"
    assert fetch.params["type"] == "private"
    assert time.time() < int(fetch.params["expires_at"]) <= time.time() + 60
    assert_signed(fetch.params)


def test_the_storage_url_is_signed_and_expires_never_public(cloudinary: CloudinaryStub) -> None:
    url = attachment_storage("cloudinary").url("attachments/2026/12/abc.pdf")

    parsed = urlparse(url)
    params = dict(parse_qsl(parsed.query))
    assert parsed.path == "/v1_1/demo/raw/download"
    assert params["public_id"] == "attachments/2026/12/abc.pdf"
    assert params["type"] == "private"
    assert time.time() + 800 < int(params["expires_at"]) <= time.time() + 900
    assert_signed(params)
    assert "res.cloudinary.com" not in url and "/upload/" not in url


def test_authenticated_delivery_can_be_chosen(settings: Settings, stub: CloudinaryStub) -> None:
    use_cloudinary(settings, stub.url)
    settings.STORAGES["cloudinary"]["OPTIONS"]["delivery_type"] = "authenticated"

    attachment_storage("cloudinary").save("attachments/x.png", ContentFile(PNG))

    assert stub.calls[-1].params["type"] == "authenticated"


def test_deleting_the_ticket_destroys_the_resource(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    cloudinary: CloudinaryStub,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ticket_id = upload(client_for(alice), "invoice.pdf", PDF)["id"]
    assert len(cloudinary.resources) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(charlie).delete(f"/api/tickets/{ticket_id}/").status_code == 204

    destroy = cloudinary.calls[-1]
    assert destroy.path == "/v1_1/demo/raw/destroy"
    assert destroy.params["type"] == "private"
    assert destroy.params["invalidate"] in ("1", "true")
    assert_signed(destroy.params)
    assert cloudinary.resources == {}


def test_cloudinary_down_is_a_503_and_nothing_is_written(
    client_for: ClientFor, alice: User, settings: Settings, stub: CloudinaryStub
) -> None:
    use_cloudinary(settings, stub.url)
    stub.stop()

    response = create(client_for(alice), "invoice.pdf", PDF)

    assert response.status_code == 503
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_refused_signature_is_a_503(
    client_for: ClientFor, alice: User, settings: Settings, stub: CloudinaryStub
) -> None:
    use_cloudinary(settings, stub.url.replace("stub-secret", "wrong-secret"))

    response = create(client_for(alice), "invoice.pdf", PDF)

    assert response.status_code == 503
    assert not Ticket.objects.exists()


def test_a_resource_gone_from_cloudinary_is_a_404(
    client_for: ClientFor, alice: User, cloudinary: CloudinaryStub
) -> None:
    url = upload(client_for(alice), "invoice.pdf", PDF)["attachment"]
    cloudinary.resources.clear()

    assert download(url).status_code == 404


def test_exists_and_size_ask_the_admin_api(cloudinary: CloudinaryStub) -> None:
    storage = attachment_storage("cloudinary")
    storage.save("attachments/a.pdf", ContentFile(PDF))

    assert storage.exists("attachments/a.pdf")
    assert storage.size("attachments/a.pdf") == len(PDF)
    assert not storage.exists("attachments/b.pdf")
    assert cloudinary.calls[-1].path == "/v1_1/demo/resources/raw/private/attachments/b.pdf"


def test_readiness_pings_cloudinary(settings: Settings, stub: CloudinaryStub) -> None:
    use_cloudinary(settings, stub.url)
    assert Client().get("/api/health/ready/").json()["checks"]["storage"] == "ok"
    assert stub.calls[-1].path == "/v1_1/demo/ping"

    stub.stop()
    use_cloudinary(settings, stub.url)  # a new storage: no remembered ping
    response = Client().get("/api/health/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"
