from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import PASSWORD

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse as TestResponse

pytestmark = pytest.mark.django_db

COOKIE: str = settings.REFRESH_COOKIE_NAME


def register(client: APIClient, **overrides: str) -> "TestResponse":
    body = {
        "username": "dora",
        "email": "dora@example.com",
        "password": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post("/api/auth/register/", body, format="json")


def login(client: APIClient, username: str, password: str = PASSWORD) -> "TestResponse":
    return client.post(
        "/api/auth/login/", {"username": username, "password": password}, format="json"
    )


def test_register_returns_the_new_user(anon: APIClient) -> None:
    response = register(anon)

    assert response.status_code == 201
    user = User.objects.get(username="dora")
    assert response.json() == {"id": user.id, "username": "dora", "email": "dora@example.com"}
    assert user.check_password(PASSWORD)
    assert not user.is_staff


def test_register_cannot_make_a_staff_user(anon: APIClient) -> None:
    response = anon.post(
        "/api/auth/register/",
        {
            "username": "mallory",
            "email": "m@example.com",
            "password": PASSWORD,
            "password2": PASSWORD,
            "is_staff": True,
            "is_superuser": True,
        },
        format="json",
    )

    assert response.status_code == 201
    user = User.objects.get(username="mallory")
    assert not user.is_staff and not user.is_superuser


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "Alice"}, "username", "A user with that username already exists."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": "ALICE@example.com"}, "email", "A user with that email already exists."),
        ({"password2": "something-else-entirely"}, "password2", "The two passwords differ."),
        (
            {"password": "password", "password2": "password"},
            "password",
            "This password is too common.",
        ),
        ({"username": "a b/c"}, "username", None),
        ({"username": ""}, "username", "This field may not be blank."),
    ],
)
def test_register_refuses_bad_input_field_by_field(
    anon: APIClient, alice: User, overrides: dict[str, str], field: str, message: str | None
) -> None:
    before = User.objects.count()

    response = register(anon, **overrides)

    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message:
        assert message in errors[field]
    assert User.objects.count() == before


def test_register_requires_every_field(anon: APIClient) -> None:
    response = anon.post("/api/auth/register/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username", "email", "password", "password2"}


def test_login_returns_a_token_pair_and_sets_the_refresh_cookie(
    anon: APIClient, alice: User
) -> None:
    response = login(anon, "alice")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh"}
    cookie = response.cookies[COOKIE]
    assert cookie.value == body["refresh"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/api/auth/"


def test_login_with_a_wrong_password_is_401(anon: APIClient, alice: User) -> None:
    response = login(anon, "alice", "wrong-password")

    assert response.status_code == 401
    assert "detail" in response.json()
    assert COOKIE not in response.cookies


def test_login_with_missing_fields_is_400(anon: APIClient) -> None:
    response = anon.post("/api/auth/login/", {"username": "alice"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


def test_me_describes_the_caller(
    client_for: Callable[[User | None], APIClient], alice: User, charlie: User
) -> None:
    assert client_for(alice).get("/api/auth/me/").json() == {
        "id": alice.id,
        "username": "alice",
        "email": "alice@example.com",
        "isAdmin": False,
        "notify_email": True,
        "available": False,
    }
    assert client_for(charlie).get("/api/auth/me/").json()["isAdmin"] is True


def test_me_needs_authentication(anon: APIClient) -> None:
    response = anon.get("/api/auth/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_me_refuses_a_garbage_token(anon: APIClient) -> None:
    anon.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")

    assert anon.get("/api/auth/me/").status_code == 401


def test_access_token_from_login_works(anon: APIClient, alice: User) -> None:
    access = login(anon, "alice").json()["access"]
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")

    assert anon.get("/api/auth/me/").json()["username"] == "alice"


def test_refresh_rotates_and_a_used_refresh_token_is_refused(anon: APIClient, alice: User) -> None:
    first = login(anon, "alice").json()["refresh"]

    rotated = anon.post("/api/auth/token/refresh/", {"refresh": first}, format="json")
    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    assert rotated.json()["refresh"] != first

    replay = anon.post("/api/auth/token/refresh/", {"refresh": first}, format="json")
    assert replay.status_code == 401


def test_refresh_with_a_garbage_token_is_401(anon: APIClient) -> None:
    response = anon.post("/api/auth/token/refresh/", {"refresh": "garbage"}, format="json")

    assert response.status_code == 401


def test_refresh_works_from_the_cookie_alone(alice: User) -> None:
    browser = APIClient()
    login(browser, "alice")  # the test client keeps the cookie, like a browser

    response = browser.post("/api/auth/token/refresh/", {}, format="json")

    assert response.status_code == 200
    assert response.cookies[COOKIE].value == response.json()["refresh"]


def test_refresh_without_any_token_is_401(anon: APIClient) -> None:
    assert anon.post("/api/auth/token/refresh/", {}, format="json").status_code == 401


def test_a_blank_refresh_cookie_is_no_token_401_not_400(anon: APIClient) -> None:
    # Found by Schemathesis: whitespace used to reach the serializer and get a 400.
    anon.cookies[COOKIE] = "  "

    assert anon.post("/api/auth/token/refresh/", {}, format="json").status_code == 401


def test_refresh_for_a_deleted_user_is_401(anon: APIClient, alice: User) -> None:
    refresh = str(RefreshToken.for_user(alice))
    alice.delete()

    response = anon.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")

    assert response.status_code == 401


def test_refresh_for_a_deactivated_user_is_401(anon: APIClient, alice: User) -> None:
    refresh = login(anon, "alice").json()["refresh"]
    alice.is_active = False
    alice.save()

    response = anon.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")

    assert response.status_code == 401


def test_logout_revokes_the_refresh_token_given_in_the_body(anon: APIClient, alice: User) -> None:
    refresh = login(anon, "alice").json()["refresh"]

    response = APIClient().post("/api/auth/logout/", {"refresh": refresh}, format="json")

    assert response.status_code == 204
    again = APIClient().post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert again.status_code == 401


def test_logout_with_the_cookie_revokes_it_and_clears_the_cookie(alice: User) -> None:
    browser = APIClient()
    refresh = login(browser, "alice").json()["refresh"]

    response = browser.post("/api/auth/logout/", {}, format="json")

    assert response.status_code == 204
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0
    again = APIClient().post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert again.status_code == 401


def test_logout_with_a_token_already_revoked_still_succeeds(anon: APIClient) -> None:
    assert anon.post("/api/auth/logout/", {"refresh": "garbage"}, format="json").status_code == 204


@pytest.mark.parametrize(
    "path",
    ["/api/auth/login/", "/api/auth/register/", "/api/auth/logout/", "/api/auth/token/refresh/"],
)
@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{not json", "null"])
def test_auth_endpoints_answer_malformed_json_with_400(
    anon: APIClient, path: str, body: str
) -> None:
    response = anon.post(path, body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


SIGNED_IN = "helpdesk_signed_in"


def test_login_and_refresh_set_a_readable_signed_in_marker_that_holds_no_token(
    alice: User,
) -> None:
    browser = APIClient()
    for response in (
        login(browser, "alice"),
        browser.post("/api/auth/token/refresh/", {}, format="json"),
    ):
        marker, refresh = response.cookies[SIGNED_IN], response.cookies[COOKIE]
        assert marker.value == "1"
        assert not marker["httponly"]  # the SPA reads it
        assert marker["path"] == "/"
        assert marker["samesite"] == "Strict"
        # It lives exactly as long as the refresh cookie.
        assert marker["max-age"] == refresh["max-age"] > 0
        assert marker["secure"] == refresh["secure"]


def test_a_failed_login_sets_no_marker(anon: APIClient, alice: User) -> None:
    assert SIGNED_IN not in login(anon, "alice", "wrong-password").cookies


def test_logout_clears_the_marker_with_the_refresh_cookie(alice: User) -> None:
    browser = APIClient()
    login(browser, "alice")

    response = browser.post("/api/auth/logout/", {}, format="json")

    assert response.cookies[SIGNED_IN].value == ""
    assert response.cookies[SIGNED_IN]["max-age"] == 0
    assert response.cookies[SIGNED_IN]["path"] == "/"
    assert response.cookies[COOKIE]["max-age"] == 0
