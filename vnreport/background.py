"""One piece of set-up run in a thread while the pages are OCR'd.

With ``--jobs 1`` the vnreport process waits on one Tesseract at a time and has nothing else to
do, while the restorer's model (and, for a PDF output, the PDF writer's libraries) must be loaded
before the repair can start. Loading them in a thread beside the OCR takes that set-up off the
wall time of the run; the CPU time is the same. Only the waiting thread's work overlaps: Tesseract
runs in its own process and the main thread sleeps in ``subprocess.run`` (without the GIL).

A plain :class:`threading.Thread` rather than ``concurrent.futures``: that import alone costs
30-60 ms of a run's fixed cost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` started in a daemon thread; :meth:`result` waits for it and re-raises its error.

    A daemon thread: when the run fails (Ctrl-C, every page unreadable) the interpreter does not
    wait for a model nobody will use.
    """

    def __init__(self, work: Callable[[], T], *, name: str = "vnreport-setup") -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()/check()
            self._error = exc

    def check(self) -> None:
        """Raise now if the work has already failed (cheap: does not wait)."""
        if not self._thread.is_alive() and self._error is not None:
            raise self._error

    def result(self) -> T:
        """Wait for the work; its value, or its exception raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
