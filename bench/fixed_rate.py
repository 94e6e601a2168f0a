"""An open-loop load generator: requests start on a fixed schedule whatever
the server's pace, as wrk2 does (Debian has no wrk2).

wrk is a closed loop: a connection sends its next request only when the last
one is answered, so a server that stalls is simply sent less, and the stall
shows up in one latency sample instead of in every request it delayed
("coordinated omission"). Here request n is due at start + n / rate, and its
latency is measured from when it was due, not from when it was sent.

    python -m bench.fixed_rate http://127.0.0.1:8765/api/tickets/ TOKEN --rate 200
"""

import argparse
import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Result:
    latencies: list[float]  # seconds, one per answered request
    errors: int
    seconds: float

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


async def run(url: str, token: str, *, rate: int, seconds: float, connections: int) -> Result:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = (
        f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n"
    ).encode()
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(await asyncio.open_connection(host, port))
    latencies: list[float] = []
    errors = 0

    async def one(due: float) -> None:
        nonlocal errors
        reader, writer = await idle.get()  # all busy: this request waits, and it counts
        try:
            writer.write(request)
            status = await _read_response(reader)
            if status == 200:
                latencies.append(time.perf_counter() - due)
            else:
                errors += 1
            idle.put_nowait((reader, writer))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            idle.put_nowait(await asyncio.open_connection(host, port))

    start = time.perf_counter()
    tasks = []
    for n in range(int(rate * seconds)):
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    while not idle.empty():
        idle.get_nowait()[1].close()
    return Result(latencies, errors, elapsed)


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--rate", type=int, default=200, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    load = run(args.url, args.token, rate=args.rate, seconds=args.seconds, connections=32)
    result = asyncio.run(load)
    print(
        f"{len(result.latencies)} answered, {result.errors} errors in {result.seconds:.1f} s; "
        + ", ".join(f"p{p} {result.percentile(p) * 1000:.1f} ms" for p in (50, 95, 99, 100))
    )


if __name__ == "__main__":
    main()
