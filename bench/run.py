"""`make bench`: seed a data set, serve it with uvicorn, load it with wrk, print one table.

    python -m bench.run                      # 100,000 tickets on SQLite
    python -m bench.run --postgres --tickets 1000000

Everything runs on a temporary DATA_DIR (or a database of its own on
PostgreSQL) with production settings (DEBUG off). Each operation is driven
by wrk for `--seconds` over `--connections` keep-alive connections (a closed
loop: throughput is what the server sustains, latency includes queueing).
Queries per request are counted, not guessed: one pass per operation through
Django's test client against the same seeded database.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgresql://postgres@127.0.0.1:5432/{name}"

# wrk calls done() once at the end; latencies are in microseconds.
WRK_SCRIPT = """
local paths = {%(paths)s}
local bodies = {%(bodies)s}
local n = 0
wrk.method = "%(method)s"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = nil
  if #bodies > 0 then body = bodies[(n %% #bodies) + 1] end
  return wrk.format(nil, paths[(n %% #paths) + 1], nil, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"p50\\": %%d, \\"p95\\": %%d, \\"p99\\": %%d, \\"requests\\": %%d, " ..
    "\\"duration\\": %%d, \\"bad\\": %%d}\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Operation:
    name: str
    paths: list[str]
    token: str
    method: str = "GET"
    bodies: tuple[str, ...] = ()
    expect: int = 200
    rate: int = 0  # requests per second offered on a fixed schedule; 0: wrk's closed loop
    # wrk's connections, when not --connections: a report is one person's
    # click, and eight at once would each wait for the others' CPU.
    connections: int | None = None
    one_at_a_time_copy: bool = False  # a row's copy with connections=1


def _lua_list(items: Any) -> str:
    return ", ".join(json.dumps(item) for item in items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="a fresh database on :5432")
    parser.add_argument("--seconds", type=int, default=8, help="load per operation")
    parser.add_argument("--connections", type=int, default=8)
    # Two cores: two processes, one each. More workers only add context switches
    # and memory; the load generator needs a little CPU too.
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rate", type=int, default=200, help="offered load of the fixed-rate list run"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="time each operation through Django's test client, one at a time, no server: "
        "what a request costs, without the noise of load (the growth curve)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: keep the data set of the last run if it has this many tickets",
    )
    parser.add_argument(
        "--pg-database",
        default="helpdesk_bench",
        help="PostgreSQL: the database to drop and seed (one per person on a shared server)",
    )
    parser.add_argument(
        "--only", default="", help="run only operations whose name contains this (and baselines)"
    )
    args = parser.parse_args()

    if not shutil.which("wrk") and not args.in_process:
        sys.exit("make bench needs wrk: sudo apt-get install -y wrk (or brew install wrk)")

    data_dir = Path(tempfile.mkdtemp(prefix="helpdesk-bench-"))
    env = {
        "DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "JWT_ACCESS_MINUTES": "240",
        # The create operation is a load test, not abuse.
        "THROTTLE_TICKETS": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        # The product's settings, plus the reference views' URLs (bench/urls.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    if args.postgres:
        name = _pg_database(args.pg_database, reuse=args.reuse and args.tickets)
        env["DATABASE_URL"] = PG_URL.format(name=name)
    os.environ.update(env)
    try:
        _run(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _pg_database(name: str, *, reuse: int) -> str:
    """A fresh database, or with --reuse the last run's if it has as many tickets."""
    import psycopg

    if reuse:
        try:
            with psycopg.connect(PG_URL.format(name=name)) as conn:
                row = conn.execute("SELECT count(*) FROM tickets_ticket").fetchone()
                if row and reuse <= row[0] < reuse * 1.01:  # plus the last run's creates
                    return name
        except psycopg.Error:
            pass  # none yet, or from before the tables: start afresh
    with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return name


def _run(args: argparse.Namespace, data_dir: Path) -> None:
    import django

    from config.secrets import prepare_data_dir

    # The keys into DATA_DIR before the settings load, as manage.py and the
    # server do: otherwise this process signs its tokens with a throwaway key
    # the server does not know (every request a 401).
    prepare_data_dir()
    django.setup()
    from django.core.management import call_command

    from bench.seed import COMMON_WORD, RARE_WORD, seed
    from helpdesk.tickets.models import Ticket

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    if Ticket.objects.exists():  # --reuse found the data set of an earlier run
        counts, seeded = {"tickets": args.tickets}, float("nan")
        print(f"reusing the {args.tickets:,} tickets of an earlier run", flush=True)
    else:
        counts = seed(tickets=args.tickets)
        seeded = time.perf_counter() - started
        rows = ", ".join(f"{n:,} {table}" for table, n in counts.items())
        print(f"seeded {rows} in {seeded:.1f} s", flush=True)

    operations = [
        op
        for op in _operations(args.tickets, COMMON_WORD, RARE_WORD, args.rate)
        if op.name.startswith("baseline") or args.only in op.name
    ]
    queries = {op.name: _count_queries(op) for op in operations}
    if args.in_process:
        # A rate needs a server; in process every row is one at a time already.
        operations = [op for op in operations if not op.rate and not op.one_at_a_time_copy]
        results = {op.name: _time_in_process(op) for op in operations}
        _print_table(operations, results, queries, args, counts, seeded)
        return

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
            "--no-access-log",
            "--log-level",
            "warning",
            "--ws-per-message-deflate",
            "false",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        _wait_for(f"{base}/api/health/")
        results = {}
        for op in operations:
            connections = op.connections or args.connections
            _load(base, op, seconds=1, connections=connections)  # warm up
            results[op.name] = _load(base, op, seconds=args.seconds, connections=connections)
        run_exports = not args.only or "export" in args.only
        exports = _exports(base, server.pid, RARE_WORD) if run_exports else []
    finally:
        server.terminate()
        server.wait(timeout=30)

    _print_table(operations, results, queries, args, counts, seeded)
    _print_exports(exports)


@dataclass
class ExportRun:
    format: str
    rows: int
    bytes: int
    seconds: float
    growth: int  # bytes: the most any server process grew during the export


def _exports(base: str, server_pid: int, rare: str) -> list[ExportRun]:
    """Every ticket as CSV, then as XLSX, through the real server, one at a
    time: rows per second, and how much the server's memory (RSS) grew.
    Each server process is sampled every 20 ms; growth is its peak over its
    size just before. A small export of each format first, so a one-off
    import is not counted as growth."""
    from rest_framework_simplejwt.tokens import AccessToken

    from helpdesk.accounts.models import User

    token = str(AccessToken.for_user(User.objects.get(username="staff0")))
    for kind in ("csv", "xlsx"):
        _download(f"{base}/api/tickets/export/?format={kind}&search={rare}", token)
    runs = []
    for kind in ("csv", "xlsx"):
        workers = _children(server_pid)
        before = {pid: _rss(pid) for pid in workers}
        peak = dict(before)
        done = threading.Event()

        sampler = threading.Thread(target=_sample, args=(workers, peak, done))
        sampler.start()
        started = time.perf_counter()
        try:
            size, body = _download(f"{base}/api/tickets/export/?format={kind}", token, keep=kind)
        finally:
            done.set()
            sampler.join()
        seconds = time.perf_counter() - started
        rows = body.count(b"\r\n") - 1 if kind == "csv" else _xlsx_rows(body)
        growth = max(peak[pid] - before[pid] for pid in workers)
        runs.append(ExportRun(kind, rows, size, seconds, growth))
    return runs


def _sample(workers: list[int], peak: dict[int, int], done: threading.Event) -> None:
    while not done.wait(0.02):
        for pid in workers:
            peak[pid] = max(peak[pid], _rss(pid))


def _download(url: str, token: str, keep: str = "") -> tuple[int, bytes]:
    """The response's size; its body only when it is needed (kept on disk for XLSX)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    size, kept = 0, bytearray()
    with urllib.request.urlopen(request, timeout=3600) as response:
        while chunk := response.read(1024 * 1024):
            size += len(chunk)
            if keep:
                kept += chunk
    return size, bytes(kept)


def _xlsx_rows(body: bytes) -> int:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return sum(sheet.max_row - 1 for sheet in book.worksheets)


def _children(pid: int) -> list[int]:
    """uvicorn's worker processes (or the server itself, with one worker)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found or [pid]


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _print_exports(runs: list[ExportRun]) -> None:
    if not runs:
        return
    print()
    print("| export | rows | MB | seconds | rows/s | server RSS growth MB |")
    print("|---|--:|--:|--:|--:|--:|")
    for run in runs:
        print(
            f"| {run.format} | {run.rows:,} | {run.bytes / 1e6:.1f} | {run.seconds:.1f} | "
            f"{run.rows / run.seconds:,.0f} | {run.growth / 1e6:.1f} |"
        )


def _operations(tickets: int, common: str, rare: str, rate: int) -> list[Operation]:
    from django.db.models import Count
    from rest_framework_simplejwt.tokens import AccessToken

    from helpdesk.accounts.models import User
    from helpdesk.tickets.models import Ticket

    staff = User.objects.get(username="staff0")
    # The requester with most tickets: their list is a full page.
    requester = (
        User.objects.filter(is_staff=False).annotate(n=Count("tickets")).order_by("-n", "id")[0]
    )
    staff_token = str(AccessToken.for_user(staff))
    requester_token = str(AccessToken.for_user(requester))
    ids = list(
        Ticket.objects.order_by("id").values_list("id", flat=True)[: tickets : tickets // 101]
    )
    # Page size 20: the page holding position 90,000 (or near the end when smaller).
    deep_page = min(90_000, tickets - 20) // 20 + 1
    username = User.objects.filter(is_staff=False).order_by("id").values_list("username")[123][0]
    create = json.dumps(
        {"title": "Printer offline", "description": "Since 9:00.", "category": "Technical"}
    )
    # An odd number of tickets and two statuses, so each visit changes the status.
    status_ids = ids[:101]
    bodies = (json.dumps({"status": "Under Review"}), json.dumps({"status": "Resolved"}))
    # Four blocks of 100 tickets (not those above), each visited with the
    # other status than its last: every request changes all 100.
    blocks = [
        list(
            Ticket.objects.exclude(id__in=status_ids)
            .order_by("id")
            .values_list("id", flat=True)[n * 100 : (n + 1) * 100]
        )
        for n in range(4)
    ]
    bulk = tuple(
        json.dumps({"ids": block, "status": status})
        for status in ("Under Review", "Resolved")
        for block in blocks
    )
    searches = [
        Operation(f"search rare ({rare})", [f"/api/tickets/?search={rare}"], staff_token),
        Operation(f"search common ({common})", [f"/api/tickets/?search={common}"], staff_token),
        Operation(
            f"search username ({username})", [f"/api/tickets/?search={username}"], staff_token
        ),
    ]
    return [
        Operation("baseline: bare JsonResponse", ["/api/bench/bare/"], staff_token),
        Operation("baseline: .values() list", ["/api/bench/values/"], staff_token),
        Operation("list page 1 (staff)", ["/api/tickets/"], staff_token),
        *(
            Operation(f"staff queue, {size} rows", [f"/api/tickets/?page_size={size}"], staff_token)
            for size in (25, 50, 100)
        ),
        Operation("list page 1 (requester)", ["/api/tickets/"], requester_token),
        Operation(
            f"list page 1 (staff), {rate} req/s offered", ["/api/tickets/"], staff_token, rate=rate
        ),
        Operation(
            f"deep page {deep_page} (staff)", [f"/api/tickets/?page={deep_page}"], staff_token
        ),
        Operation(
            "filter status+category",
            ["/api/tickets/?status=Under%20Review&category=Billing"],
            staff_token,
        ),
        *searches,
        # The same one at a time: what a person typing waits, without seven
        # other requests ahead of theirs for the two cores.
        *(
            replace(op, name=f"{op.name}, 1 connection", connections=1, one_at_a_time_copy=True)
            for op in searches
        ),
        # Typed on the create form: several words, each common in the data set.
        Operation(
            "similar tickets (staff)",
            ["/api/tickets/similar/?q=printer%20jammed%20second%20floor"],
            staff_token,
        ),
        Operation(
            "similar tickets (requester)",
            ["/api/tickets/similar/?q=printer%20jammed%20second%20floor"],
            requester_token,
        ),
        Operation("detail with history", [f"/api/tickets/{pk}/" for pk in ids], staff_token),
        # The dashboard's report (SPEC 4f) over the data set's last month and
        # last year (it ends on 1 November 2026), in a zone with a DST change.
        Operation(
            "summary, 30 days (1 connection)",
            ["/api/reports/summary/?since=2026-10-02&until=2026-10-31&tz=Europe/Madrid"],
            staff_token,
            connections=1,
        ),
        Operation(
            "summary, 1 year weekly (1 connection)",
            [
                "/api/reports/summary/?since=2025-11-01&until=2026-10-31&tz=Europe/Madrid"
                "&interval=week"
            ],
            staff_token,
            connections=1,
        ),
        Operation("create", ["/api/tickets/"], staff_token, "POST", (create,), 201),
        Operation(
            "status change",
            [f"/api/tickets/{pk}/status/" for pk in status_ids],
            staff_token,
            "PATCH",
            bodies,
        ),
        Operation(
            "bulk status change, 100 tickets", ["/api/tickets/bulk/"], staff_token, "POST", bulk
        ),
    ]


def _count_queries(op: Operation) -> int:
    """Statements sent on any of the process's connections: a summary's
    passes run on the snapshot threads' own (helpdesk/core/snapshot.py)."""
    from django.db.backends.utils import CursorWrapper
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {op.token}")
    call = getattr(client, op.method.lower())
    kwargs: dict[str, Any] = {"content_type": "application/json"}
    if op.bodies:
        kwargs["data"] = op.bodies[0]
    sent: list[str] = []  # list.append is atomic across threads
    originals = {name: getattr(CursorWrapper, name) for name in ("_execute", "_executemany")}

    def counting(send: Any) -> Any:
        def counted(self: CursorWrapper, sql: str, *args: Any) -> Any:
            sent.append(sql)
            return send(self, sql, *args)

        return counted

    for name, send in originals.items():
        setattr(CursorWrapper, name, counting(send))
    try:
        response = call(op.paths[0], **kwargs)
    finally:
        for name, send in originals.items():
            setattr(CursorWrapper, name, send)
    assert response.status_code == op.expect, (op.name, response.status_code, response.content)
    return len(sent)


def _time_in_process(op: Operation, requests: int = 200) -> dict[str, int]:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {op.token}")
    call = getattr(client, op.method.lower())
    kwargs: dict[str, Any] = {"content_type": "application/json"}
    timings = []
    for n in range(requests + 20):  # the first 20 warm the caches
        if op.bodies:
            kwargs["data"] = op.bodies[n % len(op.bodies)]
        started = time.perf_counter()
        response = call(op.paths[n % len(op.paths)], **kwargs)
        timings.append(time.perf_counter() - started)
        assert response.status_code == op.expect, (op.name, response.status_code)
    timings = sorted(timings[20:])

    def us(p: int) -> int:
        return int(timings[min(len(timings) - 1, len(timings) * p // 100)] * 1e6)

    return {
        "p50": us(50),
        "p95": us(95),
        "p99": us(99),
        "requests": requests,
        "duration": int(sum(timings) * 1e6),
        "bad": 0,
    }


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer at {url}")


def _load(base: str, op: Operation, *, seconds: int, connections: int) -> dict[str, int]:
    if op.rate:
        return _load_fixed_rate(base, op, seconds=seconds)
    script = WRK_SCRIPT % {
        "paths": _lua_list(op.paths),
        "bodies": _lua_list(op.bodies),
        "method": op.method,
        "token": op.token,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                lua.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result: dict[str, int] = json.loads(line.removeprefix("RESULT "))
    return result


def _load_fixed_rate(base: str, op: Operation, *, seconds: int) -> dict[str, int]:
    import asyncio

    from bench import fixed_rate

    result = asyncio.run(
        fixed_rate.run(
            base + op.paths[0], op.token, rate=op.rate, seconds=max(seconds, 10), connections=32
        )
    )

    def us(p: float) -> int:
        return int(result.percentile(p) * 1e6)

    return {
        "p50": us(50),
        "p95": us(95),
        "p99": us(99),
        "requests": len(result.latencies),
        "duration": int(result.seconds * 1e6),
        "bad": result.errors,
    }


def _print_table(
    operations: list[Operation],
    results: dict[str, dict[str, int]],
    queries: dict[str, int],
    args: argparse.Namespace,
    counts: dict[str, int],
    seeded: float,
) -> None:
    def rate(name: str) -> float:
        r = results[name]
        return r["requests"] / (r["duration"] / 1e6)

    bare, values = rate(operations[0].name), rate(operations[1].name)
    database = "PostgreSQL" if args.postgres else "SQLite"
    how = (
        "in process, one request at a time (test client), 200 requests per operation"
        if args.in_process
        else f"uvicorn --workers {args.workers}; wrk {args.connections} connections, "
        f"{args.seconds} s per operation"
    )
    print()
    data = "the last run's data set" if math.isnan(seeded) else f"seeded in {seeded:.1f} s"
    print(
        f"{counts['tickets']:,} tickets on {database}, {data}; "
        f"{how}; {os.cpu_count()} cores; "
        # Other work on the machine skews every figure; say how much there was.
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    print()
    print(
        "| operation | p50 ms | p95 ms | p99 ms | req/s | vs bare | vs .values() "
        "| queries | errors |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for op in operations:
        r = results[op.name]
        throughput = rate(op.name)
        print(
            f"| {op.name} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | "
            f"{r['p99'] / 1000:.1f} | {throughput:,.0f} | {throughput / bare:.0%} | "
            f"{throughput / values:.0%} | {queries[op.name]} | {r['bad']} |"
        )


if __name__ == "__main__":
    main()
