"""Per-installation secrets for a zero-configuration start.

When a key is not given in the environment it is generated once into
DATA_DIR (mode 0600) and reused, so no secret is ever committed and tokens
survive restarts.
"""

import os
import secrets
from pathlib import Path


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
