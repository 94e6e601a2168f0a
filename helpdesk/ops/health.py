"""Readiness checks (SPEC 5b): can this process serve requests right now?

Each check answers quickly (a load balancer asks every few seconds) and
never raises: a failure is logged once here and reported as "error".
"""

import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import redis
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from helpdesk.ops.storage import attachment_storage

logger = logging.getLogger(__name__)

# A probe that waits longer than this is as good as a failure to the balancer.
_TIMEOUT_SECONDS = 2.0


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


@cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=_TIMEOUT_SECONDS, socket_connect_timeout=_TIMEOUT_SECONDS
    )


def _redis() -> None:
    if not _redis_client(settings.REDIS_URL).ping():
        raise ConnectionError("Redis did not answer PING")


def _storage() -> None:
    storage = attachment_storage(settings.ATTACHMENT_STORAGE)
    if isinstance(storage, FileSystemStorage):
        _writable_directory(Path(storage.location))
    else:
        storage.check()  # type: ignore[attr-defined]  # S3AttachmentStorage, CloudinaryStorage


def _writable_directory(path: Path) -> None:
    # FileSystemStorage makes its directory on the first save: a missing one
    # is fine if the nearest existing ancestor is a writable directory.
    while not path.exists() and path != path.parent:
        path = path.parent
    if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
        raise PermissionError(f"{path} is not a writable directory")


_migrations_applied = False


def _migrations() -> None:
    # Once applied they stay applied for this process's code: a deployment
    # with new migrations restarts the processes, so one success is cached.
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations are not applied")
    _migrations_applied = True


def checks() -> dict[str, Callable[[], None]]:
    found: dict[str, Callable[[], None]] = {"database": _database}
    if settings.REDIS_URL:
        found["redis"] = _redis
    found["storage"] = _storage
    found["migrations"] = _migrations
    return found


def readiness() -> dict[str, str]:
    """Every check's outcome, "ok" or "error"."""
    results: dict[str, str] = {}
    for name, check in checks().items():
        try:
            check()
        except Exception:
            logger.exception("Readiness check %r failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results
