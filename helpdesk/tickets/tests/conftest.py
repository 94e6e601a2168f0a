"""More personas and a tap on the live events, for the tickets' tests.

dana is a second active staff member (charlie's colleague)."""

from collections.abc import Iterator
from typing import Any

import pytest

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory

Sent = list[dict[str, dict[str, Any]]]


@pytest.fixture
def dana(db: None) -> User:
    return UserFactory.create(username="dana", email="dana@example.com", is_staff=True)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sent]:
    """Every broadcast: {group: payload}, in order."""
    calls: Sent = []
    monkeypatch.setattr("helpdesk.tickets.events.broadcast", calls.append)
    yield calls
