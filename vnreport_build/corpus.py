"""Reading the training corpus, with a deterministic held-out slice kept out of training.

The corpus is gzip'd NFC text, one paragraph per line, documents separated by ``### FILE name``
lines. A document is held out when a hash of its name falls in the held-out bucket; because about
13% of lines repeat across documents, training also skips every line that occurs in a held-out
document, so benchmark text is never seen in training, not even as a duplicate.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal

import regex

from vnreport.errors import InputError

Split = Literal["train", "heldout"]

CORPUS_FILES = ("phapdien.nfc.txt.gz", "vanban.nfc.txt.gz")
DOC_MARKER = "### FILE "

# Attachment file names ("Mẫu số 01.doc") and flattened tables are not prose.
_ATTACHMENT = regex.compile(r"\.(?:docx?|xlsx?|pdf|zip|rar|jpe?g|png)\s*$", regex.IGNORECASE)
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"\p{L}+")
_ASCII_WORD = regex.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class CorpusSpec:
    """Where the corpus is and how it is split.

    heldout_every: one document in this many is held out (by a hash of its name).
    min_letters: lines with fewer letters are headings, numbers or table debris, not prose.
    max_unmarked: Vietnamese prose carries a mark on most syllables (about 75%); a line whose words
        are mostly unmarked is stripped text, a file name or English, and would teach the model
        that "tinh bao cao" is a phrase, so it is not prose for our purposes.
    """

    directory: Path
    heldout_every: int = 20
    min_letters: int = 20
    max_unmarked: float = 0.6


def default_corpus_dir() -> Path:
    """``$VNREPORT_CORPUS``, else ``../shared/corpus`` beside the checkout."""
    env = os.environ.get("VNREPORT_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def is_heldout(document: str, every: int) -> bool:
    """Whether ``document`` (its ``### FILE`` name) belongs to the held-out slice."""
    digest = hashlib.sha1(document.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % every == 0


def is_prose(line: str, min_letters: int, max_unmarked: float = 0.6) -> bool:
    """Heuristic filter: Vietnamese prose with its marks, not an attachment name, table row or stripped text."""
    if _ATTACHMENT.search(line):
        return False
    letters = len(_LETTER.findall(line))
    if letters < min_letters or letters < 0.6 * len(line.replace(" ", "")) or line.count("|") >= 2:
        return False
    words = _WORD.findall(line)
    unmarked = sum(1 for word in words if _ASCII_WORD.fullmatch(word))
    return unmarked <= max_unmarked * len(words)


def iter_documents(spec: CorpusSpec) -> Iterator[tuple[str, list[str]]]:
    """Yield (document name, its stripped non-empty lines) for every document of every corpus file."""
    paths = [spec.directory / name for name in CORPUS_FILES]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise InputError(f"corpus file not found: {', '.join(missing)}", hint="set VNREPORT_CORPUS to the corpus folder")
    for path in paths:
        name, lines = f"{path.name}:preamble", []
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for raw in handle:
                line = raw.strip()
                if line.startswith(DOC_MARKER):
                    if lines:
                        yield name, lines
                    name, lines = f"{path.name}:{line[len(DOC_MARKER):]}", []
                elif line:
                    lines.append(line)
        if lines:
            yield name, lines


def _line_key(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()


def iter_paragraphs(spec: CorpusSpec, split: Split) -> Iterator[str]:
    """Yield the prose paragraphs of one split, each distinct line once.

    Training excludes any line that also occurs in a held-out document.
    """
    heldout_keys: set[bytes] = set()
    for name, lines in iter_documents(spec):
        if is_heldout(name, spec.heldout_every):
            heldout_keys.update(_line_key(line) for line in lines)
    seen: set[bytes] = set()
    for name, lines in iter_documents(spec):
        if is_heldout(name, spec.heldout_every) != (split == "heldout"):
            continue
        for line in lines:
            key = _line_key(line)
            if key in seen or (split == "train" and key in heldout_keys):
                continue
            seen.add(key)
            if is_prose(line, spec.min_letters, spec.max_unmarked):
                yield line
