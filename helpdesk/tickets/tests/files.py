"""Files for the attachment tests and the requests that carry them: samples
of each kind (valid and hostile), a ticket created with one through the API,
and its signed URL followed as a browser would."""

import io
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse as TestResponse


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def create(client: APIClient, name: str, content: bytes, **fields: Any) -> "TestResponse":
    body = {
        "title": "With file",
        "description": "See attached",
        "category": "Technical",
        "attachment": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post("/api/tickets/", body, format="multipart")


def download(url: str) -> Any:
    # A browser following the URL from an <img> or <iframe>: no Authorization header.
    response: Any = APIClient().get(url)
    if response.streaming:
        # Consuming the stream closes the file (the test client's wrapper does it).
        response.body = b"".join(response.streaming_content)
    return response


def assert_downloads(
    url: str, name: str, content: bytes, content_type: str, disposition: str
) -> None:
    """The signed URL gives the file back unchanged, with every safety header."""
    file = download(url)
    assert file.status_code == 200
    assert file.body == content
    assert file["Content-Type"] == content_type
    assert file["Content-Length"] == str(len(content))
    assert file["X-Content-Type-Options"] == "nosniff"
    assert file["Content-Disposition"].startswith(disposition)
    assert name in file["Content-Disposition"]
    assert "default-src 'none'" in file["Content-Security-Policy"]


def upload(client: APIClient, name: str, content: bytes, **fields: Any) -> dict[str, Any]:
    """A ticket created with the file (201); its JSON. Whatever the storage,
    the attachment's URL is the app's own signed URL, not the storage's."""
    response = create(client, name, content, **fields)
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    assert body["attachment"].startswith("http://testserver/api/attachments/")
    return body
