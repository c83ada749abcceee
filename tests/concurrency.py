"""Running test jobs at the same moment, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

START_TIMEOUT = 10
FINISH_TIMEOUT = 60


def race(
    *jobs: Callable[[], Any],
    expected: type[BaseException] | tuple[type[BaseException], ...] = (),
) -> list[Any]:
    """Run each job in its own thread (so its own connection), all released together.

    Returns each job's result, in the order of ``jobs``. An exception a job
    raises that is an instance of ``expected`` (a refused save, say) takes the
    place of its result; any other is raised again here, once every thread has
    finished. A job still running after ``FINISH_TIMEOUT`` seconds fails the
    test, so a deadlock or a save left waiting on a lock cannot pass unseen.
    """
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=START_TIMEOUT)
            results[index] = job()
        except BaseException as exc:  # handed to the test's own thread below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, job), daemon=True) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=FINISH_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a job is still waiting"

    errors = [
        result
        for result in results
        if isinstance(result, BaseException) and not isinstance(result, expected)
    ]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BaseExceptionGroup("more than one job failed", errors)
    return results
