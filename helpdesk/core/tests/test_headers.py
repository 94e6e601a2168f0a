"""Security headers on API, app shell, docs and attachment responses."""

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.tests.files import PDF, PNG, create, download

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def csp(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = (d.strip().split(" ", 1) for d in header.split(";") if d.strip())
    return {name: (rest[0] if rest else "") for name, *rest in directives}


def assert_common_headers(response: object, frame: str = "DENY") -> None:
    assert response["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]
    assert response["Referrer-Policy"] == "same-origin"  # type: ignore[index]
    assert response["X-Frame-Options"] == frame  # type: ignore[index]


@pytest.mark.parametrize(
    "path", ["/api/health/", "/api/auth/me/", "/", "/tickets/3", "/api/docs/", "/api/nothing/"]
)
def test_every_page_and_api_response_has_the_strict_policy(client: Client, path: str) -> None:
    response = client.get(path)

    assert_common_headers(response)
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"]


def test_tawk_origins_are_allowed_only_when_configured(client: Client) -> None:
    assert "tawk" not in client.get("/").headers["Content-Security-Policy"]


def test_swagger_ui_is_served_from_our_own_origin(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()

    assert "cdn.jsdelivr.net" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page


def test_images_are_sandboxed_and_pdfs_frameable_only_by_the_app(
    client_for: ClientFor, alice: User
) -> None:
    client = client_for(alice)
    image = download(create(client, "a.png", PNG).json()["attachment"])
    pdf = download(create(client, "a.pdf", PDF).json()["attachment"])

    assert_common_headers(image, frame="SAMEORIGIN")
    assert "sandbox" in csp(image)
    assert csp(image)["default-src"] == "'none'"
    assert csp(image)["frame-ancestors"] == "'self'"
    assert_common_headers(pdf, frame="SAMEORIGIN")
    assert csp(pdf)["frame-ancestors"] == "'self'"
    assert csp(pdf)["object-src"] == "'none'"
    assert pdf["Content-Disposition"].startswith("inline")


def test_https_deployments_get_hsts_and_secure_cookies(settings: Settings) -> None:
    from django.core.management import call_command

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    response = client.get("/api/health/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/api/health/").status_code == 301  # plain HTTP is redirected
    call_command("check")  # the settings combination itself is valid
