"""Ctrl-C during pooled work leaves no "leaked semaphore objects" warning (the issue's report).

The control run shows that this machine's Python does print the warning, word for word as in the
issue, when a process pool is abandoned (workers killed, queues never released): so the guards
here and in test_fix_batch.py can fail. The execution layer's pool, stopped the same way by a
Ctrl-C sent to the whole process group, prints nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import concurrent.futures, functools, multiprocessing, os, signal, sys, time
    from pathlib import Path

    def nap(marker):
        Path(marker).touch()
        time.sleep(30)

    if __name__ == "__main__":
        mode, marker = sys.argv[1], sys.argv[2]
        if mode == "layer":
            from vnreport.execution import ProcessExecutor
            try:
                with ProcessExecutor(2) as executor:
                    for _ in executor.run((i, functools.partial(nap, marker)) for i in range(8)):
                        pass
            except KeyboardInterrupt:
                sys.exit(130)
        else:  # abandon the pool, as a parent that dies without shutting it down does
            pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
            try:
                list(pool.map(nap, [marker] * 8))
            except KeyboardInterrupt:
                for process in list(pool._processes.values()):
                    os.kill(process.pid, signal.SIGKILL)
                os._exit(130)
    """
)


def interrupted(tmp_path: Path, mode: str) -> tuple[int, str]:
    script = tmp_path / "pool.py"
    script.write_text(SCRIPT, encoding="utf-8")
    marker = tmp_path / f"started-{mode}"
    process = subprocess.Popen([sys.executable, str(script), mode, str(marker)], stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path, start_new_session=True)
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None and marker.exists(), "no task started"
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: parent and workers
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


def test_an_abandoned_pool_prints_the_warning_of_the_issue(tmp_path: Path) -> None:
    code, stderr = interrupted(tmp_path, "abandon")
    assert code == 130
    assert "resource_tracker: There appear to be" in stderr and "leaked semaphore objects" in stderr, stderr


def test_the_execution_layer_stopped_by_ctrl_c_leaks_nothing(tmp_path: Path) -> None:
    code, stderr = interrupted(tmp_path, "layer")
    assert code == 130
    assert stderr == "", stderr  # no warning, no traceback from the parent or a worker
