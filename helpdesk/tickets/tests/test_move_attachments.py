"""`manage.py move_attachments`: local disk -> S3 and back (moto's S3 server
on loopback), verified, resumable and idempotent."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from conftest import s3_client, s3_objects
from helpdesk.accounts.models import User
from helpdesk.ops.storage_s3 import S3AttachmentStorage
from helpdesk.tickets.models import Attachment
from helpdesk.tickets.tests.files import PDF, PNG, download, upload

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def move(to: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("move_attachments", to=to, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def local_files(media: Path) -> dict[str, bytes]:
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


@pytest.fixture
def two_local_files(
    client_for: ClientFor, alice: User, settings: Settings, _private_storage: Path
) -> list[str]:
    settings.ATTACHMENT_STORAGE = "local"
    urls = [
        upload(client_for(alice), "a.png", PNG)["attachment"],
        upload(client_for(alice), "b.pdf", PDF)["attachment"],
    ]
    assert set(local_files(_private_storage).values()) == {PNG, PDF}
    return urls


def test_local_to_s3_and_back(
    two_local_files: list[str], s3_storage: dict[str, Any], _private_storage: Path
) -> None:
    output = move("s3")

    assert "Moved 2 attachment(s)" in output
    assert set(Attachment.objects.values_list("storage", flat=True)) == {"s3"}
    names = set(Attachment.objects.values_list("file", flat=True))
    assert s3_objects(s3_storage).keys() == names
    assert set(s3_objects(s3_storage).values()) == {PNG, PDF}
    assert local_files(_private_storage) == {}
    # The URLs handed out before the move still work: they name the record.
    assert [download(url).body for url in two_local_files] == [PNG, PDF]

    output = move("local")

    assert "Moved 2 attachment(s)" in output
    assert set(Attachment.objects.values_list("storage", flat=True)) == {"local"}
    assert local_files(_private_storage).keys() == names
    assert s3_objects(s3_storage) == {}
    assert [download(url).body for url in two_local_files] == [PNG, PDF]


def test_a_second_run_has_nothing_to_do(
    two_local_files: list[str], s3_storage: dict[str, Any]
) -> None:
    move("s3")

    assert move("s3").startswith("Moved 0 attachment(s), 0.0 MB, to s3; 0 still elsewhere")


def test_a_run_can_stop_and_resume(two_local_files: list[str], s3_storage: dict[str, Any]) -> None:
    first = move("s3", limit=1)

    assert "Moved 1 attachment(s)" in first and "1 still elsewhere" in first
    assert sorted(Attachment.objects.values_list("storage", flat=True)) == ["local", "s3"]

    assert "Moved 1 attachment(s)" in move("s3")
    assert set(Attachment.objects.values_list("storage", flat=True)) == {"s3"}


def test_a_whole_copy_left_by_an_interrupted_run_is_used(
    two_local_files: list[str], s3_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Attachment.objects.order_by("created_at", "pk").first()
    assert first is not None
    client = s3_client(s3_storage)
    client.put_object(Bucket=s3_storage["bucket_name"], Key=str(first.file.name), Body=PNG)
    saves: list[str] = []
    original_save = S3AttachmentStorage._save

    def counting_save(self: S3AttachmentStorage, name: str, content: Any) -> str:
        saves.append(name)
        return original_save(self, name, content)

    monkeypatch.setattr(S3AttachmentStorage, "_save", counting_save)

    move("s3")

    assert saves == [str(Attachment.objects.get(original_name="b.pdf").file.name)]
    assert set(s3_objects(s3_storage).values()) == {PNG, PDF}


def test_a_partial_copy_left_by_an_interrupted_run_is_replaced(
    two_local_files: list[str], s3_storage: dict[str, Any]
) -> None:
    first = Attachment.objects.get(original_name="a.png")
    client = s3_client(s3_storage)
    client.put_object(Bucket=s3_storage["bucket_name"], Key=str(first.file.name), Body=PNG[:10])

    move("s3")

    assert s3_objects(s3_storage)[str(first.file.name)] == PNG


def test_a_copy_that_reads_back_different_is_not_switched(
    two_local_files: list[str],
    s3_storage: dict[str, Any],
    _private_storage: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        S3AttachmentStorage, "_open", lambda self, name, mode="rb": ContentFile(b"garbled")
    )

    with pytest.raises(CommandError, match="2 attachment"):
        move("s3")

    assert set(Attachment.objects.values_list("storage", flat=True)) == {"local"}
    assert set(local_files(_private_storage).values()) == {PNG, PDF}
    assert s3_objects(s3_storage) == {}  # the bad copies are removed
    assert [download(url).body for url in two_local_files] == [PNG, PDF]


def test_a_backend_that_is_down_moves_nothing(
    two_local_files: list[str], s3_storage: dict[str, Any], settings: Settings
) -> None:
    settings.STORAGES["s3"]["OPTIONS"] = {**s3_storage, "endpoint_url": "http://127.0.0.1:9"}

    with pytest.raises(CommandError, match="could not be moved"):
        move("s3")

    assert set(Attachment.objects.values_list("storage", flat=True)) == {"local"}


def test_an_unconfigured_backend_is_named(two_local_files: list[str]) -> None:
    with pytest.raises(Exception, match="CLOUDINARY_URL"):
        move("cloudinary")
