"""Sequential latency of GET requests against a running server, one keep-alive connection.

    python bench/list_latency.py --url http://127.0.0.1:8000 --user admin --password ... \
        --path "/api/tickets/" --requests 300

Prints p50/p95/p99 and throughput. A first measurement tool; `make bench`
(issue 6) will drive a full load test.
"""

import argparse
import http.client
import json
import statistics
import time
from urllib.parse import urlsplit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--path", action="append", default=None)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    target = urlsplit(args.url)
    conn = http.client.HTTPConnection(target.hostname, target.port or 80)
    conn.request(
        "POST",
        "/api/auth/login/",
        json.dumps({"username": args.user, "password": args.password}),
        {"Content-Type": "application/json"},
    )
    access = json.loads(conn.getresponse().read())["access"]
    headers = {"Authorization": f"Bearer {access}"}

    for path in args.path or ["/api/tickets/"]:
        for _ in range(10):  # warm up
            conn.request("GET", path, headers=headers)
            conn.getresponse().read()
        timings = []
        started = time.perf_counter()
        for _ in range(args.requests):
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status == 200, response.status
        elapsed = time.perf_counter() - started
        q = statistics.quantiles(timings, n=100)
        print(
            f"{path:40} n={args.requests} p50={q[49]:.1f}ms p95={q[94]:.1f}ms "
            f"p99={q[98]:.1f}ms {args.requests / elapsed:.0f} req/s"
        )


if __name__ == "__main__":
    main()
