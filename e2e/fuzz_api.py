"""Fuzz the whole API with Schemathesis against a live server (`make fuzz`).

Starts the app like `make run` on a temporary DATA_DIR, signs in as a
requester and as staff, and runs Schemathesis with its default checks over
every operation in /api/schema/ for each. Exits non-zero on any failure:
a server error, a response that breaks the schema, an undocumented status.
"""

import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from e2e.helpers import (
    api_login,
    api_register,
    prepare,
    server_env,
    serving,
    staff_token,
)

HERE = Path(__file__).resolve().parent
MEMBER, MEMBER_PASSWORD = "fuzz-member", secrets.token_urlsafe(18)
UNLIMITED = {
    # The fuzzer sends thousands of requests from one address in a minute.
    "THROTTLE_REGISTER": "1000000/hour",
    "THROTTLE_PASSWORD_RESET": "1000000/hour",
    "THROTTLE_TICKETS": "1000000/minute",
    "THROTTLE_COMMENTS": "1000000/minute",
    "LOGIN_FAILURE_LIMIT": "1000000",
}


def fuzz(url: str, who: str, token: str, seconds: int) -> int:
    print(f"=== Schemathesis as {who} ===", flush=True)
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        f"{url}/api/schema/",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-time",
        str(seconds),
        # One worker: with two threads Hypothesis parses lambdas' source at the
        # same time and CPython 3.11.7's parser can fail with "AST constructor
        # recursion depth mismatch" (a race in the interpreter, not our API).
        "--workers",
        "1",
        "--seed",
        "20261128",
    ]
    return subprocess.run(command, check=False).returncode


def main() -> int:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with tempfile.TemporaryDirectory() as data_dir:
        env = server_env(Path(data_dir), **UNLIMITED)
        prepare(env)
        with serving(env, Path(data_dir) / "server.log", worker=False) as url:
            api_register(url, MEMBER, MEMBER_PASSWORD)
            member = api_login(url, MEMBER, MEMBER_PASSWORD)
            staff = staff_token(url)
            codes = [fuzz(url, "a requester", member, seconds), fuzz(url, "staff", staff, seconds)]
        errors = (Path(data_dir) / "server.log").read_text().count("Internal Server Error")
    print(f"server errors logged: {errors}")
    return 1 if errors or any(codes) else 0


if __name__ == "__main__":
    sys.exit(main())
