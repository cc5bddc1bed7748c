"""Diacritic-insensitive matching of labels, so checks work on OCR text with or without its marks."""

from __future__ import annotations

import unicodedata

import regex
from unidecode import unidecode


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: "Tổng  cộng:" → "tong cong:".

    "đ" folds to "d", so "Trong đó" and OCR's "Trong do" compare equal.
    """
    return " ".join(unidecode(unicodedata.normalize("NFC", text)).lower().split())


def fold_words(text: str) -> str:
    """:func:`fold` with punctuation turned into spaces: "Tỷ lệ (%)" → "ty le"."""
    return " ".join(regex.sub(r"[^\w%]+", " ", fold(text)).split())


def short(text: str, limit: int = 40) -> str:
    """One-line excerpt of a cell for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
