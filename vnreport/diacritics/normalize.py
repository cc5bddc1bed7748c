"""Tokenising text for restoration, and deciding which tokens are never touched.

The restorer only rewrites WORD tokens; every other character of a line (spaces, punctuation,
numbers, document codes, URLs, e-mail addresses) is copied through byte for byte, which is how
layout, line structure and protected tokens are preserved.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

import regex


class Kind(Enum):
    WORD = "word"  # letters (possibly with OCR digit confusions such as "s6"): a restoration candidate
    NUMBER = "number"  # 2019, 1.187.000, 80,28%
    PROTECTED = "protected"  # URLs, e-mails, document codes (01/NQ-TU), dates, mixed codes (VX3)
    PUNCT = "punct"
    SPACE = "space"


@dataclass(frozen=True)
class Token:
    """A piece of one line; concatenating the texts of a line's tokens gives the line back."""

    text: str
    start: int
    end: int
    kind: Kind


_TOKEN = regex.compile(
    r"""
    (?P<url>(?:https?://|www\.)\S+[\p{L}\p{N}/])
  | (?P<email>[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)
  | (?!\p{Ll}+/\p{N})  # "thuê bao/100 dân": a word per number is no code; its word needs its context
    (?P<code>[\p{L}\p{N}&]+(?:[/\\-][\p{L}\p{N}&]+)+)   # 01/NQ-TU, 33/2006/QĐ-UBND, 2006-2010, TT&TT
  | (?P<number>\p{N}++(?:[.,]\p{N}+)*%?)(?![\p{L}\p{M}])  # possessive: "16n" ("lớn") is not "1" + "6n"
  | (?P<word>[\p{L}\p{M}\p{N}]+(?:[¢€§¥&@’‘?]+[\p{L}\p{M}\p{N}]+)*[¢€§¥&]*)  # OCR symbols: "nghi¢p", "K&"
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    regex.VERBOSE,
)

# An English model also reads marked vowels as symbols ("nghiệp"→"nghi¢p", "kế"→"K&", "kỹ"→"k¥",
# "người"→"ngw@i"): inside a word, or for the first five at its end, they belong to the word,
# so that the restorer sees the whole damaged word rather than two pieces and a punctuation mark.

# OCR with an English model turns marked vowels into digits ("số"→"s6", "là"→"1a"); a short token
# with one or two such digits among letters is a corrupted word, a longer one is a code ("VX3").
_MAX_CORRUPT_LENGTH = 7
_MAX_CORRUPT_DIGITS = 2


def nfc(text: str) -> str:
    """Canonical composition: OCR engines and editors emit both NFC and NFD Vietnamese."""
    return unicodedata.normalize("NFC", text)


def tokenize_line(line: str) -> list[Token]:
    """Split one line (no newline) into tokens that cover it exactly."""
    tokens = []
    for match in _TOKEN.finditer(line):
        group = match.lastgroup
        text = match.group()
        if group in ("url", "email", "code"):
            kind = Kind.PROTECTED
        elif group == "number":
            kind = Kind.NUMBER
        elif group == "word":
            kind = Kind.WORD if _is_word_like(text) else Kind.PROTECTED
        elif group == "space":
            kind = Kind.SPACE
        else:
            kind = Kind.PUNCT
        tokens.append(Token(text, match.start(), match.end(), kind))
    return tokens


def _is_word_like(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if digits == 0:
        return True
    letters = sum(ch.isalpha() for ch in text)
    if letters == 0 or digits > _MAX_CORRUPT_DIGITS or len(text) > _MAX_CORRUPT_LENGTH:
        return False
    # Several capitals with a digit ("VX3", "A4B") is a code, not a damaged word.
    return sum(ch.isupper() for ch in text) <= 1


def case_pattern(word: str) -> str:
    """'lower', 'title' or 'upper' (mixed case, typical of OCR damage like "tAng", counts as lower/title)."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return "upper"
    if letters and word[0].isupper():
        return "title"
    return "lower"


def apply_case(pattern: str, word: str) -> str:
    """Give a lowercase ``word`` the case ``pattern`` returned by :func:`case_pattern`."""
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word
