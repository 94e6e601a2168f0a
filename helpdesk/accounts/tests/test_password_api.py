import re
import secrets
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import PASSWORD
from helpdesk.accounts.tests.test_auth_api import login
from helpdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]
NEW_PASSWORD = secrets.token_urlsafe(18)
OTHER_PASSWORD = secrets.token_urlsafe(18)


def reset_link(email: str) -> dict[str, str]:
    body = Notification.objects.get(to_email=email, event="account.password_reset").body_text
    match = re.search(r"/reset-password\?uid=([\w-]+)&token=([\w-]+)", body)
    assert match, body
    return {"uid": match.group(1), "token": match.group(2)}


def test_reset_request_is_204_whether_or_not_the_address_exists(
    anon: APIClient, alice: User
) -> None:
    known = anon.post("/api/auth/password-reset/", {"email": "ALICE@example.com"}, format="json")
    unknown = anon.post("/api/auth/password-reset/", {"email": "nobody@example.com"}, format="json")

    assert known.status_code == unknown.status_code == 204
    assert known.content == unknown.content == b""
    assert list(Notification.objects.values_list("to_email", flat=True)) == ["alice@example.com"]


def test_reset_email_is_sent_even_to_users_who_muted_ticket_emails(
    anon: APIClient, alice: User
) -> None:
    alice.notify_email = False
    alice.save()

    anon.post("/api/auth/password-reset/", {"email": "alice@example.com"}, format="json")

    assert Notification.objects.filter(to_email="alice@example.com").count() == 1


def test_reset_confirm_sets_the_password_and_revokes_every_session(
    anon: APIClient, alice: User
) -> None:
    refresh = login(APIClient(), "alice").json()["refresh"]
    anon.post("/api/auth/password-reset/", {"email": "alice@example.com"}, format="json")

    response = anon.post(
        "/api/auth/password-reset/confirm/",
        {**reset_link("alice@example.com"), "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 204
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    replay = anon.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert replay.status_code == 401
    assert login(APIClient(), "alice", NEW_PASSWORD).status_code == 200


def test_a_reset_link_works_once(anon: APIClient, alice: User) -> None:
    anon.post("/api/auth/password-reset/", {"email": "alice@example.com"}, format="json")
    link = reset_link("alice@example.com")
    body = {**link, "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    anon.post("/api/auth/password-reset/confirm/", body, format="json")

    again = anon.post(
        "/api/auth/password-reset/confirm/",
        {**body, "password": OTHER_PASSWORD, "password2": OTHER_PASSWORD},
        format="json",
    )

    assert again.status_code == 400
    assert "token" in again.json()


@pytest.mark.parametrize(
    ("uid", "token"), [("garbage", "garbage"), ("MQ", "1-abc"), ("", ""), ("!!", "x")]
)
def test_reset_confirm_refuses_a_bad_link(
    anon: APIClient, alice: User, uid: str, token: str
) -> None:
    response = anon.post(
        "/api/auth/password-reset/confirm/",
        {"uid": uid, "token": token, "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_reset_confirm_applies_the_password_rules(anon: APIClient, alice: User) -> None:
    anon.post("/api/auth/password-reset/", {"email": "alice@example.com"}, format="json")

    response = anon.post(
        "/api/auth/password-reset/confirm/",
        {**reset_link("alice@example.com"), "password": "123", "password2": "123"},
        format="json",
    )

    assert response.status_code == 400
    assert "password" in response.json()


def test_password_change_needs_the_current_password(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).post(
        "/api/auth/password-change/",
        {"old_password": "wrong", "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    assert "old_password" in response.json()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(alice: User) -> None:
    elsewhere = login(APIClient(), "alice").json()["refresh"]
    browser = APIClient()
    access = login(browser, "alice").json()["access"]  # the browser keeps its cookie
    browser.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")

    response = browser.post(
        "/api/auth/password-change/",
        {"old_password": PASSWORD, "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 204
    assert (
        APIClient()
        .post("/api/auth/token/refresh/", {"refresh": elsewhere}, format="json")
        .status_code
        == 401
    )
    assert browser.post("/api/auth/token/refresh/", {}, format="json").status_code == 200


def test_password_change_needs_authentication(anon: APIClient) -> None:
    response = anon.post("/api/auth/password-change/", {}, format="json")

    assert response.status_code == 401


def test_me_patch_updates_email_and_notification_preference(
    client_for: ClientFor, alice: User
) -> None:
    response = client_for(alice).patch(
        "/api/auth/me/",
        {"email": "alice@new.example", "current_password": PASSWORD, "notify_email": False},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": alice.id,
        "username": "alice",
        "email": "alice@new.example",
        "isAdmin": False,
        "notify_email": False,
        "available": False,
    }
    alice.refresh_from_db()
    assert (alice.email, alice.notify_email) == ("alice@new.example", False)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "bob@example.com", "current_password": PASSWORD},
        {"email": "not-an-email", "current_password": PASSWORD},
        {"notify_email": "sometimes"},
    ],
)
def test_me_patch_refuses_bad_values(
    client_for: ClientFor, alice: User, bob: User, body: dict[str, str]
) -> None:
    response = client_for(alice).patch("/api/auth/me/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == set(body) - {"current_password"}
    alice.refresh_from_db()
    assert (alice.email, alice.notify_email) == ("alice@example.com", True)


@pytest.mark.parametrize(
    ("password", "error"),
    [
        (None, "Enter your current password to change your e-mail."),
        ("", "Enter your current password to change your e-mail."),
        ("wrong", "Your current password is not correct."),
    ],
    ids=["missing", "blank", "wrong"],
)
def test_changing_the_email_needs_the_current_password(
    client_for: ClientFor, alice: User, password: str | None, error: str
) -> None:
    body = {"email": "mallory@evil.example", "notify_email": False}
    if password is not None:
        body["current_password"] = password

    response = client_for(alice).patch("/api/auth/me/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"current_password": [error]}
    alice.refresh_from_db()
    assert (alice.email, alice.notify_email) == ("alice@example.com", True)
    assert not Notification.objects.exists()


def test_keeping_the_same_email_needs_no_password(client_for: ClientFor, alice: User) -> None:
    body = {"email": "alice@example.com", "notify_email": False}

    response = client_for(alice).patch("/api/auth/me/", body, format="json")

    assert response.status_code == 200
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_email_change_is_announced_to_the_old_address(
    client_for: ClientFor, alice: User, run_worker: Callable[..., None], mailoutbox: list[Any]
) -> None:
    alice.notify_email = False  # account e-mails are not optional
    alice.save()
    body = {"email": "alice@new.example", "current_password": PASSWORD}

    response = client_for(alice).patch("/api/auth/me/", body, format="json")
    run_worker()

    assert response.status_code == 200
    [notice] = mailoutbox
    assert notice.to == ["alice@example.com"]
    assert notice.subject == "Your helpdesk e-mail address was changed"
    assert "from alice@example.com to alice@new.example" in notice.body
    assert "If this wasn't you" in notice.body


@pytest.mark.parametrize("body", [{"isAdmin": True}, {"is_staff": True}, {"username": "root"}])
def test_me_patch_cannot_grant_staff_or_rename(
    client_for: ClientFor, alice: User, body: dict[str, object]
) -> None:
    client_for(alice).patch("/api/auth/me/", body, format="json")

    alice.refresh_from_db()
    assert not alice.is_staff
    assert alice.username == "alice"


def test_me_refuses_put(client_for: ClientFor, alice: User) -> None:
    assert client_for(alice).put("/api/auth/me/", {}, format="json").status_code == 405
