"""Per-installation secrets for a zero-configuration start.

When a key is not given in the environment, the server and management
commands generate it once into DATA_DIR (mode 0600) and reuse it, so no
secret is ever committed and tokens survive restarts. Importing the settings
writes nothing (mypy and the tests import them): the entry points call
`prepare_data_dir` before Django loads the settings.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings

from config.env import BASE_DIR, env_str, load_env_file

KEY_FILES = {"SECRET_KEY": "secret_key", "JWT_SIGNING_KEY": "jwt_signing_key"}


def data_dir() -> Path:
    return Path(env_str("DATA_DIR", str(BASE_DIR / "data"))).resolve()


def key(name: str) -> str:
    """The key from the environment, else the one generated into DATA_DIR.

    Without either (settings imported by a tool, not by the server), a
    throwaway key for this process only: nothing it signs outlives it.
    """
    if value := env_str(name):
        return value
    try:
        return (data_dir() / KEY_FILES[name]).read_text().strip()
    except FileNotFoundError:
        return secrets.token_urlsafe(50)


def prepare_data_dir() -> None:
    """Create DATA_DIR and the keys the environment does not give.

    Called by manage.py and the ASGI/WSGI modules, before the settings load.
    Once they are loaded (a test importing the ASGI app) it is too late and
    there is nothing to do: the settings already hold their keys.
    """
    if settings.configured:
        return
    load_env_file()
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for name, filename in KEY_FILES.items():
        if not env_str(name):
            read_or_create_key(directory / filename)


def read_or_create_key(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        # O_EXCL: if two processes start together, only one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
