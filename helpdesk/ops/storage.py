"""Where attachments are kept: local disk, an S3-compatible bucket or Cloudinary.

The backends themselves are in storage_s3.py and storage_cloudinary.py,
imported only when configured. Every record says which backend holds its
file (`Attachment.storage`), so files can be moved between backends one at a
time while the app serves them all (`manage.py move_attachments`). Backends
report any failure to reach them as `StorageUnavailable`, an OSError like
the local disk's own, so callers handle one kind of error whatever the backend.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, storages
from django.core.files.storage.handler import InvalidStorageError

# The values of Attachment.storage and ATTACHMENT_STORAGE; each names a key of
# STORAGES ("local" is Django's "default").
BACKENDS = ("local", "s3", "cloudinary")
_CONFIGURE = {
    "s3": "set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for MinIO and the like)",
    "cloudinary": "set CLOUDINARY_URL",
}

# A backend that does not answer within these fails the request with a 503
# instead of holding a thread for a minute (boto3's default).
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 30


class StorageUnavailable(OSError):
    """The storage backend could not be reached or refused the operation."""


def attachment_storage(backend: str) -> Storage:
    try:
        return storages["default" if backend == "local" else backend]
    except InvalidStorageError:
        raise ImproperlyConfigured(
            f"Attachment storage {backend!r} is not configured: {_CONFIGURE.get(backend, '')}."
        ) from None


P = ParamSpec("P")
R = TypeVar("R")


def unavailable_on(
    *errors: type[BaseException],
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except FileNotFoundError:
                raise
            except errors as exc:
                raise StorageUnavailable(f"{type(exc).__name__}: {exc}") from exc

        return wrapper

    return decorate
