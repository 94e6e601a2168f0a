"""WebSocket fan-out benchmark: N authenticated sockets on one server process.

    make bench-ws                      # 1,000 sockets, 20 broadcasts
    python -m bench.ws_broadcast --sockets 1000 --rounds 20

Starts uvicorn (one process, production settings) on a temporary DATA_DIR,
opens the sockets (each authenticates with its first message, as the SPA
does), changes a ticket's status over HTTP, and measures the time from the
HTTP request to each socket's receipt of the event. Prints p50/p95/p99 and
the server's resident memory with the sockets open.
"""

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from e2e.helpers import api_login, call_api

ROOT = Path(__file__).resolve().parent.parent
STAFF, PASSWORD = "bench-staff", secrets.token_urlsafe(18)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used: unlike the latency, it
    hardly moves with what else the shared machine runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(data_dir: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATA_DIR": data_dir,
        "DEBUG": "false",
        "DJANGO_SUPERUSER_USERNAME": STAFF,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "JWT_ACCESS_MINUTES": "60",
    }
    for command in (["migrate", "--noinput"], ["createcachetable"], ["ensure_superuser"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--no-access-log",
            "--ws-per-message-deflate",
            "false",
        ],  # as `make run`
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


async def open_socket(url: str, token: str) -> ClientConnection:
    socket = await connect(
        url.replace("http", "ws") + "/ws/",
        origin=Origin(url),
        max_queue=None,
        open_timeout=60,
        ping_interval=None,
    )
    await socket.send(json.dumps({"type": "auth", "token": token}))
    assert json.loads(await socket.recv())["type"] == "auth.ok"
    return socket


class Receipt(asyncio.Protocol):
    """Takes over an authenticated socket's transport and notes when the
    bytes of the next event arrive: the server's frames are unmasked and
    uncompressed (`--ws-per-message-deflate false`), so its JSON is in them
    as sent. (It answers no ping: the run ends before the server would
    miss a pong.)"""

    EVENT = b'"ticket.updated"'

    def __init__(self, socket: ClientConnection) -> None:
        self.transport = socket.transport
        self.transport.set_protocol(self)
        self.arrived: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.tail = b""  # an event split across two reads is still seen

    def data_received(self, data: bytes) -> None:
        seen = self.tail + data
        if not self.arrived.done() and self.EVENT in seen:
            self.arrived.set_result(time.perf_counter())
            seen = b""
        self.tail = seen[-len(self.EVENT) :]


async def run(url: str, sockets_wanted: int, rounds: int, pid: int) -> None:
    token = api_login(url, STAFF, PASSWORD)
    ticket = call_api(
        url, "/api/tickets/", {"title": "Bench", "description": "x", "category": "Other"}, token
    )
    idle_mb = rss_mb(pid)
    sockets: list[ClientConnection] = []
    for start in range(0, sockets_wanted, 100):  # open in batches, as users arrive
        batch = min(100, sockets_wanted - start)
        sockets += await asyncio.gather(*(open_socket(url, token) for _ in range(batch)))
    loaded_mb = rss_mb(pid)

    # From here each socket's bytes go to a Receipt instead of the client
    # library: parsing 1,000 frames per event in Python took the client as
    # long as the server took to send them, on the same two cores, and the
    # tail measured the client.
    receipts = [Receipt(socket) for socket in sockets]
    latencies: list[float] = []
    cpu_before = cpu_seconds(pid)
    statuses = ["Under Review", "Resolved", "New"]
    loop = asyncio.get_running_loop()
    for n in range(rounds):
        for receipt in receipts:
            receipt.arrived = loop.create_future()
        await asyncio.sleep(0.05)
        sent = time.perf_counter()
        await asyncio.to_thread(
            call_api,
            url,
            f"/api/tickets/{ticket['id']}/status/",
            {"status": statuses[n % 3]},
            token,
            "PATCH",
        )
        received = await asyncio.wait_for(
            asyncio.gather(*(receipt.arrived for receipt in receipts)), timeout=30
        )
        latencies += [(t - sent) * 1000 for t in received]

    cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / rounds
    q = statistics.quantiles(latencies, n=100)
    print(f"first delivery: min {min(latencies):.1f} ms")
    print(f"sockets: {len(sockets)}  broadcasts: {rounds}  deliveries: {len(latencies)}")
    print(
        f"delivery latency from the HTTP request: p50 {q[49]:.1f} ms  p95 {q[94]:.1f} ms  "
        f"p99 {q[98]:.1f} ms  max {max(latencies):.1f} ms"
    )
    print(f"server CPU per broadcast (HTTP request included): {cpu_ms:.0f} ms")
    print(
        f"server memory (RSS): idle {idle_mb:.0f} MB, with {len(sockets)} sockets "
        f"{loaded_mb:.0f} MB, after the broadcasts {rss_mb(pid):.0f} MB"
    )
    for receipt in receipts:
        receipt.transport.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(data_dir, args.port)
        try:
            asyncio.run(run(f"http://127.0.0.1:{args.port}", args.sockets, args.rounds, server.pid))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
