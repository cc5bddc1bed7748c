"""``--scheduler`` with an address where no Dask scheduler listens fails in seconds, in one line.

Dask's client retries a refused connection until its 30 s connect timeout; vnreport checks the
TCP port and Dask's handshake first (README, "On a Dask cluster").
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.proc import run_vnreport
from PIL import Image

from vnreport.errors import DependencyError, ExitCode

pytest.importorskip("distributed")

DASK_CONNECT_TIMEOUT_S = 30  # what a wrong address cost before: the bound below must be well under it


@pytest.fixture
def scans(tmp_path: Path) -> list[str]:
    names = []
    for name in ("a.png", "b.png"):
        Image.new("L", (200, 100), 255).save(tmp_path / name)
        names.append(str(tmp_path / name))
    return names


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def web_server() -> Iterator[int]:
    """A local port where something else answers: an HTTP-like reply, then the connection closes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


def assert_one_line_error(result, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnreport: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_a_refused_scheduler_port_fails_fast_with_exit_4(tmp_path: Path, scans: list[str]) -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    result = run_vnreport(["fix", *scans, "-o", str(tmp_path / "out"), "--scheduler", address], cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == ExitCode.MISSING_DEPENDENCY, result.stderr
    assert_one_line_error(result, f"cannot reach the Dask scheduler at {address}", "refused")
    assert elapsed < DASK_CONNECT_TIMEOUT_S / 2, elapsed
    assert not any(path.suffix == ".txt" for path in (tmp_path / "out").rglob("*"))  # no page was read


def test_a_port_that_is_no_dask_scheduler_fails_fast(tmp_path: Path, scans: list[str], web_server: int) -> None:
    address = f"tcp://127.0.0.1:{web_server}"
    started = time.monotonic()
    result = run_vnreport(["tables", *scans, "-o", str(tmp_path / "out"), "--scheduler", address], cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == ExitCode.MISSING_DEPENDENCY, result.stderr
    assert_one_line_error(result, f"{address} does not answer as a Dask scheduler", "not with Dask's protocol")
    assert elapsed < DASK_CONNECT_TIMEOUT_S / 2, elapsed


def test_doctor_with_an_unreachable_scheduler(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    result = run_vnreport(["doctor", "--scheduler", address], cwd=tmp_path)
    assert result.returncode == ExitCode.MISSING_DEPENDENCY
    assert_one_line_error(result, "cannot reach the Dask scheduler")


def test_a_malformed_address_is_a_usage_error(tmp_path: Path, scans: list[str]) -> None:
    result = run_vnreport(["fix", *scans, "-o", str(tmp_path / "out"), "--scheduler", "tcp://host:port"], cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert_one_line_error(result, "is not a Dask scheduler address")


def test_a_silent_port_fails_after_the_handshake_timeout() -> None:
    from vnreport.dask_backend import connect

    with socket.socket() as silent:  # the kernel accepts connections; nobody ever speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(DependencyError, match="no handshake within 1 s"):
            connect(address, connect_timeout=1)
        assert time.monotonic() - started < DASK_CONNECT_TIMEOUT_S / 2
