"""Hostile and malformed uploads: each one is refused (400 on `attachment`,
nothing stored) or neutralised (stored re-encoded, without its payload)."""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, GifImagePlugin, Image
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets import attachments
from helpdesk.tickets.models import Attachment, Comment, Ticket
from helpdesk.tickets.tests.files import EXE, HTML, PDF, PNG, SVG, create

ClientFor = Callable[[User | None], APIClient]

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a pixel flood)."""
    ihdr = struct.pack(">II", width, height) + PNG[24:29]
    chunk = b"IHDR" + ihdr
    return PNG[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + PNG[33:]


def office_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office_zip(
    {
        "word/document.xml": b"<w:document>" + b"<w:p>Hello</w:p>" * 50 + b"</w:document>",
        "[Content_Types].xml": b"<Types/>",
    }
)
ZIP_BOMB_DOCX = office_zip(
    {"word/document.xml": b"<w:document/>", "word/media/bomb.xml": b"\x00" * (20 * 1024 * 1024)}
)


def animated_gif(frames: int, size: int = 8, comment: bytes = b"") -> bytes:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    images = [Image.new("RGB", (size, size), colours[i % 4]) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=100,
        loop=0,
        comment=comment,
    )
    return buffer.getvalue()


def photo_with_gps_facing_sideways() -> bytes:
    """A 4x2 JPEG that a camera held upright stored sideways (EXIF
    orientation 6: turn 90 degrees clockwise to show it), with the GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 10.0)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def stored_bytes(media: Path) -> bytes:
    return (media / str(Attachment.objects.get().file.name)).read_bytes()


def assert_refused(response: Any, media: Path, message: str) -> None:
    assert response.status_code == 400, response.json()
    errors = response.json()["attachment"]
    errors = errors if isinstance(errors, list) else [errors]
    assert any(message in error for error in errors), errors
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def comment(client: APIClient, ticket_id: int, name: str, content: bytes) -> Any:
    return client.post(
        f"/api/tickets/{ticket_id}/comments/",
        {"body": "Here is the file", "attachment": SimpleUploadedFile(name, content)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", SVG, "HTML and SVG"),
        ("page.html", HTML, "HTML and SVG"),
        ("page.txt", HTML, "HTML and SVG"),
        ("setup.exe", EXE, "not allowed"),
        ("invoice.pdf", EXE, "does not match"),
        ("report.docx", EXE, "does not match"),
        ("photo.jpg", PNG, "does not match"),
        ("report.pdf", PDF[: PDF.index(b"%%EOF")], "PDF is incomplete"),
        ("report.docx", ZIP_BOMB_DOCX, "looks like a ZIP bomb"),
        ("report.docx", DOCX[: len(DOCX) // 2], "archive is damaged"),
        ("flood.png", png_declaring(50_000, 50_000), "image is too large"),
        ("flood.png", png_declaring(7_000, 7_000), "image is too large"),
        ("broken.png", PNG[:40], "not a valid image"),
        ("empty.png", b"", "empty"),
        ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "not allowed"),
        (".htaccess", b"Options +ExecCGI\n", "not allowed"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_hostile_upload_is_refused_with_a_400_and_nothing_stored(
    client_for: ClientFor,
    alice: User,
    _private_storage: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    response = create(client_for(alice), name, content)

    assert_refused(response, _private_storage, message)
    assert not Ticket.objects.exists()


def test_upload_over_the_size_limit_is_refused(
    client_for: ClientFor, alice: User, _private_storage: Path, settings: Settings
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = create(client_for(alice), "scan.pdf", PDF + b"%" * (1024 * 1024))

    assert_refused(response, _private_storage, "too large: the limit is 1 MB")


@pytest.mark.parametrize(
    ("pixels_allowed", "content"),
    [
        # Above Pillow's own warning threshold (89 million pixels), below its error.
        (10**9, png_declaring(10_000, 10_000)),
        # Above Pillow's error threshold: refused before Pillow allocates anything.
        (10**10, png_declaring(50_000, 50_000)),
    ],
    ids=["pillow-warning", "pillow-error"],
)
def test_pillows_own_bomb_check_is_a_400_not_a_server_error(
    client_for: ClientFor,
    alice: User,
    _private_storage: Path,
    settings: Settings,
    pixels_allowed: int,
    content: bytes,
) -> None:
    settings.ATTACHMENT_MAX_PIXELS = pixels_allowed

    response = create(client_for(alice), "flood.png", content)

    assert_refused(response, _private_storage, "image is too large")


def test_pixel_limit_counts_every_frame_of_an_animation(
    client_for: ClientFor, alice: User, _private_storage: Path, settings: Settings
) -> None:
    settings.ATTACHMENT_MAX_PIXELS = 150  # one 8x8 frame fits, three do not

    response = create(client_for(alice), "loop.gif", animated_gif(frames=3))

    assert_refused(response, _private_storage, "at most 150 pixels")


def test_png_with_html_appended_is_stored_without_the_html(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    polyglot = PNG + b"<html>" + SCRIPT + b"</html>"

    response = create(client_for(alice), "screenshot.png", polyglot)

    assert response.status_code == 201, response.json()
    stored = stored_bytes(_private_storage)
    assert b"<script" not in stored
    assert response.json()["attachment_name"] == "screenshot.png"
    assert response.json()["attachment_content_type"] == "image/png"
    assert response.json()["attachment_size"] == len(stored)
    assert Image.open(io.BytesIO(stored)).getpixel((0, 0)) == (200, 30, 30)


def test_polyglot_attached_to_a_comment_is_neutralised_too(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    client = client_for(alice)
    ticket_id = client.post(
        "/api/tickets/",
        {"title": "Help", "description": "Please", "category": "Technical"},
        format="json",
    ).json()["id"]

    response = comment(client, ticket_id, "error.png", PNG + SCRIPT)

    assert response.status_code == 201, response.json()
    assert Comment.objects.get().attachment is not None
    assert b"<script" not in stored_bytes(_private_storage)


def test_photo_is_stored_upright_without_gps_or_other_exif(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    photo = photo_with_gps_facing_sideways()
    assert ExifTags.IFD.GPSInfo in Image.open(io.BytesIO(photo)).getexif()

    response = create(client_for(alice), "broken-printer.jpg", photo)

    assert response.status_code == 201, response.json()
    stored = Image.open(io.BytesIO(stored_bytes(_private_storage)))
    assert stored.format == "JPEG"
    assert stored.size == (2, 4)  # turned as the EXIF said, before the EXIF went
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert response.json()["attachment_size"] == len(stored_bytes(_private_storage))


def test_phone_photo_with_extra_pictures_is_stored_as_its_main_picture(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    # Phones save depth maps and previews after the photo (MPO).
    main, depth_map = Image.new("RGB", (6, 4), (250, 0, 0)), Image.new("RGB", (6, 4), (0, 0, 0))
    buffer = io.BytesIO()
    main.save(buffer, format="MPO", save_all=True, append_images=[depth_map])

    response = create(client_for(alice), "IMG_0042.jpg", buffer.getvalue())

    assert response.status_code == 201, response.json()
    stored = Image.open(io.BytesIO(stored_bytes(_private_storage)))
    assert stored.format == "JPEG"
    assert getattr(stored, "n_frames", 1) == 1
    assert stored.size == (6, 4)


def test_animated_gif_keeps_its_frames_but_not_its_comment(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    response = create(
        client_for(alice), "steps.gif", animated_gif(frames=3, comment=b"secret note")
    )

    assert response.status_code == 201, response.json()
    stored = stored_bytes(_private_storage)
    assert b"secret note" not in stored
    image = Image.open(io.BytesIO(stored))
    assert isinstance(image, GifImagePlugin.GifImageFile)
    assert image.n_frames == 3
    assert image.info["duration"] == 100


@pytest.mark.parametrize("lossless", [True, False])
def test_webp_is_re_encoded_the_way_it_was_compressed(
    client_for: ClientFor, alice: User, _private_storage: Path, lossless: bool
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 128, 255)).save(buffer, format="WEBP", lossless=lossless)

    response = create(client_for(alice), "capture.webp", buffer.getvalue() + SCRIPT)

    assert response.status_code == 201, response.json()
    stored = stored_bytes(_private_storage)
    assert b"<script" not in stored
    assert (b"VP8L" in stored[:16]) is lossless


def test_ordinary_office_document_is_accepted_unchanged(
    client_for: ClientFor, alice: User, _private_storage: Path
) -> None:
    response = create(client_for(alice), "minutes.docx", DOCX)

    assert response.status_code == 201, response.json()
    assert stored_bytes(_private_storage) == DOCX


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\system32\\evil.png", "evil.png"),
        ("photo\x00.png", "photo.png"),
        ("\u202egnp.exe.png", "gnp.exe.png"),
        ("...hidden.png", "hidden.png"),
        ("CON.png", "CON.png"),
    ],
)
def test_hostile_file_name_is_cleaned_and_the_file_stored_under_a_generated_name(
    client_for: ClientFor, alice: User, _private_storage: Path, sent: str, kept: str
) -> None:
    response = create(client_for(alice), sent, PNG)

    assert response.status_code == 201, response.json()
    assert response.json()["attachment_name"] == kept
    stored = str(Attachment.objects.get().file.name)
    assert stored.startswith("attachments/") and stored.endswith(".png")
    assert kept.removesuffix(".png") not in stored
    assert [p for p in _private_storage.rglob("*") if p.is_file()] == [_private_storage / stored]


def test_300_byte_name_is_cut_to_255_bytes_keeping_its_extension(
    client_for: ClientFor, alice: User
) -> None:
    name = "é" * 148 + "x.png"  # 296 + 5 bytes; cutting in the middle of an é drops it

    response = create(client_for(alice), name, PNG)

    assert response.status_code == 201, response.json()
    kept = response.json()["attachment_name"]
    assert kept == "é" * 125 + ".png"
    assert len(kept.encode()) == 254


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ann\\report.pdf", "report.pdf"),
        ("a\x00b\x1b[31m\x7f.txt", "ab[31m.txt"),
        ("  .bashrc  ", "bashrc"),
        ("invoice.pdf. . ", "invoice.pdf"),
        ("..", "attachment"),
        ("\x00\x01", "attachment"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
        ("a" * 300, "a" * 255),
        ("a" * 240 + "." + "b" * 40, "a" * 240 + "." + "b" * 14),
        ("Cafe\u0301.txt", "Café.txt"),
    ],
)
def test_file_name_is_cleaned_for_every_caller(name: str, cleaned: str) -> None:
    # The API's multipart parser already drops some of this; the admin site
    # and management commands reach the rules without it.
    assert attachments._clean_name(name) == cleaned
    assert len(cleaned.encode()) <= 255


def test_user_at_their_quota_is_refused_and_another_user_is_not(
    client_for: ClientFor, alice: User, bob: User, _private_storage: Path, settings: Settings
) -> None:
    settings.ATTACHMENT_QUOTA_BYTES = 10 * 1024
    Attachment.objects.create(
        file="attachments/old.pdf",
        original_name="old.pdf",
        content_type="application/pdf",
        size=10 * 1024 - 10,
        uploaded_by=alice,
    )

    refused = create(client_for(alice), "new.png", PNG)
    accepted = create(client_for(bob), "new.png", PNG)

    assert refused.status_code == 400
    assert refused.json() == {
        "attachment": [
            f"Not enough storage left: 10 bytes of your 10 KB quota remains, and this "
            f"file is {len(PNG)} bytes. Ask staff to remove old attachments."
        ]
    }
    assert accepted.status_code == 201, accepted.json()
    assert Attachment.objects.filter(uploaded_by=alice).count() == 1
    assert [p for p in _private_storage.rglob("*") if p.is_file()] == [
        _private_storage / str(Attachment.objects.get(uploaded_by=bob).file.name)
    ]


def test_quota_applies_to_comment_attachments_too(
    client_for: ClientFor, alice: User, _private_storage: Path, settings: Settings
) -> None:
    client = client_for(alice)
    ticket_id = create(client, "first.png", PNG).json()["id"]
    settings.ATTACHMENT_QUOTA_BYTES = Attachment.objects.get().size + len(PNG) - 1

    response = comment(client, ticket_id, "second.png", PNG)

    assert response.status_code == 400
    assert "Not enough storage left" in response.json()["attachment"][0]
    assert Attachment.objects.count() == 1
    assert not Comment.objects.exists()
    assert len([p for p in _private_storage.rglob("*") if p.is_file()]) == 1


def test_quota_of_zero_means_no_limit(
    client_for: ClientFor, alice: User, settings: Settings
) -> None:
    settings.ATTACHMENT_QUOTA_BYTES = 0
    Attachment.objects.create(
        file="attachments/old.pdf",
        original_name="old.pdf",
        content_type="application/pdf",
        size=10**12,
        uploaded_by=alice,
    )

    assert create(client_for(alice), "new.png", PNG).status_code == 201
