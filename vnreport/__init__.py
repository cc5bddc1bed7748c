"""vnreport: scanned Vietnamese government reports to clean text, CSV tables and checked numbers."""

from vnreport.config import OcrConfig, RestoreConfig
from vnreport.diacritics import Restored, Restorer, TokenRepair, restore
from vnreport.errors import ExitCode, VnreportError

__all__ = [
    "ExitCode",
    "OcrConfig",
    "RestoreConfig",
    "Restored",
    "Restorer",
    "TokenRepair",
    "VnreportError",
    "restore",
]
__version__ = "0.1.0"
