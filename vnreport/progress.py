"""Progress reporting as a Protocol, so the core never imports rich or writes to a terminal."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """What a long stage tells its caller: how much work there is and how much is done."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...

    def finish(self) -> None: ...


class NullProgress:
    """Progress that shows nothing (library use, ``-q``, stderr not a terminal)."""

    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


class RichProgress:
    """A rich progress bar on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as _Bar, TextColumn, TimeRemainingColumn

        self._bar = _Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = None

    def start(self, description: str, total: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task(description, total=total)

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, steps)

    def finish(self) -> None:
        self._bar.stop()
        self._task = None
