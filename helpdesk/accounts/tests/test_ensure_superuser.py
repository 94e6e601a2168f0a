import pytest
from django.core.management import call_command

from helpdesk.accounts.models import User

pytestmark = pytest.mark.django_db


def test_creates_the_superuser_named_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "s3cret-enough-Pass")

    call_command("ensure_superuser")
    call_command("ensure_superuser")  # a second start changes nothing

    boss = User.objects.get()
    assert boss.is_superuser and boss.is_staff
    assert boss.check_password("s3cret-enough-Pass")


def test_leaves_an_existing_user_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    User.objects.create_user(username="boss", password="original-password")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "other-password")

    call_command("ensure_superuser")

    boss = User.objects.get()
    assert not boss.is_superuser
    assert boss.check_password("original-password")


def test_does_nothing_without_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    call_command("ensure_superuser")

    assert not User.objects.exists()
