"""Server messages in the client's language (Accept-Language), ours and Django's."""

import gettext
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import PASSWORD
from helpdesk.tickets.tests.factories import TicketFactory

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse as TestResponse

pytestmark = pytest.mark.django_db

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.8"}
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"


def register(client: APIClient, headers: dict[str, str], **body: str) -> "TestResponse":
    registration = {"email": "new@example.com", "password": PASSWORD, "password2": PASSWORD}
    return client.post(
        "/api/auth/register/", {**registration, **body}, format="json", headers=headers
    )


def test_register_errors_come_in_spanish_when_asked(anon: APIClient, alice: User) -> None:
    taken = register(anon, SPANISH, username="alice").json()
    missing = register(anon, SPANISH).json()  # no username at all

    assert taken["username"] == ["Ya existe un usuario con ese nombre de usuario."]
    # DRF's own catalogue.
    assert missing["username"] == ["Este campo es requerido."]


def test_without_a_spanish_accept_language_they_stay_english(anon: APIClient, alice: User) -> None:
    for headers in ({}, {"Accept-Language": "en-GB,en"}, {"Accept-Language": "fr"}):
        taken = register(anon, headers, username="alice").json()
        assert taken["username"] == ["A user with that username already exists."], headers


def test_djangos_password_validators_speak_spanish(anon: APIClient) -> None:
    body = register(anon, SPANISH, username="pat", password="123", password2="123").json()

    assert any("contraseña" in message for message in body["password"]), body


def test_our_attachment_refusal_comes_in_spanish(
    client_for: Callable[[User | None], APIClient], alice: User
) -> None:
    upload = SimpleUploadedFile("page.html", b"<!DOCTYPE html><html></html>")
    body = {"title": "Hola", "description": "Adjunto", "category": "Technical"}

    response = client_for(alice).post(
        "/api/tickets/", {**body, "attachment": upload}, format="multipart", headers=SPANISH
    )

    assert response.status_code == 400
    assert response.json()["attachment"] == [
        "No se admiten archivos HTML ni SVG: pueden ejecutar scripts en un navegador."
    ]


def test_the_compiled_catalogue_matches_its_source() -> None:
    """The .mo is committed: it must say what the .po says (`make messages`)."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    source = (CATALOGUE / "django.po").read_text()
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', source, re.MULTILINE)

    def text(quoted: str) -> str:
        joined = "".join(re.findall(r'"(.*)"', quoted))
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), joined)

    pairs = {text(msgid): text(msgstr) for msgid, msgstr in entries if text(msgid)}
    assert len(pairs) > 20
    assert {msgid: compiled.get(msgid) for msgid in pairs} == pairs


def test_a_lockout_says_why_and_how_long_in_spanish(alice: User) -> None:
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        response = client.post(
            "/api/auth/login/",
            {"username": "alice", "password": "wrong"},
            format="json",
            headers=SPANISH,
        )

    assert response.status_code == 429
    assert response.json()["detail"] == (
        "Demasiados inicios de sesión fallidos. Vuelve a intentarlo en 15 minutos."
    )


def test_a_services_refusal_comes_in_spanish(
    client_for: Callable[[User | None], APIClient], alice: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(alice).post(
        f"/api/tickets/{ticket.pk}/comments/",
        {"body": "Nota", "internal": True},
        format="json",
        headers=SPANISH,
    )

    assert response.status_code == 400
    assert response.json() == {"internal": ["Solo el personal puede escribir notas internas."]}
