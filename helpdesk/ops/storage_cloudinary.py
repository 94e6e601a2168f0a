"""Cloudinary storage: private resources, read through signed, expiring URLs."""

import os
import time
from typing import IO, Any
from urllib.parse import parse_qsl, unquote, urlparse

import cloudinary.api
import cloudinary.exceptions
import cloudinary.uploader
import cloudinary.utils
import urllib3
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible

from helpdesk.ops.storage import (
    CONNECT_TIMEOUT_SECONDS,
    READ_TIMEOUT_SECONDS,
    StorageUnavailable,
    unavailable_on,
)

# Cloudinary keeps images as image resources and everything else (PDF, text,
# office documents) as raw resources; raw public ids keep their extension.
_PING_EVERY_SECONDS = 300
_IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}
_cloudinary_errors = unavailable_on(cloudinary.exceptions.Error, urllib3.exceptions.HTTPError)


@deconstructible
class CloudinaryStorage(Storage):
    """Files as private Cloudinary resources, read back through signed, expiring URLs.

    Nothing is ever uploaded with a public delivery type: `type` is
    "private" (or "authenticated"), so a file is only reachable through a
    signed URL that expires (`url()`), and the app reads it that way too.
    """

    def __init__(
        self, *, cloudinary_url: str = "", delivery_type: str = "private", url_max_age: int = 900
    ) -> None:
        url = cloudinary_url or os.environ.get("CLOUDINARY_URL", "")
        parsed = urlparse(url)
        if parsed.scheme != "cloudinary" or not (
            parsed.hostname and parsed.username and parsed.password
        ):
            raise ImproperlyConfigured(
                "CLOUDINARY_URL must look like cloudinary://API_KEY:API_SECRET@CLOUD_NAME."
            )
        if delivery_type not in ("private", "authenticated"):
            raise ImproperlyConfigured("Cloudinary delivery must be private or authenticated.")
        self.delivery_type = delivery_type
        self.url_max_age = url_max_age
        # Passed with every call rather than set globally, so two storages
        # (and the tests) can each have their own account.
        self.options: dict[str, Any] = {
            **dict(parse_qsl(parsed.query)),
            "cloud_name": parsed.hostname,
            "api_key": unquote(parsed.username),
            "api_secret": unquote(parsed.password),
            "timeout": READ_TIMEOUT_SECONDS,
        }
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS),
            retries=False,
        )
        self._checked_at = 0.0

    def _resource(self, name: str) -> dict[str, Any]:
        """The public id, resource type and format Cloudinary knows `name` by."""
        stem, _, extension = name.rpartition(".")
        if extension.lower() in _IMAGE_EXTENSIONS:
            return {"public_id": stem, "resource_type": "image", "format": extension}
        return {"public_id": name, "resource_type": "raw", "format": ""}

    def _call(self, resource: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.options,
            "resource_type": resource["resource_type"],
            "type": self.delivery_type,
        }

    @_cloudinary_errors
    def check(self) -> None:
        # The Admin API is rate-limited (500 calls an hour on the free plan)
        # and a readiness probe asks every few seconds: one ping per process
        # every 5 minutes leaves room for a dozen processes.
        if time.monotonic() - self._checked_at < _PING_EVERY_SECONDS:
            return
        cloudinary.api.ping(**self.options)
        self._checked_at = time.monotonic()

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # Names are generated (a UUID each): asking Cloudinary whether one is
        # taken would cost an Admin API call per upload for nothing.
        return name

    @_cloudinary_errors
    def _save(self, name: str, content: IO[bytes]) -> str:
        resource = self._resource(name)
        content.seek(0)
        cloudinary.uploader.upload(
            content,
            public_id=resource["public_id"],
            overwrite=True,
            invalidate=True,
            use_filename=False,
            unique_filename=False,
            **self._call(resource),
        )
        return name

    def url(self, name: str | None) -> str:
        """A signed download URL that expires after ATTACHMENT_URL_MAX_AGE."""
        return self._signed_url(name or "", self.url_max_age)

    def _signed_url(self, name: str, max_age: int) -> str:
        resource = self._resource(name)
        return str(
            cloudinary.utils.private_download_url(
                resource["public_id"],
                resource["format"],
                expires_at=int(time.time()) + max_age,
                **self._call(resource),
            )
        )

    @_cloudinary_errors
    def _open(self, name: str, mode: str = "rb") -> File:
        response = self._http.request("GET", self._signed_url(name, 60))
        if response.status == 404:
            raise FileNotFoundError(f"{name} is not in Cloudinary")
        if response.status != 200:
            raise StorageUnavailable(f"Cloudinary answered {response.status} for {name}")
        return ContentFile(response.data, name=name)

    @_cloudinary_errors
    def delete(self, name: str) -> None:
        resource = self._resource(name)
        cloudinary.uploader.destroy(resource["public_id"], invalidate=True, **self._call(resource))

    def _details(self, name: str) -> dict[str, Any] | None:
        resource = self._resource(name)
        try:
            return dict(cloudinary.api.resource(resource["public_id"], **self._call(resource)))
        except cloudinary.exceptions.NotFound:
            return None

    @_cloudinary_errors
    def exists(self, name: str) -> bool:
        return self._details(name) is not None

    @_cloudinary_errors
    def size(self, name: str) -> int:
        details = self._details(name)
        if details is None:
            raise FileNotFoundError(f"{name} is not in Cloudinary")
        return int(details["bytes"])
