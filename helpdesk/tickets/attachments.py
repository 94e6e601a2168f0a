"""Attachment rules: what may be uploaded, where it is stored, how it is downloaded.

A file is accepted only when its extension is on the allow-list AND its
content is what that extension claims (magic bytes, and for images a full
decode), so an HTML page renamed `.png` never reaches storage.
"""

import os
import re
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from rest_framework import serializers

# Extension -> the MIME types its content may be detected as.
_BINARY_TYPES: dict[str, set[str]] = {
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "pdf": {"application/pdf"},
    "doc": {"application/msword"},
    "xls": {"application/vnd.ms-excel"},
    "ppt": {"application/vnd.ms-powerpoint"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/vnd.oasis.opendocument.presentation"},
}
_TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
_IMAGE_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
ALLOWED_EXTENSIONS = sorted([*_BINARY_TYPES, *_TEXT_TYPES])

# Markup that a browser could render as a page: refused even in a .txt file.
_MARKUP = re.compile(rb"^\s*(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe)", re.I)
# Bytes that never occur in real text (NUL and other C0 controls except \t \n \f \r).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_SNIFF_BYTES = 8192
_SIGNING_SALT = "helpdesk.attachment"


@dataclass(frozen=True)
class InspectedUpload:
    file: UploadedFile
    name: str
    extension: str
    content_type: str
    size: int


def inspect_upload(upload: UploadedFile) -> InspectedUpload:
    """Check an upload against the rules; raise a ValidationError that says why."""
    name = _clean_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = upload.size or 0
    if size == 0:
        raise serializers.ValidationError("The file is empty.")
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES / (1024 * 1024)
        raise serializers.ValidationError(f"The file is too large: the limit is {limit:g} MB.")

    head = _read_head(upload)
    if extension in ("html", "htm", "svg", "xhtml") or _MARKUP.match(head):
        raise serializers.ValidationError(
            "HTML and SVG files are not allowed: they can run scripts in a browser."
        )
    if extension not in _BINARY_TYPES and extension not in _TEXT_TYPES:
        raise serializers.ValidationError(
            f"Files of type '.{extension or '(none)'}' are not allowed. "
            f"Allowed: {', '.join(ALLOWED_EXTENSIONS)}."
        )
    content_type = (
        _check_text(upload, extension)
        if extension in _TEXT_TYPES
        else _check_binary(upload, head, extension)
    )
    return InspectedUpload(
        file=upload, name=name, extension=extension, content_type=content_type, size=size
    )


def _clean_name(name: str) -> str:
    # Only the last path component, no control characters, at most 255 bytes:
    # the name is shown to people and sent back in Content-Disposition.
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "attachment"
    while len(name.encode()) > 255:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:-1]}{dot}{ext}" if dot and len(ext) < 16 else name[:-1]
    return name


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    return head


def _check_binary(upload: UploadedFile, head: bytes, extension: str) -> str:
    kind = filetype.guess(head)
    expected = _BINARY_TYPES[extension]
    if kind is None or kind.mime not in expected:
        found = f"a {kind.extension.upper()} file" if kind else "unrecognised data"
        raise serializers.ValidationError(
            f"The file's content ({found}) does not match its extension '.{extension}'."
        )
    if kind.mime in _IMAGE_FORMATS:
        _check_image(upload, _IMAGE_FORMATS[kind.mime])
    return kind.mime


def _check_image(upload: UploadedFile, expected_format: str) -> None:
    try:
        with Image.open(upload) as image:
            if image.format != expected_format:
                raise serializers.ValidationError("The image's format does not match its content.")
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise serializers.ValidationError("The file is not a valid image.") from exc
    finally:
        upload.seek(0)


def _check_text(upload: UploadedFile, extension: str) -> str:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if _BINARY_BYTES.search(data):
        raise serializers.ValidationError(
            f"The file is not plain text, as its extension '.{extension}' claims."
        )
    try:
        data.decode("utf-8")
        charset = "utf-8"
    except UnicodeDecodeError:
        charset = "windows-1252"  # spreadsheet exports on Windows
    return f"{_TEXT_TYPES[extension]}; charset={charset}"


def store_upload(upload: InspectedUpload) -> str:
    """Save the file under a server-generated name; return the storage name."""
    now = timezone.now()
    name = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{upload.extension}"
    upload.file.seek(0)
    return default_storage.save(name, upload.file)


def delete_stored(name: str) -> None:
    default_storage.delete(name)


def sign(attachment_id: uuid.UUID) -> str:
    return signing.TimestampSigner(salt=_SIGNING_SALT).sign(str(attachment_id))


def unsign(token: str) -> uuid.UUID:
    """Return the attachment id in a signed token; raise signing.BadSignature
    (or its subclass SignatureExpired) when it is tampered with or too old."""
    value = signing.TimestampSigner(salt=_SIGNING_SALT).unsign(
        token, max_age=settings.ATTACHMENT_URL_MAX_AGE
    )
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise signing.BadSignature("Malformed attachment id.") from exc
