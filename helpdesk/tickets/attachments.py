"""Attachment rules: what may be uploaded, where it is stored, how it is downloaded.

A file is accepted only when its extension is on the allow-list AND its
content is what that extension claims (magic bytes, and for images a full
decode), so an HTML page renamed `.png` never reaches storage. Images are
then re-encoded, and the re-encoded copy is what gets stored: anything
appended after the image data (an HTML/PNG polyglot) and all metadata (EXIF
GPS position, comments, text chunks) are gone.
"""

import hashlib
import io
import logging
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image, ImageOps, JpegImagePlugin
from rest_framework import serializers
from rest_framework.exceptions import APIException

from helpdesk.ops.storage import attachment_storage
from helpdesk.tickets.models import Attachment

logger = logging.getLogger(__name__)

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
# Office Open XML and OpenDocument files are ZIP archives.
_ZIP_EXTENSIONS = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
ALLOWED_EXTENSIONS = sorted([*_BINARY_TYPES, *_TEXT_TYPES])

# Markup that a browser could render as a page: refused even in a .txt file.
_MARKUP = re.compile(rb"^\s*(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe)", re.I)
# Bytes that never occur in real text (NUL and other C0 controls except \t \n \f \r).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_SNIFF_BYTES = 8192
_SIGNING_SALT = "helpdesk.attachment"
_NAME_MAX_BYTES = 255
# Longer "extensions" are part of the name, not a type, and may be cut.
_EXTENSION_MAX_CHARS = 16
# Readers accept %%EOF anywhere in the last kilobyte (trailing junk is common).
_PDF_EOF_WINDOW = 1024
# A real document expands a few times when unzipped, rarely more than 20x;
# a ZIP bomb expands thousands of times.
_ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
_ZIP_MAX_RATIO = 100
_ZIP_MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class InspectedUpload:
    # For images this is the re-encoded copy, and size is its size.
    file: File
    name: str
    extension: str
    content_type: str
    size: int


def inspect_upload(upload: UploadedFile) -> InspectedUpload:
    """Check an upload against the rules; raise a ValidationError that says why.

    The result is what will be stored: for an image, its re-encoded copy."""
    name = _clean_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = upload.size or 0
    if size == 0:
        raise serializers.ValidationError("The file is empty.")
    _check_size(size)

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
    if extension in _TEXT_TYPES:
        content_type = _check_text(upload, extension)
        return InspectedUpload(
            file=upload, name=name, extension=extension, content_type=content_type, size=size
        )

    content_type = _check_binary(upload, head, extension)
    if content_type in _IMAGE_FORMATS:
        data = _reencode_image(upload, _IMAGE_FORMATS[content_type])
        # Re-encoding rarely grows a file, but what is stored must obey the limit.
        _check_size(len(data))
        return InspectedUpload(
            file=ContentFile(data, name=name),
            name=name,
            extension=extension,
            content_type=content_type,
            size=len(data),
        )
    if content_type == "application/pdf":
        _check_pdf(upload)
    elif extension in _ZIP_EXTENSIONS:
        _check_zip(upload, extension)
    return InspectedUpload(
        file=upload, name=name, extension=extension, content_type=content_type, size=size
    )


def _clean_name(name: str) -> str:
    # The name is only shown to people and sent back in Content-Disposition
    # (storage names are generated), so it keeps what it can: the last path
    # component, without control or invisible format characters (NUL, a
    # right-to-left override that makes "gpj.exe" look like "exe.jpg"), not
    # hidden (no leading dot), and at most 255 bytes of UTF-8 with its
    # extension intact.
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    # Windows drops trailing dots and spaces, so "a.exe." would save as "a.exe".
    name = name.strip().lstrip(".").rstrip(". ").strip()
    if not name:
        return "attachment"
    if len(name.encode()) <= _NAME_MAX_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _EXTENSION_MAX_CHARS:
        stem, dot, extension = name, "", ""
    room = _NAME_MAX_BYTES - len(f"{dot}{extension}".encode())
    # Cut on a character boundary: a half multi-byte character is dropped.
    stem = stem.encode()[:room].decode(errors="ignore").rstrip(". ")
    return f"{stem}{dot}{extension}"


def _check_size(size: int) -> None:
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES / (1024 * 1024)
        raise serializers.ValidationError(f"The file is too large: the limit is {limit:g} MB.")


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
    return kind.mime


def _pixel_limit_error() -> serializers.ValidationError:
    return serializers.ValidationError(
        f"The image is too large: at most {settings.ATTACHMENT_MAX_PIXELS:,} pixels "
        "(width x height, all frames of an animation together) are allowed."
    )


def _reencode_image(upload: UploadedFile, expected_format: str) -> bytes:
    """Decode the image and encode it again; return the new file's bytes."""
    lossless = expected_format == "WEBP" and _webp_is_lossless(upload)
    upload.seek(0)
    try:
        # Opening reads only the header; pixel data is decoded later, and
        # only once the declared size has passed the pixel limit.
        with Image.open(upload, formats=[expected_format]) as image:
            if image.width * image.height > settings.ATTACHMENT_MAX_PIXELS:
                raise _pixel_limit_error()
            return _encode_frames(image, expected_format, lossless=lossless)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own limit (about 89 million pixels: a warning, twice that:
        # an error) can be below ours when the setting is raised. The warning
        # is an exception only under `-W error` (as in the tests); otherwise
        # it is logged and our own check above refuses the image.
        raise _pixel_limit_error() from exc
    except serializers.ValidationError:
        raise
    except Exception as exc:
        # Hostile input can make a decoder fail in many ways (OSError,
        # SyntaxError, struct.error, EOFError, ...): all mean "not an image
        # we can use", none may become a server error.
        raise serializers.ValidationError("The file is not a valid image.") from exc
    finally:
        upload.seek(0)


def _encode_frames(image: Image.Image, fmt: str, *, lossless: bool) -> bytes:
    # A phone's JPEG may carry more pictures (MPO: previews, depth maps);
    # only the main one is kept. GIF, PNG and WebP keep their animation.
    n_frames = 1 if fmt == "JPEG" else getattr(image, "n_frames", 1)
    if image.width * image.height * n_frames > settings.ATTACHMENT_MAX_PIXELS:
        raise _pixel_limit_error()
    frames: list[Image.Image] = []
    durations: list[float] = []
    for index in range(n_frames):
        image.seek(index)
        # Transposing decodes the frame and drops the EXIF orientation, so the
        # photo stays upright once its EXIF is gone.
        frame = ImageOps.exif_transpose(image)
        durations.append(image.info.get("duration", 0))
        frames.append(_without_metadata(frame))
    image.seek(0)

    options: dict[str, Any] = {}
    if fmt == "JPEG":
        options = _jpeg_options(image)
    elif fmt == "WEBP":
        # Lossless stays lossless (screenshots: sharp text); photos stay small.
        options = {"lossless": True} if lossless else {"quality": 90}
    if len(frames) > 1:
        options |= {
            "save_all": True,
            "append_images": frames[1:],
            "duration": durations,
            "loop": image.info.get("loop", 0),
        }
    if "icc_profile" in image.info:
        # Colour data, not personal data: without it colours shift.
        options["icc_profile"] = image.info["icc_profile"]
    buffer = io.BytesIO()
    frames[0].save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _without_metadata(frame: Image.Image) -> Image.Image:
    # Savers read some metadata from `info` (EXIF, XMP, comments, text
    # chunks); keep only what drawing the pixels needs.
    clean = frame.copy()
    clean.info = {key: frame.info[key] for key in ("transparency",) if key in frame.info}
    return clean


def _jpeg_options(image: Image.Image) -> dict[str, Any]:
    # Reuse the original quantisation tables and chroma subsampling, so the
    # copy looks the same and is about the same size as the original.
    if isinstance(image, JpegImagePlugin.JpegImageFile) and image.quantization:
        return {
            "qtables": image.quantization,
            "subsampling": JpegImagePlugin.get_sampling(image),
        }
    return {"quality": 90}


def _webp_is_lossless(fp: UploadedFile) -> bool:
    # Pillow does not say which codec a WebP uses: find the first bitstream
    # chunk, VP8 (lossy) or VP8L (lossless), at the top level or in the
    # first animation frame.
    fp.seek(12)  # past "RIFF", the size and "WEBP"
    while header := fp.read(8):
        if len(header) < 8:
            break
        fourcc, size = header[:4], int.from_bytes(header[4:], "little")
        if fourcc == b"ANMF":
            fp.seek(16, os.SEEK_CUR)  # the frame header; its own chunks follow
            continue
        if fourcc in (b"VP8 ", b"VP8L"):
            return fourcc == b"VP8L"
        fp.seek(size + size % 2, os.SEEK_CUR)
    return False


def _check_pdf(upload: UploadedFile) -> None:
    upload.seek(max((upload.size or 0) - _PDF_EOF_WINDOW, 0))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise serializers.ValidationError(
            "The PDF is incomplete (it has no end-of-file marker): upload it again."
        )


def _check_zip(upload: UploadedFile, extension: str) -> None:
    # Only the archive's directory is read; nothing is decompressed.
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise serializers.ValidationError(
            f"The file is not a valid .{extension} document (its archive is damaged)."
        ) from exc
    finally:
        upload.seek(0)
    uncompressed = sum(entry.file_size for entry in entries)
    compressed = max(upload.size or 0, 1)
    if (
        len(entries) > _ZIP_MAX_ENTRIES
        or uncompressed > _ZIP_MAX_UNCOMPRESSED
        or uncompressed / compressed > _ZIP_MAX_RATIO
    ):
        raise serializers.ValidationError(
            f"The .{extension} document unpacks to {uncompressed / (1024 * 1024):,.0f} MB "
            f"in {len(entries):,} parts, which looks like a ZIP bomb: at most "
            f"{_ZIP_MAX_UNCOMPRESSED // (1024 * 1024)} MB and {_ZIP_MAX_RATIO} times its "
            "size are allowed."
        )


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


class StorageDown(APIException):
    status_code = 503
    default_detail = (
        "The file storage is not answering, so nothing was saved. Try again in a few minutes."
    )
    default_code = "storage_unavailable"


def store_upload(upload: InspectedUpload) -> tuple[str, str]:
    """Save the file under a server-generated name in the configured backend;
    return (backend, name). Raise StorageDown (503) when the backend fails."""
    backend = settings.ATTACHMENT_STORAGE
    now = timezone.now()
    name = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{upload.extension}"
    upload.file.seek(0)
    try:
        return backend, attachment_storage(backend).save(name, upload.file)
    except OSError as exc:
        logger.exception("Could not store %s in %s storage", name, backend)
        # A failed write may have left part of the object behind: try to
        # remove it, so nothing half-written stays.
        delete_stored(name, backend=backend)
        raise StorageDown from exc


def delete_stored(name: str, *, backend: str) -> None:
    try:
        attachment_storage(backend).delete(name)
    except OSError:
        # The record is gone already: an orphan file costs space, not
        # correctness, and the operator can find it by this line.
        logger.exception("Could not delete %s from %s storage; remove it by hand", name, backend)


class MoveFailed(Exception):
    pass


def move_stored(attachment: Attachment, *, to: str, keep_source: bool = False) -> bool:
    """Copy an attachment's file to the backend `to`, verify the copy and switch
    the record to it; then delete the original unless `keep_source`.

    False when the record changed meanwhile (then the copy is removed);
    MoveFailed when a backend fails or the copy differs (nothing switched)."""
    name, source_backend = str(attachment.file.name), attachment.storage
    source, target = attachment_storage(source_backend), attachment_storage(to)
    try:
        with source.open(name, "rb") as original:
            data = original.read()
        expected = (len(data), hashlib.sha256(data).hexdigest())
        if expected[0] != attachment.size:
            raise MoveFailed(
                f"the stored file has {expected[0]} bytes, the record {attachment.size}"
            )
        # An interrupted run may have left a copy: keep it if it is whole.
        if _fingerprint(target, name) == expected:
            copy = name
        else:
            if target.exists(name):
                target.delete(name)
            copy = target.save(name, ContentFile(data))
            if _fingerprint(target, copy) != expected:
                target.delete(copy)
                raise MoveFailed(f"the copy in {to} differs from the original")
    except OSError as exc:
        raise MoveFailed(str(exc)) from exc
    switched = Attachment.objects.filter(
        pk=attachment.pk, storage=source_backend, file=name
    ).update(storage=to, file=copy)
    if not switched:
        delete_stored(copy, backend=to)
        return False
    if not keep_source:
        delete_stored(name, backend=source_backend)
    return True


def _fingerprint(storage: Any, name: str) -> tuple[int, str] | None:
    """(size, SHA-256) of a stored file, None if there is none."""
    try:
        with storage.open(name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return None
    return len(data), hashlib.sha256(data).hexdigest()


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
