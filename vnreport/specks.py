"""Words that a speck of dust joined: "biện.pháp" read as one word is "biện pháp".

On photocopies a speck between two words often lands where the space is; Tesseract then reads the
two words as one, with a full stop (or a comma, colon, ...) in the middle: "thi.hành", "do.thảm",
"định;:báo". As one word it is no syllable, so the restorer cannot repair it, and the text has one
wrong word where there are two right ones. This step splits such a word in two when both halves are
Vietnamese syllables and the second begins with a small letter (after a real full stop the next
sentence begins with a capital; "TP.HCM", "v.v", "gov.vn" and "2.2.TT" stay as they are). A full
stop or a middle dot there is the speck and is dropped; other punctuation (",", ";", ":") stays with
the first half, where a missing space after it would have put it. The two halves share the word's
box in proportion to their lengths, so the searchable PDF still puts each on its place.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from vnreport.diacritics.orthography import is_syllable
from vnreport.models import BBox, Line, Page, Word

_JOINED = regex.compile(r"^(\p{L}+)([.,:;·'`]+)(\p{Ll}\p{L}*)([\p{P}]*)$")
_SPECK = ".·'`"  # marks that are only ever the speck here, never text the reader wants


def split_joined(word: Word) -> tuple[Word, ...]:
    """``word`` as two words when it is two syllables joined by a speck (see the module doc)."""
    match = _JOINED.match(word.text)
    if match is None:
        return (word,)
    head, marks, tail, trailing = match.groups()
    if not (is_syllable(head) and is_syllable(tail)):
        return (word,)
    kept = "".join(mark for mark in marks if mark not in _SPECK)[:1]
    first, second = head + kept, tail + trailing
    if word.bbox is None:
        return (replace(word, text=first), replace(word, text=second))
    box = word.bbox
    # Split the box where the first half's share of the letters ends (a speck is about a letter wide).
    cut = round(box.width * (len(head) + 0.5) / max(1, len(word.text)))
    cut = min(max(cut, 1), box.width - 1) if box.width > 1 else 0
    return (
        replace(word, text=first, bbox=BBox(box.left, box.top, cut, box.height)),
        replace(word, text=second, bbox=BBox(box.left + cut, box.top, box.width - cut, box.height)),
    )


def split_joined_words(page: Page) -> Page:
    """``page`` with every speck-joined word split in two; the same page when there is none."""
    changed = False
    lines: list[Line] = []
    for line in page.lines:
        words = tuple(part for word in line.words for part in split_joined(word))
        if len(words) != len(line.words):
            changed = True
            line = replace(line, words=words)
        lines.append(line)
    return replace(page, lines=tuple(lines)) if changed else page
