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


class BatchProgress(Protocol):
    """Progress of a batch: files (known at the start) and pages (added as inputs are opened)."""

    def start(self, files: int) -> None: ...

    def add_pages(self, pages: int) -> None: ...

    def advance_pages(self, steps: int = 1) -> None: ...

    def advance_files(self, name: str) -> None: ...

    def finish(self) -> None: ...


class NullBatchProgress:
    """Batch progress that shows nothing."""

    def start(self, files: int) -> None:
        pass

    def add_pages(self, pages: int) -> None:
        pass

    def advance_pages(self, steps: int = 1) -> None:
        pass

    def advance_files(self, name: str) -> None:
        pass

    def finish(self) -> None:
        pass


class RichBatchProgress:
    """Two rich bars on stderr: files done of all, pages read of those found so far."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as _Bar, TextColumn, TimeElapsedColumn

        self._bar = _Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._files = self._pages = None

    def start(self, files: int) -> None:
        self._bar.start()
        self._files = self._bar.add_task("files", total=files)
        self._pages = self._bar.add_task("pages", total=0)

    def add_pages(self, pages: int) -> None:
        if self._pages is not None:
            total = self._bar.tasks[self._pages].total or 0
            self._bar.update(self._pages, total=total + pages)

    def advance_pages(self, steps: int = 1) -> None:
        if self._pages is not None:
            self._bar.advance(self._pages, steps)

    def advance_files(self, name: str) -> None:
        if self._files is not None:
            self._bar.update(self._files, advance=1, description=f"files (last: {name})")

    def finish(self) -> None:
        self._bar.stop()
        self._files = self._pages = None
