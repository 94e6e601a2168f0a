"""Operations on the real server (SPEC 5b): several uvicorn workers add up
their metrics, and LOG_FORMAT=json makes every line of the log JSON."""

import json
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from .helpers import ROOT, prepare, server_env, serving

JSON_LOG_CONFIG = ROOT / "deploy" / "uvicorn-log-json.json"


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body


def serving_pids(metrics_dir: Path) -> set[str]:
    # Each worker writes its request histogram to histogram_<pid>.db once it
    # has answered a request.
    return {path.stem.split("_")[1] for path in metrics_dir.glob("histogram_*.db")}


def test_two_workers_add_up_their_metrics_and_log_only_json(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = server_env(tmp_path, LOG_FORMAT="json", PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    prepare(env)
    log = tmp_path / "server.log"
    uvicorn_args = ("--workers", "2", "--log-config", str(JSON_LOG_CONFIG))
    with serving(env, log, worker=False, uvicorn_args=uvicorn_args) as url:
        sent = 0
        # Until both workers have answered some: the kernel picks which one,
        # and the second may still be starting when the first answers.
        deadline = time.monotonic() + 60
        while len(serving_pids(metrics_dir)) < 2 or sent < 10:
            assert time.monotonic() < deadline, "one worker answered everything"
            get(f"{url}/api/health/live/")
            sent += 1
            time.sleep(0.01)
        scraped = get(f"{url}/metrics").decode()
        scraped_again = get(f"{url}/metrics").decode()

    counts = [
        sample.value
        for text in (scraped, scraped_again)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "helpdesk_http_request_duration_seconds_count"
        and sample.labels["route"] == "/api/health/live/"
    ]
    # Whichever worker answered the scrape, it counted both workers' requests.
    assert counts == [sent, sent]

    lines = log.read_text().splitlines()
    assert lines
    records = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    assert any(r["logger"] == "uvicorn.error" and "Started" in r["message"] for r in records)
    assert {"time", "level", "logger", "message"} <= records[0].keys()


def test_the_json_log_config_for_uvicorn_is_the_apps_own() -> None:
    from helpdesk.ops.logs import logging_config

    assert json.loads(JSON_LOG_CONFIG.read_text()) == logging_config(
        log_format="json", level="INFO"
    )
