"""Shared fixtures: test personas and API clients that authenticate like real clients.

alice and bob are requesters, charlie is staff; permission tests read as
sentences ("bob gets 404 for alice's ticket").
"""

import atexit
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.sla import config as sla_config

# The test run's metric files go to a directory of its own, not DATA_DIR/metrics
# in the checkout (set before helpdesk.ops.metrics is first imported).
os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="helpdesk-test-metrics-")
atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, with one more step before it is dropped.

    Threads other than the test's (the ASGI request threads, Channels'
    `database_sync_to_async`) keep their connections (DB_CONN_MAX_AGE), and
    PostgreSQL refuses to drop a database while any is open: close them.
    """
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SQLite's test database in a file (not shared memory, so threads contend
    as in production) in a temporary directory: tests write nothing into the
    checkout. Each xdist worker has a temporary directory of its own."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Settings) -> None:
    # Rate-limit and lockout counters live in the cache: each test gets its
    # own, in memory (one test process needs no shared cache).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    # And this process's copy of the SLA targets (helpdesk/sla/config.py), so
    # a test's query counts do not depend on the tests that ran before it.
    sla_config.clear_cache()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    yield
    # A request activates its client's language on this thread
    # (LocaleMiddleware) and nothing switches it back between tests.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Real hashers are slow by design; tests need only that hashing happens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_storage(settings: Settings, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return media


@pytest.fixture
def alice(db: None) -> User:
    return UserFactory.create(username="alice", email="alice@example.com")


@pytest.fixture
def bob(db: None) -> User:
    return UserFactory.create(username="bob", email="bob@example.com")


@pytest.fixture
def charlie(db: None) -> User:
    return UserFactory.create(username="charlie", email="charlie@example.com", is_staff=True)


@pytest.fixture
def run_worker() -> Callable[..., None]:
    """Run the e-mail worker until no task is due, as `manage.py db_worker --batch` does.

    Tests using it need `django_db(transaction=True)`: the worker commits and
    closes its connection between tasks, as it does in production."""

    def run(**options: Any) -> None:
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            interval=0,
            verbosity=0,
            **options,
        )

    return run


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return make


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3 API on loopback (moto's server), for the storage tests."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per S3 request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_CREDENTIALS = {"access_key": "test-key", "secret_key": "test-secret", "region_name": "us-east-1"}


@pytest.fixture
def s3_options(s3_endpoint: str) -> dict[str, Any]:
    """The OPTIONS of STORAGES["s3"] for a new, empty bucket."""
    bucket = f"attachments-{uuid.uuid4().hex[:12]}"
    options = {"bucket_name": bucket, "endpoint_url": s3_endpoint, **S3_CREDENTIALS}
    s3_client(options).create_bucket(Bucket=bucket)
    return options


def s3_client(options: dict[str, Any]) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )


def s3_objects(options: dict[str, Any]) -> dict[str, bytes]:
    """Every object in the bucket: key -> content."""
    client, bucket = s3_client(options), options["bucket_name"]
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


@pytest.fixture
def s3_storage(settings: Settings, s3_options: dict[str, Any]) -> dict[str, Any]:
    """New attachments go to a fresh bucket on the loopback S3 server."""
    settings.STORAGES = {
        **settings.STORAGES,
        "s3": {"BACKEND": "helpdesk.ops.storage_s3.S3AttachmentStorage", "OPTIONS": s3_options},
    }
    settings.ATTACHMENT_STORAGE = "s3"
    return s3_options
