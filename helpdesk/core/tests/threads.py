"""Racing work in threads for the concurrency tests: each thread has a
database connection of its own (closed when it ends), and what it raises is
handed back to the test instead of being lost in the thread."""

import threading
from collections.abc import Callable

from django.db import connection


def in_thread(work: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    """A thread (not started) that runs `work` and appends what it raises to `errors`."""

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    return threading.Thread(target=run)


def run_in_threads(
    *works: Callable[[], None], together: bool = False, timeout: float = 120
) -> list[BaseException]:
    """Run each of `works` in a thread of its own and wait for all; what they raised.

    With `together`, every thread waits at a barrier until all have started,
    so the works begin at the same moment.
    """
    errors: list[BaseException] = []
    start = threading.Barrier(len(works))

    def at_the_barrier(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            start.wait(timeout=30)
            work()

        return run

    threads = [in_thread(at_the_barrier(work) if together else work, errors) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors
