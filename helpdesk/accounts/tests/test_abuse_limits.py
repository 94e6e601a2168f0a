"""Brute force and abuse: login lockout per (username, IP), rate limits, tokens."""

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import PASSWORD
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def attempt(username: str, password: str, ip: str = "203.0.113.7") -> int:
    client = APIClient(REMOTE_ADDR=ip)
    response = client.post(
        "/api/auth/login/", {"username": username, "password": password}, format="json"
    )
    if response.status_code == 429:
        assert int(response["Retry-After"]) > 0
        assert "detail" in response.json()
    return response.status_code


def test_five_failures_lock_the_account_from_that_address_even_for_the_right_password(
    alice: User,
) -> None:
    failures = [attempt("alice", "wrong") for _ in range(4)]

    assert failures == [401, 401, 401, 401]
    assert attempt("alice", "wrong") == 429  # the fifth failure locks
    assert attempt("alice", PASSWORD) == 429  # the sixth, right password, still locked


def test_the_lockout_ends_after_the_window(alice: User) -> None:
    window = django_settings.AXES_COOLOFF_TIME
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            attempt("alice", "wrong")
        assert attempt("alice", PASSWORD) == 429

        clock.shift(window + timedelta(seconds=1))

        assert attempt("alice", PASSWORD) == 200


def test_a_lockout_does_not_lock_out_other_users_at_the_same_address(
    alice: User, bob: User
) -> None:
    for _ in range(5):
        attempt("alice", "wrong")

    assert attempt("bob", PASSWORD) == 200


def test_a_lockout_does_not_lock_the_user_out_from_another_address(alice: User) -> None:
    for _ in range(5):
        attempt("alice", "wrong", ip="203.0.113.7")

    assert attempt("alice", PASSWORD, ip="198.51.100.20") == 200


# Password spraying: one address, one common password, many usernames


def spray(count: int, ip: str = "203.0.113.7") -> list[int]:
    return [attempt(f"member{n}", "Summer2026!", ip=ip) for n in range(count)]


def test_one_address_failing_for_many_usernames_is_refused_at_the_30th_failure(
    alice: User,
) -> None:
    assert spray(30) == [401] * 29 + [429]

    response = APIClient(REMOTE_ADDR="203.0.113.7").post(
        "/api/auth/login/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429  # even the right password, from that address
    assert response.json()["detail"] == (
        "Too many failed logins from your network address. Try again in 15 minutes."
    )
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_the_address_limit_does_not_lock_a_user_out_from_their_own_address(alice: User) -> None:
    spray(30, ip="203.0.113.7")

    assert attempt("alice", PASSWORD, ip="198.51.100.20") == 200


def test_the_address_limit_counts_failures_only(alice: User, bob: User) -> None:
    for _ in range(40):
        assert attempt("alice", PASSWORD) == 200
    assert spray(29) == [401] * 29
    assert attempt("bob", PASSWORD) == 200


def test_the_address_limit_is_a_rolling_window(alice: User, settings: Settings) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, 5, tzinfo=UTC), tick=False) as clock:
        spray(2)  # 09:00
        clock.shift(timedelta(minutes=10))
        assert spray(1) == [429]  # 09:10, the third failure in the window

        response = APIClient(REMOTE_ADDR="203.0.113.7").post(
            "/api/auth/login/", {"username": "alice", "password": PASSWORD}, format="json"
        )
        # Free again when the two failures of 09:00 leave the window, at 09:15.
        assert int(response["Retry-After"]) == 5 * 60 - 5
        clock.shift(timedelta(minutes=5) - timedelta(seconds=6))
        assert attempt("alice", PASSWORD) == 429
        clock.shift(timedelta(seconds=1))
        assert attempt("alice", PASSWORD) == 200


def test_the_per_user_lockout_still_comes_first(alice: User) -> None:
    # Five failures for one username lock that pair long before the address limit.
    assert [attempt("alice", "wrong") for _ in range(5)] == [401] * 4 + [429]
    assert attempt("bob", "wrong") == 401


def test_failed_logins_and_lockouts_are_logged(
    alice: User, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(5):
        attempt("alice", "wrong")

    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "login failure" in messages.lower()
    assert "locked out" in messages.lower()


def register(client: APIClient, n: int) -> int:
    body = {
        "username": f"member{n}",
        "email": f"member{n}@example.com",
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post("/api/auth/register/", body, format="json").status_code


def test_registration_is_limited_per_address(settings: Settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "register": "3/hour",
        },
    }
    room = APIClient(REMOTE_ADDR="203.0.113.7")

    codes = [register(room, n) for n in range(4)]

    assert codes == [201, 201, 201, 429]
    assert register(APIClient(REMOTE_ADDR="198.51.100.20"), 9) == 201


def test_default_rates_are_generous_enough_for_real_use() -> None:
    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert rates == {
        "register": "60/hour",
        "password_reset": "20/hour",
        "tickets": "30/minute",
        "comments": "60/minute",
        "ratings": "30/minute",
    }


def test_ticket_and_comment_creation_are_limited_per_user(
    client_for: ClientFor, alice: User, bob: User, settings: Settings
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "tickets": "2/minute",
            "comments": "2/minute",
        },
    }
    new = {"title": "T", "description": "D", "category": "Other"}
    client = client_for(alice)
    ticket = TicketFactory.create(created_by=alice)

    tickets = [client.post("/api/tickets/", new, format="json") for _ in range(3)]
    comments = [
        client.post(f"/api/tickets/{ticket.id}/comments/", {"body": "hi"}, format="json")
        for _ in range(3)
    ]

    assert [r.status_code for r in tickets] == [201, 201, 429]
    assert int(tickets[2]["Retry-After"]) > 0
    assert [r.status_code for r in comments] == [201, 201, 429]
    assert client_for(bob).post("/api/tickets/", new, format="json").status_code == 201
    assert client.get("/api/tickets/").status_code == 200  # reading is not limited


def test_password_reset_is_limited_per_address(settings: Settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "password_reset": "2/hour",
        },
    }
    client = APIClient(REMOTE_ADDR="203.0.113.7")

    codes = [
        client.post(
            "/api/auth/password-reset/", {"email": "x@example.com"}, format="json"
        ).status_code
        for _ in range(3)
    ]

    assert codes == [204, 204, 429]


# Tokens


def access_claims(user: User, **claims: object) -> dict[str, object]:
    """The claims of a valid access token for `user`, with `claims` in their place."""
    return {
        "token_type": "access",
        "user_id": str(user.pk),
        "jti": "x",
        "exp": int(time.time()) + 600,
        "aud": "helpdesk-api",
        "iss": "helpdesk",
        **claims,
    }


def forged(user: User, **claims: object) -> str:
    """An access token signed with the app's own key, carrying `claims`."""
    key = str(django_settings.SIMPLE_JWT["SIGNING_KEY"])
    return jwt.encode(access_claims(user, **claims), key, algorithm="HS256")


@pytest.mark.parametrize(
    "claims",
    [{"aud": "another-app"}, {"iss": "someone-else"}, {"exp": 1}],
    ids=["wrong-audience", "wrong-issuer", "expired"],
)
def test_tokens_for_another_audience_or_issuer_are_refused(
    alice: User, claims: dict[str, object]
) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged(alice, **claims)}")

    assert client.get("/api/auth/me/").status_code == 401


def test_the_none_algorithm_and_other_keys_are_refused(alice: User) -> None:
    unsigned = jwt.encode(access_claims(alice), key="", algorithm="none")
    wrong_key = jwt.encode(access_claims(alice), key=secrets.token_urlsafe(32), algorithm="HS256")
    for token in (unsigned, wrong_key):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/api/auth/me/").status_code == 401


def test_a_password_change_makes_existing_access_tokens_useless(
    client_for: ClientFor, alice: User
) -> None:
    old = client_for(alice)
    new_password = secrets.token_urlsafe(18)

    old.post(
        "/api/auth/password-change/",
        {"old_password": PASSWORD, "password": new_password, "password2": new_password},
        format="json",
    )

    assert old.get("/api/auth/me/").status_code == 401
    assert client_for(User.objects.get(pk=alice.pk)).get("/api/auth/me/").status_code == 200


def test_a_deactivated_user_cannot_use_an_access_token(alice: User) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(alice)}")
    alice.is_active = False
    alice.save()

    assert client.get("/api/auth/me/").status_code == 401
