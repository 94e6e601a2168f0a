import secrets

import pytest
from django.core.management import call_command

from helpdesk.accounts.models import User

pytestmark = pytest.mark.django_db

# Made up per run: no credential is committed, not even a test one.
CHOSEN, ORIGINAL, OTHER = (secrets.token_urlsafe(18) for _ in range(3))


def test_creates_the_superuser_named_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", CHOSEN)

    call_command("ensure_superuser")
    call_command("ensure_superuser")  # a second start changes nothing

    boss = User.objects.get()
    assert boss.is_superuser and boss.is_staff
    assert boss.check_password(CHOSEN)


def test_leaves_an_existing_user_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    User.objects.create_user(username="boss", password=ORIGINAL)
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", OTHER)

    call_command("ensure_superuser")

    boss = User.objects.get()
    assert not boss.is_superuser
    assert boss.check_password(ORIGINAL)


def test_does_nothing_without_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    call_command("ensure_superuser")

    assert not User.objects.exists()
