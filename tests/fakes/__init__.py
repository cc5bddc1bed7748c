"""Test doubles that plug into vnreport's real seams (STYLE.md 11): OCR engines and restorers."""
