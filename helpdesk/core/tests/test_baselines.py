from collections.abc import Callable

from rest_framework.test import APIClient

from helpdesk.accounts.models import User

ClientFor = Callable[[User | None], APIClient]


def test_benchmark_baselines_are_not_routed_by_default(
    client_for: ClientFor, charlie: User
) -> None:
    # `make bench` turns them on with BENCH_BASELINES; production never does.
    client = client_for(charlie)

    assert client.get("/api/bench/bare/").status_code == 404
    assert client.get("/api/bench/values/").status_code == 404
