"""The API as integrators reach it, against the real server: a Python client
generated from /api/schema/ by openapi-python-client and used as generated,
curl with its form fields, and paths typed without the trailing slash.
"""

import http.client
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from .helpers import (
    PASSWORD,
    STAFF_PASSWORD,
    STAFF_USERNAME,
    Server,
    api_ticket,
    call_api,
    png,
    staff_token,
)

PACKAGE = "helpdesk_api_client"  # openapi-python-client names it after the schema's title


@pytest.fixture(scope="module")
def api(server: Server, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The client openapi-python-client generates from the live schema, imported as is."""
    out = tmp_path_factory.mktemp("generated")
    venv_bin = str(Path(sys.executable).parent)  # its post-hooks run ruff from PATH
    # The generator only knows JSON, form and octet-stream bodies: a ticket's PDF
    # (application/pdf) is read as the binary File it is, as an integrator would.
    config = out / "config.json"
    config.write_text(
        json.dumps({"content_type_overrides": {"application/pdf": "application/octet-stream"}})
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--url",
            f"{server.url}/api/schema/",
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(out / PACKAGE),
            # A schema piece it cannot turn into code fails the test, not a
            # silently missing function.
            "--fail-on-warning",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=120,
    )
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))


def operation(api: ModuleType, name: str) -> Any:
    tag = name.split("_", 1)[0]
    return importlib.import_module(f"{api.__name__}.api.{tag}.{name}")


def test_a_generated_client_runs_the_whole_scenario_unedited(
    api: ModuleType, server: Server, unique: str
) -> None:
    with ExitStack() as clients:
        scenario(api, server, unique, clients)


def scenario(api: ModuleType, server: Server, unique: str, clients: ExitStack) -> None:
    """What an integrator writes with the generated client, step by step."""
    models = importlib.import_module(f"{PACKAGE}.models")
    types = importlib.import_module(f"{PACKAGE}.types")
    anon = clients.enter_context(api.Client(base_url=server.url, raise_on_unexpected_status=True))

    def sign_in(username: str, password: str) -> Any:
        tokens = operation(api, "auth_login_create").sync(
            client=anon, body=models.TokenObtainPairRequest(username=username, password=password)
        )
        assert isinstance(tokens, models.TokenPair)
        return clients.enter_context(
            api.AuthenticatedClient(
                base_url=server.url, token=tokens.access, raise_on_unexpected_status=True
            )
        )

    def upload(name: str) -> Any:
        return types.File(payload=io.BytesIO(png()), file_name=name, mime_type="image/png")

    username = f"sdk{unique}"
    registered = operation(api, "auth_register_create").sync_detailed(
        client=anon,
        body=models.RegisterRequest(
            username=username,
            email=f"{username}@example.com",
            password=PASSWORD,
            password2=PASSWORD,
        ),
    )
    assert registered.status_code == 201
    refused = operation(api, "auth_login_create").sync(
        client=anon, body=models.TokenObtainPairRequest(username=username, password="wrong")
    )
    assert isinstance(refused, models.Error)
    assert refused.detail
    member, staff = sign_in(username, PASSWORD), sign_in(STAFF_USERNAME, STAFF_PASSWORD)

    create = operation(api, "tickets_create")
    technical = models.TicketCategoryEnum.TECHNICAL
    ticket, with_file = (
        create.sync(client=member, body=body)
        for body in (
            models.TicketWriteRequest(
                title=f"VPN drops {unique}",
                description="Every ten minutes.",
                category=technical,
                priority=models.PriorityEnum.HIGH,
            ),
            models.TicketWriteMultipartRequest(
                title=f"Screen flickers {unique}",
                description="See the photo.",
                category=technical,
                attachment=upload("screen.png"),
            ),
        )
    )
    assert isinstance(ticket, models.Ticket)
    assert isinstance(with_file, models.Ticket)
    assert ticket.status == models.TicketStatusEnum.NEW
    assert with_file.attachment_name == "screen.png"
    # A JSON edit that does not mention the file leaves it alone.
    edited = operation(api, "tickets_partial_update").sync(
        id=with_file.id,
        client=staff,
        body=models.PatchedTicketWriteRequest(priority=models.PriorityEnum.LOW),
    )
    assert isinstance(edited, models.Ticket)
    assert (edited.priority, edited.attachment_name) == (models.PriorityEnum.LOW, "screen.png")

    listed = operation(api, "tickets_list").sync(
        client=member, search=unique, priority=models.TicketsListPriority.HIGH
    )
    assert isinstance(listed, models.PaginatedTicketListItemList)
    assert [item.id for item in listed.results] == [ticket.id]

    detail = operation(api, "tickets_retrieve").sync(id=ticket.id, client=member)
    assert isinstance(detail, models.Ticket)
    assert [entry.status for entry in detail.status_history] == [models.TicketStatusEnum.NEW]

    comment = operation(api, "tickets_comments_create")
    replies = [
        comment.sync(
            id=ticket.id, client=member, body=models.CommentWriteRequest(body="Any news?")
        ),
        # The generated multipart sends internal=False as the text "False".
        comment.sync(
            id=ticket.id,
            client=member,
            body=models.CommentWriteMultipartRequest(
                body="Here is the error.", internal=False, attachment=upload("error.png")
            ),
        ),
        comment.sync(
            id=ticket.id,
            client=staff,
            body=models.CommentWriteFormRequest(body="Known VPN bug, see KB-12.", internal=True),
        ),
    ]
    assert [type(reply) for reply in replies] == [models.Comment] * 3
    assert [reply.internal for reply in replies] == [False, False, True]
    assert replies[1].attachment_name == "error.png"
    refused_note = comment.sync(
        id=ticket.id,
        client=member,
        body=models.CommentWriteMultipartRequest(body="Sneaky", internal=True),
    )
    assert isinstance(refused_note, models.ValidationError)
    assert "internal" in refused_note.additional_properties

    seen_by_member = operation(api, "tickets_comments_list").sync(id=ticket.id, client=member)
    assert [reply.body for reply in seen_by_member] == ["Any news?", "Here is the error."]

    changed = operation(api, "tickets_status_partial_update").sync(
        id=ticket.id,
        client=staff,
        body=models.PatchedTicketStatusRequest(status=models.TicketStatusEnum.RESOLVED),
    )
    assert isinstance(changed, models.Ticket)
    assert changed.status == models.TicketStatusEnum.RESOLVED

    activity = operation(api, "tickets_activity_list").sync(id=ticket.id, client=staff)
    kinds = [entry.kind.value for entry in activity]
    assert kinds == ["created", "comment", "comment", "comment", "status"]

    invalid = create.sync(
        client=member,
        body=models.TicketWriteRequest(
            title="", description="No title", category=models.TicketCategoryEnum.OTHER
        ),
    )
    assert isinstance(invalid, models.ValidationError)
    assert invalid.additional_properties["title"] == ["This field may not be blank."]
    missing = operation(api, "tickets_retrieve").sync(id=2_000_000_000, client=member)
    assert isinstance(missing, models.Error)
    assert missing.detail


def curl(*args: str) -> tuple[int, Any]:
    """Run curl; the final status and the decoded JSON body (None when empty)."""
    if not shutil.which("curl"):
        pytest.skip("curl is not installed (.ci/run installs it)")
    result = subprocess.run(
        ["curl", "--silent", "--show-error", "--write-out", "\n%{http_code}", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    body, _, status = result.stdout.rpartition("\n")
    return int(status), json.loads(body) if body else None


def test_curl_form_fields_as_people_type_them(server: Server, tmp_path: Path, unique: str) -> None:
    bearer = staff_token(server.url)
    auth = f"Authorization: Bearer {bearer}"
    shot = tmp_path / "shot.png"
    shot.write_bytes(png())

    status, ticket = curl(
        "-H",
        auth,
        "-F",
        f"title=Curl {unique}",
        "-F",
        "description=Typed by hand",
        "-F",
        "category=Technical",
        "-F",
        f"attachment=@{shot}",
        f"{server.url}/api/tickets/",
    )
    assert status == 201, ticket
    assert ticket["attachment_name"] == "shot.png"
    comments = f"{server.url}/api/tickets/{ticket['id']}/comments/"

    status, note = curl("-H", auth, "-F", "body=Internal", "-F", "internal=1", comments)
    assert (status, note["internal"]) == (201, True)
    # A plain HTML form: urlencoded, and a checked box says "on".
    status, note = curl("-H", auth, "--data", "body=From a form&internal=on", comments)
    assert (status, note["internal"]) == (201, True)
    status, reply = curl("-H", auth, "-F", "body=Public", "-F", "internal=no", comments)
    assert (status, reply["internal"]) == (201, False)


def test_curl_follows_a_write_without_the_slash_and_the_write_happens(
    server: Server, unique: str
) -> None:
    bearer = staff_token(server.url)
    auth = ("-H", f"Authorization: Bearer {bearer}", "-H", "Content-Type: application/json")
    title = f"No slash {unique}"

    status, created = curl(
        *auth,
        "--location",
        "--data",
        json.dumps({"title": title, "description": "d", "category": "Other"}),
        f"{server.url}/api/tickets",
    )
    assert status == 201, created
    assert created["title"] == title
    url = f"{server.url}/api/tickets/{created['id']}"

    status, changed = curl(
        *auth, "--location", "-X", "PATCH", "--data", '{"priority": "Critical"}', url
    )
    assert (status, changed["priority"]) == (200, "Critical")
    status, _ = curl(*auth, "--location", "-X", "DELETE", url)
    assert status == 204
    status, _ = curl(*auth, f"{url}/")
    assert status == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_without_the_slash_gets_308_on_the_wire(
    server: Server, method: str, unique: str
) -> None:
    """Raw HTTP, no client library that might follow redirects its own way."""
    bearer = staff_token(server.url)
    ticket_id = api_ticket(server.url, bearer, f"Wire {method} {unique}", "From curl", "Other")
    path = "/api/tickets" if method == "POST" else f"/api/tickets/{ticket_id}"
    body = json.dumps({"title": "Changed", "description": "d", "category": "Other"})

    status, location, reply = raw(server, method, path, body, bearer)

    assert status == 308
    assert location == f"{path}/"
    assert reply == {"detail": f"This address ends with a slash: {method} {path}/"}
    kept = call_api(server.url, f"/api/tickets/{ticket_id}/", {}, bearer, method="GET")
    assert kept["title"] == f"Wire {method} {unique}"


def test_a_read_without_the_slash_is_still_redirected(server: Server) -> None:
    status, location, _ = raw(server, "GET", "/api/health", "", "")

    assert (status, location) == (301, "/api/health/")


def raw(server: Server, method: str, path: str, body: str, bearer: str) -> tuple[int, str, Any]:
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    try:
        connection.request(method, path, body.encode() or None, headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheader("Location") or "", json.loads(data or "null")
    finally:
        connection.close()
