"""The storage and operations settings refuse what they cannot use, by name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_choice
from helpdesk.ops.storage_cloudinary import CloudinaryStorage

ROOT = Path(__file__).resolve().parents[3]


def test_env_choice_names_the_variable_and_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='xml' is not one of: plain, json"):
        env_choice("LOG_FORMAT", "plain", ("plain", "json"))


def test_env_choice_ignores_case_and_falls_back_when_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOG_FORMAT", " JSON ")
    assert env_choice("LOG_FORMAT", "plain", ("plain", "json")) == "json"
    monkeypatch.setenv("LOG_FORMAT", "")
    assert env_choice("LOG_FORMAT", "plain", ("plain", "json")) == "plain"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ATTACHMENT_STORAGE": "s3"}, "ATTACHMENT_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"ATTACHMENT_STORAGE": "ftp"}, "ATTACHMENT_STORAGE='ftp' is not one of"),
    ],
)
def test_startup_stops_on_a_storage_it_cannot_use(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "DATA_DIR": str(tmp_path), "AWS_STORAGE_BUCKET_NAME": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "url", ["https://key:secret@cloud", "cloudinary://key@cloud", "cloudinary://key:secret@"]
)
def test_a_malformed_cloudinary_url_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="CLOUDINARY_URL must look like"):
        CloudinaryStorage(cloudinary_url=url)


def test_public_delivery_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="private or authenticated"):
        CloudinaryStorage(cloudinary_url="cloudinary://k:s@c", delivery_type="upload")
