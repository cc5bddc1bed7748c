"""Diacritic restoration: give Vietnamese text back the marks a careful typist would have written.

Public API::

    from vnreport.diacritics import restore
    result = restore("Nghi quyet so 01")
    result.text      # "Nghị quyết số 01"
    result.tokens    # per-token details: original, restored, confidence, alternatives
"""

from vnreport.diacritics.types import Restored, TokenRepair
from vnreport.diacritics.restore import Restorer, restore

__all__ = ["Restored", "Restorer", "TokenRepair", "restore"]
