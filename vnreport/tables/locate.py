"""Find appendix titles ("Phụ lục 2:", "Biểu số 03") and their captions, in OCR lines or plain text."""

from __future__ import annotations

from collections.abc import Sequence

import unicodedata

import regex
from unidecode import unidecode

from vnreport.tables.textutil import fold

# "Phụ lục 2", "PHỤ LỤC II", "Phu luc 3:" (OCR without marks), "Biểu số 01", "Biểu 2a".
# OCR of bold headings garbles the vowel ("Phụ lặc4"), so any letter between l and c is accepted.
_APPENDIX_RE = regex.compile(r"^[\W_]*\s*(?:phu\s*l[a-z]c|bieu(?:\s+mau)?)\s*(?:so\s*)?(?:[0-9]{1,3}[a-z]?|[ivxl]{1,5})\b\s*[:.\-]?")
# "(Kèm theo Báo cáo số …)": the reference line under a caption, not part of the title.
_NOTE_RE = regex.compile(r"^\s*\(?\s*(?:kem|kem theo|ban hanh kem)\b")


def _folded_chars(text: str) -> list[str]:
    """Each character of ``text`` folded on its own (lower-case ASCII, possibly "" or two letters)."""
    return [unidecode(char).lower() for char in unicodedata.normalize("NFC", text)]


def appendix_match(text: str) -> int | None:
    """Number of characters of ``text`` that make its "Phụ lục N:" prefix, or None if it has none."""
    chars = _folded_chars(text)
    match = _APPENDIX_RE.match("".join(chars))
    if not match:
        return None
    length = 0
    for count, char in enumerate(chars, start=1):
        length += len(char)
        if length >= match.end():
            return count
    return len(chars)


def is_appendix_line(text: str) -> bool:
    """True for a line that starts an appendix: "Phụ lục 2: …", "Biểu số 01"."""
    return bool(_APPENDIX_RE.match(fold(text)))


def is_note_line(text: str) -> bool:
    """True for "(Kèm theo Báo cáo số …" lines, which follow a caption."""
    return bool(_NOTE_RE.match(fold(text)))


def is_caption_line(text: str) -> bool:
    """An all-capitals line such as "PHÁT TRIỂN HẠ TẦNG CÔNG NGHỆ THÔNG TIN" (a table caption)."""
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 4:
        return False
    return sum(1 for char in letters if char.isupper()) >= 0.8 * len(letters)


def split_appendix(text: str) -> tuple[str, str]:
    """ "Phụ lục 2 - PHÁT TRIỂN …" → ("Phụ lục 2", "PHÁT TRIỂN …"); ("", text) without a heading."""
    text = unicodedata.normalize("NFC", text)
    cut = appendix_match(text)
    if cut is None:
        return "", text
    head = regex.sub(r"^[\W_]+", "", text[:cut]).rstrip(" :.-")
    return head, regex.sub(r"^[\s:.\-–—]+", "", text[cut:])


# The heading word as printed: OCR drops or changes its marks ("Phu lục", "Phụ lực", "Biéu số").
_HEAD_WORD = regex.compile(r"^(?:(phu\s*l[a-z]c)|(bieu(?:\s+mau)?))((?:\s+so\b)?)")


def canonical_head(head: str) -> str:
    """ "Phu lục 2" → "Phụ lục 2", "PHU LUC II" → "PHỤ LỤC II", "Biéu số 01" → "Biểu số 01": the
    heading words are a fixed phrase, so their marks are restored from it, keeping the case."""
    folded = "".join(_folded_chars(head))
    match = _HEAD_WORD.match(folded)
    if not match or len(folded) != len(head):
        return head  # a character folded to several letters: positions would not line up
    word = "Phụ lục" if match.group(1) else ("Biểu mẫu" if "mau" in match.group(2) else "Biểu")
    number = " số" if match.group(3) else ""
    fixed = word + number
    length = match.end()
    original = head[:length]
    if original.isupper():
        fixed = fixed.upper()
    if len(" ".join(original.split())) != len(fixed):
        return head  # spacing differs from the canonical phrase ("Phụlục"): leave it as read
    return fixed + head[length:]


def compose_title(appendix_line: str, captions: Sequence[str]) -> str:
    """ "Phụ lục 2:" + ["PHÁT TRIỂN HẠ TẦNG …"] → "Phụ lục 2: PHÁT TRIỂN HẠ TẦNG …"."""
    head, rest = split_appendix(" ".join(appendix_line.split()))
    caption = " ".join(" ".join(line.split()) for line in [rest, *captions] if line.strip())
    if not caption:
        return head
    return f"{head}: {caption}"


def title_from_lines(lines: Sequence[str]) -> str:
    """Title from the text lines above a table, nearest last: the last appendix line and its captions.

    Without an appendix line, the caption lines right above the table are the title (or "").
    """
    start = next((i for i in range(len(lines) - 1, -1, -1) if is_appendix_line(lines[i])), None)
    if start is None:
        captions: list[str] = []
        for line in reversed(lines):
            if not is_caption_line(line):
                break
            captions.insert(0, line)
        return " ".join(" ".join(line.split()) for line in captions)
    captions = []
    for line in lines[start + 1 :]:
        if not line.strip():
            if captions:
                break
            continue
        if is_note_line(line) or not is_caption_line(line):
            break
        captions.append(line)
    return compose_title(lines[start], captions)
