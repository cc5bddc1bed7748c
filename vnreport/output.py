"""Atomic output: write to a temporary file beside the target, then rename over it.

A crash or Ctrl-C never leaves a half-written file, and an existing output is replaced in one step.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from vnreport.errors import OutputError


def write_text_atomic(target: str | Path, text: str, *, encoding: str = "utf-8", protect: tuple[Path, ...] = ()) -> None:
    """Write ``text`` to ``target`` atomically; ``"-"`` writes to stdout.

    ``protect`` lists input paths that must never be overwritten (the CLI passes its inputs).
    """
    if str(target) == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk (`> /dev/full`), a closed or broken terminal
            _drop_stdout()
            raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from exc
        return
    write_bytes_atomic(target, text.encode(encoding), protect=protect)


def check_output_target(target: str | Path, *, protect: tuple[Path, ...] = ()) -> None:
    """Raise OutputError now if ``target`` cannot be written or is one of the ``protect`` inputs.

    Called before long work (OCR of a whole PDF) so that a typo in ``-o`` fails in a second, not after
    it; :func:`write_bytes_atomic` checks again when it writes.
    """
    if str(target) == "-":
        return
    path = Path(target)
    for guarded in protect:
        try:
            # samefile also catches a hard link or another spelling of the input's path.
            if path.exists() and os.path.samefile(path, guarded):
                raise OutputError(f"refusing to overwrite the input file {path}")
        except OSError:
            continue
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: directory {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: directory {directory} is not writable")


def write_bytes_atomic(target: str | Path, data: bytes, *, protect: tuple[Path, ...] = ()) -> None:
    """Write ``data`` to ``target`` through a temporary file and ``os.replace``."""
    write_with_atomic(target, lambda handle: handle.write(data), protect=protect)


def write_with_atomic(target: str | Path, writer: Callable[[BinaryIO], object], *, protect: tuple[Path, ...] = ()) -> None:
    """Let ``writer`` write to a temporary file beside ``target``, then rename it over ``target``.

    For outputs too large to hold in memory first (a searchable PDF of hundreds of pages). ``"-"``
    gives ``writer`` standard output. Whatever fails, the temporary file is removed: no partial
    output is ever left behind.
    """
    if str(target) == "-":
        try:
            writer(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _drop_stdout()
            raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from exc
        return
    path = Path(target)
    check_output_target(path, protect=protect)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would (0666 minus umask).
        os.fchmod(fd, 0o666 & ~_current_umask())
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        _remove_quietly(tmp_name)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        _remove_quietly(tmp_name)
        raise


def _drop_stdout() -> None:
    """Point stdout at /dev/null after a failed write, so that the flush at interpreter exit does
    not fail a second time (with Python's own "Exception ignored" message and exit status 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
