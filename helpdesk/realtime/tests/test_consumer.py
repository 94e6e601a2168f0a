"""The /ws/ socket: first-message authentication, isolation, events."""

import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import jwt
import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import PASSWORD, UserFactory
from helpdesk.tickets import attachments, services
from helpdesk.tickets.models import Ticket

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
async def _empty_layer() -> AsyncIterator[None]:
    yield
    await get_channel_layer().flush()


Connect = Callable[..., Awaitable[WebsocketCommunicator]]


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    sockets: list[WebsocketCommunicator] = []

    async def open_socket(
        user: User | None = None, token: str | None = None
    ) -> WebsocketCommunicator:
        socket = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN])
        connected, _ = await socket.connect()
        assert connected
        sockets.append(socket)
        if user is not None:
            token = str(AccessToken.for_user(user))
        if token is not None:
            await socket.send_json_to({"type": "auth", "token": token})
            reply = await socket.receive_json_from()
            assert reply["type"] == "auth.ok", reply
        return socket

    yield open_socket
    for socket in sockets:
        await socket.disconnect()


async def closed_with(socket: WebsocketCommunicator, timeout: float = 1) -> int:
    message = await socket.receive_output(timeout)
    assert message["type"] == "websocket.close", message
    return int(message["code"])


async def events(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    received = []
    while not await socket.receive_nothing(timeout=0.3):
        received.append(await socket.receive_json_from())
    return received


async def test_authenticated_socket_answers_ping(connect: Connect, alice: User) -> None:
    socket = await connect(alice)

    await socket.send_json_to({"type": "ping"})

    assert await socket.receive_json_from() == {"type": "pong"}


async def test_socket_without_auth_is_closed_with_4401(
    connect: Connect, settings: Settings
) -> None:
    settings.WS_AUTH_TIMEOUT_SECONDS = 0.2
    socket = await connect()

    assert await closed_with(socket) == 4401


async def test_a_message_before_auth_closes_with_4401(connect: Connect) -> None:
    socket = await connect()

    await socket.send_json_to({"type": "ping"})

    assert await closed_with(socket) == 4401


@pytest.mark.parametrize("token", ["garbage", "", None, 42])
async def test_a_bad_token_closes_with_4403(connect: Connect, token: Any) -> None:
    socket = await connect()

    await socket.send_json_to({"type": "auth", "token": token})

    assert await closed_with(socket) == 4403


async def test_a_refresh_token_is_not_accepted(connect: Connect, alice: User) -> None:
    from rest_framework_simplejwt.tokens import RefreshToken

    socket = await connect()

    refresh = await sync_to_async(RefreshToken.for_user)(alice)
    await socket.send_json_to({"type": "auth", "token": str(refresh)})

    assert await closed_with(socket) == 4403


def short_token(user: User, seconds: int) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=timedelta(seconds=seconds))
    return str(token)


async def test_an_expiring_token_closes_the_socket(connect: Connect, alice: User) -> None:
    socket = await connect(token=short_token(alice, 1))

    assert await closed_with(socket, timeout=3) == 4403


async def test_renewing_the_token_keeps_the_socket_open(connect: Connect, alice: User) -> None:
    socket = await connect(token=short_token(alice, 1))

    await socket.send_json_to({"type": "auth", "token": str(AccessToken.for_user(alice))})

    assert (await socket.receive_json_from())["type"] == "auth.ok"
    assert await socket.receive_nothing(timeout=2)


async def test_another_users_token_cannot_take_over_a_socket(
    connect: Connect, alice: User, bob: User
) -> None:
    socket = await connect(alice)

    await socket.send_json_to({"type": "auth", "token": str(AccessToken.for_user(bob))})

    assert await closed_with(socket) == 4403


async def test_malformed_messages_get_an_error_not_a_crash(connect: Connect, alice: User) -> None:
    socket = await connect(alice)

    await socket.send_to(text_data="{not json")
    await socket.send_json_to(["a", "list"])
    await socket.send_json_to({"type": "dance"})

    replies = [await socket.receive_json_from() for _ in range(3)]
    assert [r["type"] for r in replies] == ["error", "error", "error"]


async def test_a_socket_from_a_foreign_origin_is_refused() -> None:
    socket = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://evil.test")])

    connected, _ = await socket.connect()

    assert not connected


change_status = sync_to_async(services.ticket_change_status)
comment = sync_to_async(services.comment_create)
create = sync_to_async(services.ticket_create)
delete = sync_to_async(services.ticket_delete)


async def test_requester_hears_only_their_own_tickets_and_no_internal_notes(
    connect: Connect, alice: User, bob: User, charlie: User
) -> None:
    alices = await create(actor=alice, title="Mine", description="D", category="Other")
    bobs = await create(actor=bob, title="Not mine", description="D", category="Other")
    socket = await connect(alice)

    await change_status(ticket=bobs, actor=charlie, status="Resolved")
    await comment(ticket=bobs, actor=charlie, body="for bob")
    await comment(ticket=alices, actor=charlie, body="SECRET", internal=True)
    await comment(ticket=alices, actor=charlie, body="for alice")
    await change_status(ticket=alices, actor=charlie, status="Under Review")

    received = await events(socket)
    assert [(e["type"], e["ticket"]["id"]) for e in received] == [
        ("comment.created", alices.id),
        ("ticket.updated", alices.id),
    ]
    assert received[0]["comment"]["body"] == "for alice"
    assert received[0]["ticket"]["comments_count"] == 1
    assert "SECRET" not in str(received)


async def test_staff_hear_every_event(
    connect: Connect, alice: User, bob: User, charlie: User
) -> None:
    socket = await connect(charlie)

    ticket = await create(actor=alice, title="New", description="D", category="Other")
    await comment(ticket=ticket, actor=charlie, body="note", internal=True)
    await change_status(ticket=ticket, actor=charlie, status="Resolved")
    fetched = await sync_to_async(Ticket.objects.select_related("created_by", "attachment").get)(
        pk=ticket.pk
    )
    await delete(ticket=fetched, actor=charlie)

    received = await events(socket)
    assert [e["type"] for e in received] == [
        "ticket.created",
        "comment.created",
        "ticket.updated",
        "ticket.deleted",
    ]
    assert received[1]["comment"]["internal"] is True
    assert received[1]["ticket"]["comments_count"] == 1
    assert received[3]["ticket"]["id"] == ticket.id
    assert set(received[0]["ticket"]) >= {"id", "title", "status", "priority", "created_by"}


async def test_nothing_is_sent_for_a_change_that_rolls_back(
    connect: Connect, alice: User, charlie: User
) -> None:
    ticket = await create(actor=alice, title="T", description="D", category="Other")
    socket = await connect(charlie)

    with pytest.raises(ValueError):
        await sync_to_async(services.ticket_update)(
            ticket=ticket, actor=charlie, changes={"created_by": charlie}
        )

    assert await events(socket) == []


# A socket is held to the API's rules (SPEC 4d)


def forged(user: User, **claims: object) -> str:
    """A well-signed access token with some claims replaced."""
    payload = {**AccessToken.for_user(user).payload, **claims}
    return jwt.encode(payload, str(django_settings.SIMPLE_JWT["SIGNING_KEY"]), algorithm="HS256")


def api_status(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return int(client.get("/api/auth/me/").status_code)


@pytest.mark.parametrize(
    "refusal",
    ["password-changed", "deactivated", "wrong-audience", "wrong-issuer"],
)
async def test_a_token_the_api_refuses_is_refused_by_the_socket(
    connect: Connect, alice: User, refusal: str
) -> None:
    token = {
        "wrong-audience": lambda: forged(alice, aud="another-app"),
        "wrong-issuer": lambda: forged(alice, iss="someone-else"),
    }.get(refusal, lambda: str(AccessToken.for_user(alice)))()
    if refusal == "password-changed":
        alice.set_password(secrets.token_urlsafe(18))
    else:
        alice.is_active = refusal != "deactivated"
    await sync_to_async(alice.save)()
    socket = await connect()

    await socket.send_json_to({"type": "auth", "token": token})

    assert await sync_to_async(api_status)(token) == 401
    assert await closed_with(socket) == 4403


async def test_a_demoted_staff_member_leaves_the_staff_stream_on_reauthentication(
    connect: Connect, alice: User, charlie: User
) -> None:
    ticket = await create(actor=alice, title="Mine", description="D", category="Other")
    socket = await connect(charlie)
    # Demoted behind the services' back: only re-authentication can notice.
    await sync_to_async(User.objects.filter(pk=charlie.pk).update)(is_staff=False)

    await socket.send_json_to({"type": "auth", "token": str(AccessToken.for_user(charlie))})
    reply = await socket.receive_json_from()
    await comment(ticket=ticket, actor=alice, body="hello")
    dana = await sync_to_async(UserFactory.create)(is_staff=True)
    await comment(ticket=ticket, actor=dana, body="SECRET", internal=True)

    assert reply == {"type": "auth.ok", "user": {"id": charlie.pk, "isAdmin": False}}
    assert await events(socket) == []


async def test_a_staff_member_who_reauthenticates_keeps_the_staff_stream(
    connect: Connect, alice: User, charlie: User
) -> None:
    socket = await connect(charlie)

    await socket.send_json_to({"type": "auth", "token": str(AccessToken.for_user(charlie))})
    await socket.receive_json_from()
    await create(actor=alice, title="New", description="D", category="Other")

    assert [e["type"] for e in await events(socket)] == ["ticket.created"]


def change_password(user: User) -> None:
    new = secrets.token_urlsafe(18)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    response = client.post(
        "/api/auth/password-change/",
        {"old_password": PASSWORD, "password": new, "password2": new},
        format="json",
    )
    assert response.status_code == 204, response.content


def reset_password(user: User) -> None:
    new = secrets.token_urlsafe(18)
    response = APIClient().post(
        "/api/auth/password-reset/confirm/",
        {
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "password": new,
            "password2": new,
        },
        format="json",
    )
    assert response.status_code == 204, response.content


def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def admin_edit(user: User, **changes: bool | str) -> None:
    """Save the user's change form in the admin site, as a superuser does."""
    user.refresh_from_db()
    fields: dict[str, Any] = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "notify_email": user.notify_email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        **changes,
    }
    data = {name: value for name, value in fields.items() if value is not False}
    response = superuser_client().post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def admin_set_password(user: User) -> None:
    new = secrets.token_urlsafe(18)
    response = superuser_client().post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize(
    "change",
    [
        change_password,
        reset_password,
        admin_set_password,
        lambda user: admin_edit(user, is_active=False),
        lambda user: admin_edit(user, is_staff=False),
    ],
    ids=["password-change", "password-reset", "admin-password", "deactivated", "demoted"],
)
async def test_an_account_change_closes_the_users_open_sockets_with_4403(
    connect: Connect, charlie: User, bob: User, change: Callable[[User], None]
) -> None:
    sockets = [await connect(charlie), await connect(charlie)]
    others = await connect(bob)

    await sync_to_async(change)(charlie)

    assert [await closed_with(socket) for socket in sockets] == [4403, 4403]
    assert await others.receive_nothing(timeout=0.3)


async def test_an_unrelated_admin_edit_leaves_the_sockets_open(
    connect: Connect, charlie: User
) -> None:
    socket = await connect(charlie)

    await sync_to_async(admin_edit)(charlie, first_name="Charles")

    assert await socket.receive_nothing(timeout=0.3)
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from() == {"type": "pong"}


async def test_events_say_who_acted_and_which_fields_changed(
    connect: Connect, alice: User, charlie: User
) -> None:
    """The payload of SPEC 4d, plus `actor` on every event and `changes` on an
    update, so that clients can say "charlie set the status to Resolved"."""
    staff_socket = await connect(charlie)
    ticket = await create(actor=alice, title="T", description="D", category="Other")
    requester_socket = await connect(alice)

    await sync_to_async(services.ticket_update)(
        ticket=ticket,
        actor=charlie,
        changes={"status": "Resolved", "priority": "High", "title": "T"},  # title unchanged
    )
    await sync_to_async(services.ticket_update)(
        ticket=ticket, actor=charlie, changes={"assignee": charlie}
    )
    await comment(ticket=ticket, actor=alice, body="Thanks")
    # A requester's reply reopens a resolved ticket: the requester did that.
    fetched = await sync_to_async(Ticket.objects.select_related("created_by").get)(pk=ticket.pk)
    await delete(ticket=fetched, actor=charlie)

    charlie_ref = {"id": charlie.pk, "username": "charlie"}
    alice_ref = {"id": alice.pk, "username": "alice"}
    expected = [
        ("ticket.updated", charlie_ref, ["status", "priority"]),
        ("ticket.updated", charlie_ref, ["assignee"]),
        ("comment.created", alice_ref, None),
        ("ticket.updated", alice_ref, ["status"]),
        ("ticket.deleted", charlie_ref, None),
    ]
    staff_events = await events(staff_socket)
    assert staff_events[0]["type"] == "ticket.created"
    assert staff_events[0]["actor"] == alice_ref
    assert "changes" not in staff_events[0]
    for received in (staff_events[1:], await events(requester_socket)):
        assert [(e["type"], e["actor"], e.get("changes")) for e in received] == expected
        # The fields the event had before are all still there.
        assert all("ticket" in e for e in received)
        assert received[2]["comment"]["body"] == "Thanks"


async def test_attachment_urls_point_at_the_address_each_client_connected_to(
    alice: User, charlie: User, settings: Settings
) -> None:
    """Not SITE_URL: the app may be reached on another port or name than the
    one configured for e-mails, and a URL on another origin breaks previews."""
    settings.SITE_URL = "https://help.example.org"
    token = str(AccessToken.for_user(charlie))
    sockets = {}
    for origin, host in (
        ("http://127.0.0.1:8811", b"127.0.0.1:8811"),
        ("http://localhost:9000", b"localhost:9000"),
        # A Host the app does not serve gets the configured address.
        ("https://help.example.org", b"evil.test"),
    ):
        socket = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, (b"host", host)])
        assert (await socket.connect())[0]
        await socket.send_json_to({"type": "auth", "token": token})
        assert (await socket.receive_json_from())["type"] == "auth.ok"
        sockets[origin] = socket

    def upload() -> attachments.InspectedUpload:
        return attachments.inspect_upload(SimpleUploadedFile("notes.txt", b"hello\n"))

    ticket = await create(
        actor=alice, title="File", description="D", category="Other", upload=upload()
    )
    await comment(ticket=ticket, actor=charlie, body="see", uploads=[upload()])

    for origin, socket in sockets.items():
        created, commented = await events(socket)
        assert created["ticket"]["attachment"].startswith(f"{origin}/api/attachments/")
        assert commented["comment"]["attachment"].startswith(f"{origin}/api/attachments/")
        await socket.disconnect()


# One process, one subscription per group (helpdesk/realtime/hub.py)


async def test_a_process_joins_each_group_once_whatever_its_number_of_sockets(
    connect: Connect, alice: User, charlie: User
) -> None:
    layer = get_channel_layer()
    staff_sockets = [await connect(charlie) for _ in range(3)]
    requester_socket = await connect(alice)

    assert {group: len(layer.groups[group]) for group in layer.groups} == {
        "staff": 1,
        f"account-{charlie.pk}": 1,
        f"user-{alice.pk}": 1,
        f"account-{alice.pk}": 1,
    }
    await create(actor=alice, title="New", description="D", category="Other")
    for socket in [*staff_sockets, requester_socket]:
        assert [e["type"] for e in await events(socket)] == ["ticket.created"]

    await staff_sockets[0].disconnect()
    await staff_sockets[1].disconnect()
    assert len(layer.groups["staff"]) == 1
    await staff_sockets[2].disconnect()
    await requester_socket.disconnect()
    assert layer.groups == {}


@pytest.fixture
async def redis_layer(settings: Settings) -> AsyncIterator[None]:
    """The layer several processes share (SPEC 5b), on the test Redis."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url]}}
    }
    try:
        await get_channel_layer().group_send("probe", {"type": "probe"})
    except OSError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {url}")
    yield
    await get_channel_layer().flush()


@pytest.mark.usefixtures("redis_layer")
async def test_through_redis_each_audience_hears_its_events_and_an_account_change_closes(
    connect: Connect, alice: User, bob: User, charlie: User
) -> None:
    staff_sockets = [await connect(charlie), await connect(charlie)]
    alices, bobs = await connect(alice), await connect(bob)
    ticket = await create(actor=alice, title="Mine", description="D", category="Other")

    await comment(ticket=ticket, actor=charlie, body="SECRET", internal=True)
    await comment(ticket=ticket, actor=charlie, body="for alice")

    for socket in staff_sockets:
        assert [e["type"] for e in await events(socket)] == [
            "ticket.created",
            *2 * ["comment.created"],
        ]
    received = await events(alices)
    assert [e["type"] for e in received] == ["ticket.created", "comment.created"]
    assert received[1]["comment"]["body"] == "for alice"
    assert await events(bobs) == []
    await sync_to_async(change_password)(charlie)
    assert [await closed_with(socket) for socket in staff_sockets] == [4403, 4403]
    assert await alices.receive_nothing(timeout=0.3)
