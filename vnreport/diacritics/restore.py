"""Placeholder restorer (identity) until the engine lands; keeps the pipeline seam stable."""

from __future__ import annotations

from vnreport.config import RestoreConfig
from vnreport.diacritics.types import Restored


class Restorer:
    """Loads the model once and restores many texts."""

    def __init__(self, config: RestoreConfig | None = None) -> None:
        self.config = config or RestoreConfig()

    def restore(self, text: str) -> Restored:
        return Restored(text=text)


def restore(text: str, config: RestoreConfig | None = None) -> Restored:
    """Restore the diacritics of ``text`` (loads the model on each call; use Restorer for many)."""
    return Restorer(config).restore(text)
