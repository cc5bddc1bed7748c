"""The one page-execution layer: every command that reads pages runs its page tasks here.

A *task* is a small picklable callable object (a page number, a :class:`~vnreport.sources.Source`,
the settings and the OCR engine; never an image), so it can run in this process, in a worker
process or on a Dask worker, and it always returns a value: expected failures (a page Tesseract
cannot read) come back inside the value, so one bad page never stops the others.

The rules live here, once, for ``fix``, ``tables`` and the Dask backend:

* **Start method:** ``spawn``. The rich progress bar runs a thread, and forking a threaded process
  can deadlock the child; spawn is also what macOS and Windows use.
* **SIGINT:** workers ignore it; Ctrl-C is the parent's to handle. The parent stops submitting,
  cancels what has not started, stops the workers and joins them, so no half-done task writes
  anything and Python's resource tracker finds no leaked semaphore.
* **Jobs:** ``--jobs`` or, by default, every core this process may use; never more workers than
  tasks; ``1`` runs in this process without a pool. The Tesseract thread limit is not set here:
  :mod:`vnreport.ocr` applies it to every Tesseract it starts, serial or pooled.
* **Flat memory:** tasks are pulled lazily from an iterator and at most a few per worker are in
  flight, so a batch of 10,000 inputs holds no more than one of 10.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
# Tasks in flight per worker: enough to keep every worker busy while the parent handles a result,
# few enough that Ctrl-C has little to cancel and memory does not grow with the batch.
IN_FLIGHT_PER_WORKER = 2


class Task(Protocol):
    """A picklable unit of work (one page); calling it returns a picklable value."""

    def __call__(self) -> Any: ...


class Executor(Protocol):
    """Runs tagged tasks and yields ``(tag, value)`` as each finishes, in any order."""

    def run(self, tasks: Iterable[tuple[Hashable, Task]]) -> Iterator[tuple[Hashable, Any]]: ...

    def close(self) -> None: ...


def worker_count(jobs: int | None, tasks: int | None = None) -> int:
    """``--jobs`` or every core this process may use; never more workers than ``tasks``."""
    if jobs is None:
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            jobs = os.cpu_count() or 1
    if tasks is not None:
        jobs = min(jobs, tasks)
    return max(1, jobs)


class SerialExecutor:
    """Runs each task in this process, one after another (``--jobs 1``, or a single page)."""

    def run(self, tasks: Iterable[tuple[Hashable, Task]]) -> Iterator[tuple[Hashable, Any]]:
        for tag, task in tasks:
            yield tag, task()

    def close(self) -> None:
        pass

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _init_worker() -> None:
    # Ctrl-C is the parent's to handle (it cancels the queue and stops the pool); a worker would
    # only print a traceback. A terminal sends SIGINT to the whole process group, workers included.
    # The worker was started with SIGINT blocked (_sigint_held): ignore it first, then unblock.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back (blocked, not ignored) while the pool starts workers inside ``submit``.

    A worker's initializer runs only after the spawned interpreter has imported vnreport, a second
    or more, and a Ctrl-C in that window printed the worker's KeyboardInterrupt traceback. A worker
    started now inherits the blocked signal and keeps it blocked until its initializer has set it
    to be ignored; here, a Ctrl-C that came meanwhile is delivered as soon as the block ends, so
    it is never lost.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class ProcessExecutor:
    """A pool of ``workers`` spawned processes, created on first use and stopped by :meth:`close`."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
        return self._pool

    def run(self, tasks: Iterable[tuple[Hashable, Task]]) -> Iterator[tuple[Hashable, Any]]:
        pool = self._ensure_pool()
        source = iter(tasks)
        pending: dict[Future[Any], Hashable] = {}
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < limit:
                    try:
                        tag, task = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    with _sigint_held():
                        pending[pool.submit(task)] = tag
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    tag = pending.pop(future)
                    yield tag, future.result()
        except BaseException:
            # Ctrl-C, a bug, or the consumer stopped early: nothing more may start.
            for future in pending:
                future.cancel()
            self.close(abort=True)
            raise

    def close(self, abort: bool = False) -> None:
        """Stop the pool; ``abort`` also stops tasks that are running (their results are not wanted)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            # Running tasks cannot be cancelled; terminate their processes, then let the executor
            # join them and release its queues (a pool left to the interpreter's exit hooks is what
            # makes the resource tracker warn about leaked semaphores).
            # The first shutdown forgets the executor's manager thread, so the second one cannot
            # join it: join it here. Left running, it closes its wake-up pipe while the
            # interpreter's exit hook writes to it ("Exception ignored in threading._shutdown ...
            # OSError: [Errno 9] Bad file descriptor" after Ctrl-C in `fix -j 2`).
            processes = list(getattr(pool, "_processes", {}).values())
            manager = getattr(pool, "_executor_manager_thread", None)
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join(timeout=10)
            if manager is not None:
                manager.join(timeout=10)
        pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)


def make_executor(jobs: int | None, *, tasks: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for a run: Dask when ``scheduler`` is given, else a process pool of
    :func:`worker_count` workers, or this process when that is one."""
    if scheduler:
        from vnreport.dask_backend import DaskExecutor

        return DaskExecutor(scheduler)
    workers = worker_count(jobs, tasks)
    return SerialExecutor() if workers == 1 else ProcessExecutor(workers)


def run_groups(
    groups: Iterable[tuple[Hashable, list[Task]]],
    executor: Executor,
    *,
    on_group: Callable[[Hashable, list[Any]], None],
    on_task: Callable[[Hashable], None] | None = None,
) -> None:
    """Run the tasks of every group (one input's pages) and call ``on_group(key, values)`` with its
    values in task order as soon as the group's last task is done; a group without tasks (a text
    input) is handed over as soon as it is reached. ``groups`` is consumed lazily, so an input is
    prepared (sniffed, counted) only when its pages are about to run."""
    remaining: dict[Hashable, int] = {}
    values: dict[Hashable, list[Any]] = {}

    def tagged() -> Iterator[tuple[Hashable, Task]]:
        for key, tasks in groups:
            if not tasks:
                on_group(key, [])
                continue
            remaining[key] = len(tasks)
            values[key] = [None] * len(tasks)
            for position, task in enumerate(tasks):
                yield (key, position), task

    for (key, position), value in executor.run(tagged()):
        values[key][position] = value
        remaining[key] -= 1
        if on_task is not None:
            on_task(key)
        if remaining[key] == 0:
            del remaining[key]
            on_group(key, values.pop(key))


def run_ordered(tasks: Iterable[Task], executor: Executor) -> Iterator[Any]:
    """The values of ``tasks`` in task order (for callers whose output must not depend on which
    worker was faster): values that finish early wait here until those before them are done."""
    waiting: dict[int, Any] = {}
    due = 0
    for index, value in executor.run(enumerate(tasks)):
        waiting[index] = value
        while due in waiting:
            yield waiting.pop(due)
            due += 1
