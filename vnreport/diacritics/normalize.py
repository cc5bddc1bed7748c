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
    WORD = "word"  # letters, possibly with OCR digits or symbols for marked vowels ("s6", "nghi¢p"): restorable
    NUMBER = "number"  # 2019, 1.187.000, 80,28%
    PROTECTED = "protected"  # URLs, host names, e-mails, document codes (01/NQ-TU), dates, mixed codes (VX3), R&D, 50.000đ
    PUNCT = "punct"
    SPACE = "space"


@dataclass(frozen=True)
class Token:
    """A piece of one line; concatenating the texts of a line's tokens gives the line back."""

    text: str
    start: int
    end: int
    kind: Kind


# Alternatives are tried in order; why some are shaped as they are:
# * a host name without "www." ("tuvinhphuc.dcs.vn", "dichvucong.gov.vn/p/home") is an address
#   when it is written lowercase, as addresses are, and ends in a common top-level domain; it starts
#   only where a run of dotted labels starts and has at most six labels, so that a long run of
#   "a.a.a..." costs linear time, and its path stops at what cannot be in one ("/home,Nghị");
# * a word per number ("thuê bao/100 dân") is no code: the word needs its neighbours to be restored;
# * ALL-CAPS words joined by "&" (R&D, TT&TT, KH&CN) are acronyms, never words to restore;
# * a number with separators and a unit glued to it ("50.000đ", "80,5kg", "1.2.3a") is one token;
#   a number is atomic, so that "50.000đ" is never "50.00" + "0đ" and "16n" (English-model OCR of
#   "lớn") is one word, not "1" + "6n";
# * an English model also reads marked vowels as symbols ("nghiệp"→"nghi¢p", "kế"→"K&", "kỹ"→"k¥",
#   "người"→"ngw@i"): inside a word, or for ¢€§¥& at its end, they belong to the word, so that the
#   restorer sees the whole damaged word; "?" only before a lowercase letter ("ph?m"), because after
#   a question the next word starts with a capital ("sao?Vì").
_TOKEN = regex.compile(
    r"""
    (?P<url>(?:https?://|www\.)\S+[\p{L}\p{N}/])
  | (?<![\p{L}\p{N}._%+-])(?P<email>[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)
  | (?<![\p{L}\p{N}.-])(?P<domain>(?:[\p{Ll}\p{N}-]{1,63}\.){1,6}(?:vn|com|net|org|gov|edu|info|int|biz)(?:/[\p{L}\p{N}/._~%?=&#+-]*[\p{L}\p{N}/])?)(?![\p{L}\p{M}\p{N}])
  | (?!\p{Ll}+/\p{N})(?P<code>[\p{L}\p{N}&]+(?:[/\\-][\p{L}\p{N}&]+)+)   # 01/NQ-TU, 33/2006/QĐ-UBND, 2006-2010
  | (?P<acronym>\p{Lu}+(?:&\p{Lu}+)+)(?![\p{L}\p{M}\p{N}])
  | (?P<measure>\p{N}+(?:[.,]\p{N}+)+\p{L}{1,4})(?![\p{L}\p{M}\p{N}])
  | (?P<number>(?>\p{N}+(?:[.,]\p{N}+)*)%?)(?![\p{L}\p{M}])
  | (?P<word>[\p{L}\p{M}\p{N}]+(?:(?:[¢€§¥&@’‘]|\?(?=\p{Ll}))+[\p{L}\p{M}\p{N}]+)*[¢€§¥&]*)
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    regex.VERBOSE,
)

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
        if group in ("url", "email", "domain", "code", "acronym", "measure"):
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
