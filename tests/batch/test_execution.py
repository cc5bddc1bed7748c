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


def test_an_aborted_pool_returns_only_after_its_manager_thread_has_ended(monkeypatch) -> None:
    # After Ctrl-C in `fix -j 2` the pool's manager thread, left running, closed its wake-up pipe
    # while the interpreter's exit hook wrote to it: "Exception ignored in threading._shutdown ...
    # OSError: [Errno 9] Bad file descriptor" on stderr. close(abort=True) must join that thread.
    # The manager's clean-up is slowed down here so that the race is not left to chance.
    import concurrent.futures.process as pool_internals

    close_wakeup = pool_internals._ThreadWakeup.close

    def slow_close(self) -> None:
        time.sleep(0.5)
        close_wakeup(self)

    monkeypatch.setattr(pool_internals._ThreadWakeup, "close", slow_close)
    executor = ProcessExecutor(2)
    pool = executor._ensure_pool()
    futures = [pool.submit(sleep_then, index, 30) for index in range(2)]
    deadline = time.monotonic() + 60
    while not all(future.running() for future in futures) and time.monotonic() < deadline:
        time.sleep(0.05)
    manager = pool._executor_manager_thread
    assert manager is not None and manager.is_alive()
    executor.close(abort=True)
    assert not manager.is_alive()
