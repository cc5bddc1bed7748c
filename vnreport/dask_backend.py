"""The Dask backend of the page-execution layer: the same page tasks, run on a Dask cluster.

Optional: ``pip install "vnreport[dask]"`` installs ``dask`` and ``distributed``; nothing else in
vnreport imports them. The client (the machine that runs ``vnreport ... --scheduler ADDRESS``)
reads each input once and sends its bytes to the cluster, so workers need no shared folder;
each worker keeps the file in its own temporary folder while it reads pages of it. Workers send
back the page results (words and boxes, or the tables found), and the client does everything else
exactly as a local run does: cleanup, repair, rendering and the atomic writes of every output.
So a cluster run writes the same bytes as a local one, given the same Tesseract on the workers.

A worker that dies mid-task loses nothing: the scheduler gives its tasks to another worker (Dask's
``distributed.scheduler.allowed-failures``), and a task that raises is retried
(:data:`RETRIES`); only finished results ever reach the client, so no partial file is written.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from vnreport.errors import BadArgsError, DependencyError, VnreportError
from vnreport.execution import IN_FLIGHT_PER_WORKER, Task
from vnreport.sources import file_digest

INSTALL_DASK = 'pip install "vnreport[dask]"'
RETRIES = 2
# Dask's own connect timeout is 30 s, retried all along even when the port answers "refused"; a
# typo in --scheduler then looked like a hang. A scheduler that is up accepts a TCP connection at
# once and answers Dask's handshake in well under a second, even across a site network.
REACH_TIMEOUT_S = 5  # plain TCP connect to the scheduler's port
CONNECT_TIMEOUT_S = 10  # Dask's handshake with a scheduler that accepted the connection
DEFAULT_PORT = 8786


def require_dask() -> None:
    """DependencyError (exit 4) with the install command unless dask.distributed is importable."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DependencyError("--scheduler needs Dask, which is not installed", hint=INSTALL_DASK) from exc


def connect(address: str, *, reach_timeout: float = REACH_TIMEOUT_S, connect_timeout: float = CONNECT_TIMEOUT_S) -> Any:
    """A ``distributed.Client`` connected to ``address``.

    Fails within ``reach_timeout`` seconds when nothing accepts the connection (refused, unknown
    host, no answer) and within ``connect_timeout`` when something does but it is no Dask
    scheduler: BadArgsError (exit 2) for a malformed address, DependencyError (exit 4) otherwise.
    """
    require_dask()
    from distributed import Client

    check_reachable(address, timeout=reach_timeout)
    check_handshake(address, timeout=connect_timeout)
    try:
        return Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DependencyError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def check_reachable(address: str, *, timeout: float = REACH_TIMEOUT_S) -> None:
    """Open (and close) a TCP connection to a ``tcp://`` or ``tls://`` scheduler address, so that a
    wrong host or port fails in seconds rather than after Dask's connect timeout. Other schemes
    (``inproc://``, ``ucx://``) are left to Dask."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme not in ("tcp", "tls"):
            return
        host, port = parse_host_port(location, DEFAULT_PORT)
    except (ValueError, TypeError) as exc:
        raise BadArgsError(f"--scheduler {address!r} is not a Dask scheduler address such as tcp://host:{DEFAULT_PORT} ({exc})") from exc
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except TimeoutError as exc:
        raise DependencyError(f"cannot reach the Dask scheduler at {address}: no answer from {host}:{port} within {timeout:g} s") from exc
    except OSError as exc:
        raise DependencyError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from exc


def check_handshake(address: str, *, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Exchange Dask's handshake with ``address`` and hang up: DependencyError when the port is
    something else (a web server answers bytes that Dask reads as a frame length of exabytes, a
    silent service never answers). Done before ``Client``, whose failed start leaves a client
    that takes another 20 s to close."""
    import asyncio

    from distributed.comm import connect as comm_connect

    async def shake() -> None:
        comm = await comm_connect(address, timeout=timeout)
        await comm.close()

    async def bounded() -> None:
        # comm_connect's timeout covers the TCP connect, not the wait for the peer's handshake:
        # a port that accepts and then says nothing would hang here for ever.
        await asyncio.wait_for(shake(), timeout)

    try:
        asyncio.run(bounded())
    except Exception as exc:  # noqa: BLE001 - anything but a handshake means "not a scheduler"
        # Dask reports a silent peer as OSError("Timed out ..."); anything else means it answered
        # but not with Dask's protocol (its own exception, even MemoryError, says nothing useful).
        silent = isinstance(exc, TimeoutError) or (isinstance(exc, OSError) and "timed out" in str(exc).lower())
        reason = f"no handshake within {timeout:g} s" if silent else "it answered, but not with Dask's protocol"
        raise DependencyError(f"{address} does not answer as a Dask scheduler ({reason}); check the address and port (the scheduler's, default {DEFAULT_PORT})") from exc


def run_remote(task: Task, data: bytes | None) -> Any:
    """Run one page task on a worker, with its input's bytes saved to the worker's temporary folder."""
    source = getattr(task, "source", None)
    if data is not None and source is not None:
        task = replace(task, source=replace(source, path=_cached_input(data, source.digest)))
    return task()


def _input_bytes(data: bytes) -> bytes:
    return data


def _cached_input(data: bytes, digest: str) -> Path:
    folder = Path(tempfile.gettempdir()) / "vnreport-dask-inputs"
    folder.mkdir(exist_ok=True)
    target = folder / digest
    if not target.is_file():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{digest}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    return target


class DaskExecutor:
    """Runs tagged tasks on the cluster behind ``address`` (see the module docstring)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._client = connect(address)

    def run(self, tasks: Iterable[tuple[Hashable, Task]]) -> Iterator[tuple[Hashable, Any]]:
        from distributed import as_completed

        client = self._client
        threads = sum(client.nthreads().values()) or 1
        limit = threads * IN_FLIGHT_PER_WORKER
        source_iter = iter(tasks)
        pending: dict[Any, tuple[Hashable, str]] = {}
        shared: dict[str, list[Any]] = {}  # digest -> [data future, tasks in flight]
        finished = as_completed(loop=client.loop)
        exhausted = False

        def submit_more() -> None:
            nonlocal exhausted
            while not exhausted and len(pending) < limit:
                try:
                    tag, task = next(source_iter)
                except StopIteration:
                    exhausted = True
                    return
                task, data, digest = self._share(task, shared)
                future = client.submit(run_remote, task, data, pure=False, retries=RETRIES)
                pending[future] = (tag, digest)
                finished.add(future)

        try:
            submit_more()
            while pending:
                future = next(finished)
                tag, digest = pending.pop(future)
                value = future.result()
                future.release()
                if digest:
                    entry = shared[digest]
                    entry[1] -= 1
                    if entry[1] == 0:
                        del shared[digest]  # the next task of this input, if any, scatters it again
                yield tag, value
                submit_more()
        except BaseException:
            for future in pending:
                future.cancel()
            raise

    def _share(self, task: Task, shared: dict[str, list[Any]]) -> tuple[Task, Any, str]:
        """The task (its source with a digest), the future of its input's bytes, the digest."""
        source = getattr(task, "source", None)
        if source is None:
            return task, None, ""
        if not source.digest:
            source = replace(source, digest=file_digest(source.path))
            task = replace(task, source=source)
        entry = shared.get(source.digest)
        if entry is None:
            # A task that returns the bytes, not scatter(): scattered data on a worker that dies is
            # lost for good, while a task's result is computed again from the bytes the scheduler
            # keeps in its spec, so the pages of a dead worker can still be retried.
            entry = shared[source.digest] = [self._client.submit(_input_bytes, Path(source.path).read_bytes(), pure=False), 0]
        entry[1] += 1
        return task, entry[0], source.digest

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_workers(address: str) -> dict[str, list[tuple[str, bool, str]]]:
    """``vnreport doctor --scheduler``: on every worker, vnreport's version and the checks of
    :func:`vnreport.doctor.run_checks` (Tesseract, its models, Poppler), as (name, ok, detail)."""
    client = connect(address)
    try:
        answers = client.run(_worker_checks)
    except VnreportError:
        raise
    finally:
        client.close()
    return dict(sorted(answers.items()))


def _worker_checks() -> list[tuple[str, bool, str]]:
    import vnreport
    from vnreport.doctor import run_checks

    found = [("vnreport", True, f"version {vnreport.__version__}")]
    found += [(check.name, check.ok or not check.required, check.detail) for check in run_checks()]
    return found
