"""Which part of an OCR'd line each word of the clean line became (``align_syllables``).

Used to learn the OCR noise models from (clean, OCR) line pairs (:mod:`vnreport_build.channel`)
and to score OCR output against its clean text. Build-time code: the runtime restorer only loads
the trained models.
"""

from __future__ import annotations

import functools

import regex
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

_TOKEN = regex.compile(r"\S+")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character, diacritics removed and lower-cased, still ONE character (keeps offsets valid)."""
    folded = unidecode(char)
    return folded[0].lower() if folded else char


def _fold(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


def align_syllables(clean: str, ocr: str) -> list[tuple[str, str]]:
    """For each whitespace token of ``clean``, the substring of ``ocr`` it became.

    The two lines are aligned character by character (Levenshtein opcodes) on folded copies
    (no diacritics, lower case, one character per character), so "Thường"/"Thuwong" line up letter
    for letter and offsets stay those of the original strings. Every aligned OCR character then
    belongs to the clean token of the clean character it is aligned with; clean spaces are anchors
    and own nothing. OCR characters with no clean counterpart (insertions) join the token they touch;
    an insertion run lying between a token and a space is cut at its own whitespace, so an extra OCR
    word between two tokens belongs to neither. Results keep punctuation and case as they are and
    are stripped of surrounding whitespace; a dropped token gives "", two tokens glued in the OCR
    ("công nghệ"/"congnghé") are cut where the clean space was, and a token split in the OCR
    ("thông"/"th ông") keeps its inner space.
    """
    spans = [(match.start(), match.end()) for match in _TOKEN.finditer(clean)]
    if not spans:
        return []
    token_of: list[int | None] = [None] * len(clean)
    for index, (start, end) in enumerate(spans):
        for position in range(start, end):
            token_of[position] = index
    owner: list[int | None] = [None] * len(ocr)  # token index of each OCR character
    # OCR runs with no clean letter to align with: (ocr start, ocr end, left token, right token).
    loose: list[tuple[int, int, int | None, int | None]] = []
    for tag, src_start, src_end, dest_start, dest_end in Levenshtein.opcodes(_fold(clean), _fold(ocr)):
        if tag == "insert":
            left = token_of[src_start - 1] if src_start > 0 else None
            right = token_of[src_start] if src_start < len(clean) else None
            loose.append((dest_start, dest_end, left, right))
        elif tag in ("equal", "replace"):
            # Equal and replace blocks of Levenshtein opcodes pair characters one to one.
            for offset in range(dest_end - dest_start):
                position = src_start + offset
                if token_of[position] is not None:
                    owner[dest_start + offset] = token_of[position]
                elif not ocr[dest_start + offset].isspace():
                    # A letter aligned with a clean space is glued to a neighbour, not lost.
                    left = token_of[position - 1] if position > 0 else None
                    right = token_of[position + 1] if position + 1 < len(clean) else None
                    loose.append((dest_start + offset, dest_start + offset + 1, left, right))
    for dest_start, dest_end, left, right in loose:
        _assign_loose(ocr, owner, dest_start, dest_end, left, right)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for position, token in enumerate(owner):
        if token is not None:
            first.setdefault(token, position)
            last[token] = position
    result = []
    for index, (start, end) in enumerate(spans):
        piece = ocr[first[index]:last[index] + 1].strip() if index in first else ""
        result.append((clean[start:end], piece))
    return result


def _assign_loose(
    ocr: str, owner: list[int | None], start: int, end: int, left: int | None, right: int | None
) -> None:
    """Give an unaligned OCR run [start, end) to the neighbouring clean token(s) it is glued to."""
    if left is not None and left == right:
        for position in range(start, end):
            owner[position] = left
        return
    run = ocr[start:end]
    gaps = [offset for offset, char in enumerate(run) if char.isspace()]
    head_end = gaps[0] if gaps else len(run)  # up to the first space: glued to the left token
    tail_start = gaps[-1] + 1 if gaps else 0  # after the last space: glued to the right token
    if left is not None:
        for offset in range(head_end):
            owner[start + offset] = left
    if right is not None:
        for offset in range(tail_start, len(run)):
            if owner[start + offset] is None:
                owner[start + offset] = right
