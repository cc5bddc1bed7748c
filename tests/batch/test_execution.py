"""The one page-execution layer: worker count, order of results, the SIGINT rule in workers."""

from __future__ import annotations

import functools
import os
import signal
import time

from vnreport.execution import ProcessExecutor, SerialExecutor, make_executor, run_groups, run_ordered, worker_count


def sleep_then(value: int, seconds: float) -> int:
    time.sleep(seconds)
    return value


def sigint_handler_name() -> str:
    handler = signal.getsignal(signal.SIGINT)
    return "ignored" if handler is signal.SIG_IGN else "default" if handler is signal.SIG_DFL else "python"


def test_worker_count_is_jobs_or_every_core_never_more_than_tasks() -> None:
    cores = len(os.sched_getaffinity(0))
    assert worker_count(None) == cores
    assert worker_count(None, tasks=1) == 1
    assert worker_count(8, tasks=3) == 3
    assert worker_count(2, tasks=0) == 1
    assert isinstance(make_executor(1), SerialExecutor)
    assert isinstance(make_executor(3, tasks=5), ProcessExecutor)


def test_results_in_task_order_although_later_tasks_finish_first() -> None:
    tasks = [functools.partial(sleep_then, index, 0.6 - 0.1 * index) for index in range(6)]
    with ProcessExecutor(3) as executor:
        assert list(run_ordered(tasks, executor)) == list(range(6))


def test_groups_are_handed_over_whole_in_task_order_and_empty_groups_at_once() -> None:
    done: list[tuple[str, list[int]]] = []
    groups = [("a", [functools.partial(sleep_then, 1, 0.3), functools.partial(sleep_then, 2, 0.0)]), ("text", []),
              ("b", [functools.partial(sleep_then, 3, 0.0)])]
    counted: list[str] = []
    with ProcessExecutor(2) as executor:
        run_groups(groups, executor, on_group=lambda key, values: done.append((key, values)), on_task=counted.append)
    assert sorted(done) == [("a", [1, 2]), ("b", [3]), ("text", [])]
    assert sorted(counted) == ["a", "a", "b"]


def test_workers_ignore_sigint_and_this_process_keeps_its_handler() -> None:
    with ProcessExecutor(2) as executor:
        answers = [value for _, value in executor.run([(0, sigint_handler_name), (1, sigint_handler_name)])]
    assert answers == ["ignored", "ignored"]
    assert sigint_handler_name() == "python"  # Ctrl-C still raises KeyboardInterrupt here
