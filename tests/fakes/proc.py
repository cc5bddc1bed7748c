"""Running vnreport as a real process with a reduced PATH, and checking its one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def assert_one_line_error(stderr: str, *needles: str) -> None:
    """stderr is exactly one ``vnreport: ...`` line, without a traceback, containing every needle."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("vnreport: "), stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], stderr


def bin_dir_with(tmp_path: Path, *programs: str) -> Path:
    """A PATH folder holding only the named programs (symlinks to the real ones)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        real = shutil.which(program)
        assert real, f"{program} must be installed for this test"
        (folder / program).symlink_to(real)
    return folder


def run_vnreport(args: list[str], *, path: Path | None = None, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m vnreport ARGS`` with PATH replaced by ``path`` (and extra ``env``), no stdin."""
    full_env = {**os.environ, **(env or {})}
    if path is not None:
        full_env["PATH"] = str(path)
    return subprocess.run(
        [sys.executable, "-m", "vnreport", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
