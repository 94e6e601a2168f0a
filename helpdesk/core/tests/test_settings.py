import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list
from config.secrets import read_or_create_key

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("0", False), ("YES", True), ("off", False), ("", True)]
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("FLAG", raw)

    assert env_bool("FLAG", True) is expected


def test_env_bool_names_the_variable_when_the_value_is_bad(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool("DEBUG", False)


def test_env_int_refuses_text_and_values_below_the_minimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIZE", "ten")
    with pytest.raises(ImproperlyConfigured, match="SIZE"):
        env_int("SIZE", 1)
    monkeypatch.setenv("SIZE", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SIZE", 1, minimum=1)


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")

    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_generated_key_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"

    first = read_or_create_key(path)

    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_or_create_key(path) == first


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_startup_stops_on_a_bad_value_and_names_it(tmp_path: Path) -> None:
    result = _manage({"DEBUG": "maybe", "DATA_DIR": str(tmp_path)}, "check")

    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_zero_configuration_start_generates_keys_into_data_dir(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "", "JWT_SIGNING_KEY": "", "DATABASE_URL": ""}

    result = _manage(env, "check", "--deploy")

    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert (tmp_path / "jwt_signing_key").read_text() != (tmp_path / "secret_key").read_text()


def _python(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


NO_KEYS = {"SECRET_KEY": "", "JWT_SIGNING_KEY": "", "DATABASE_URL": ""}


def test_importing_the_settings_writes_nothing(tmp_path: Path) -> None:
    # What mypy's Django plugin and the tests do: load settings and apps.
    data_dir = tmp_path / "data"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "assert settings.SECRET_KEY and settings.SIMPLE_JWT['SIGNING_KEY']"
    )

    result = _python({**NO_KEYS, "DATA_DIR": str(data_dir)}, code)

    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()


def test_the_server_generates_its_keys_before_the_settings_load(tmp_path: Path) -> None:
    code = "import config.asgi; from django.conf import settings; print(settings.SECRET_KEY)"

    result = _python({**NO_KEYS, "DATA_DIR": str(tmp_path)}, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (tmp_path / "secret_key").read_text()
    assert (tmp_path / "jwt_signing_key").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8811"}, "http://127.0.0.1:8811"),
        ({"HOST": "helpdesk.lan", "PORT": "80"}, "http://helpdesk.lan:80"),
        ({"HOST": "::1", "PORT": "8811"}, "http://[::1]:8811"),
        ({"PORT": "8811", "SITE_URL": "https://help.example.org/"}, "https://help.example.org"),
    ],
)
def test_site_url_defaults_to_where_make_run_serves(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "SITE_URL")}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.SITE_URL)",
        ],
        cwd=ROOT,
        env={**clean, "DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
