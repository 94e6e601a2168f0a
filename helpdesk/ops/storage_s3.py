"""S3-compatible storage (AWS S3, MinIO, Ceph...) through django-storages."""

from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import File
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from helpdesk.ops.storage import CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, unavailable_on

_s3_errors = unavailable_on(BotoCoreError, ClientError)


@deconstructible
class S3AttachmentStorage(S3Storage):
    """django-storages' S3 backend: private objects, short timeouts, one error type."""

    def __init__(self, **settings: Any) -> None:
        # Private objects: no ACL is sent (the bucket's own, private by
        # default, applies) and any URL made for an object is signed.
        settings.update(default_acl=None, querystring_auth=True)
        # Names are generated UUIDs: no need to ask whether one is taken.
        settings.setdefault("file_overwrite", True)
        settings.setdefault(
            "client_config",
            Config(
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                read_timeout=READ_TIMEOUT_SECONDS,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        )
        super().__init__(**settings)

    @_s3_errors
    def check(self) -> None:
        self.connection.meta.client.head_bucket(Bucket=self.bucket_name)

    @_s3_errors
    def _open(self, name: str, mode: str = "rb") -> File:
        file: File = super()._open(name, mode)
        return file

    @_s3_errors
    def _save(self, name: str, content: Any) -> str:
        return str(super()._save(name, content))

    @_s3_errors
    def delete(self, name: str) -> None:
        super().delete(name)

    @_s3_errors
    def exists(self, name: str) -> bool:
        return bool(super().exists(name))

    @_s3_errors
    def size(self, name: str) -> int:
        return int(super().size(name))
