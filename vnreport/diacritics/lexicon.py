"""Lexicon data: the syllable vocabulary, phrase lists and user term files.

Loaders take a text stream (``load_*_stream``) so tests can pass ``io.StringIO``; the path
variants open the file and report problems as ``file:line`` in a ModelError. A missing lexicon is
an error, never an empty lexicon.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from vnreport.diacritics.normalize import nfc
from vnreport.errors import ModelError

BOS, EOS, UNK, NUM, CODE, PUNCT = "<s>", "</s>", "<unk>", "<num>", "<code>", "<p>"
SPECIALS = (BOS, EOS, UNK, NUM, CODE, PUNCT)
# A syllable whose Title-case share inside sentences reaches this is written Title-case when OCR
# damage makes the observed case meaningless ("Pang" -> "Đảng").
TITLE_SHARE = 0.5


@dataclass(frozen=True)
class Vocabulary:
    """Syllables (lowercase, normalised tone placement) and special tokens, each with an integer id.

    titled: how often each syllable was written Title-case inside a sentence ("Đảng" nearly always,
    "ủy" almost never); the restorer uses it when OCR damage makes the observed case meaningless.
    """

    words: tuple[str, ...]
    counts: tuple[int, ...]
    titled: tuple[int, ...] = ()
    index: dict[str, int] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self.titled:
            object.__setattr__(self, "titled", (0,) * len(self.words))
        if not self.index:
            self.index.update({word: i for i, word in enumerate(self.words)})

    def id(self, word: str) -> int:
        """The id of ``word``, or of ``<unk>``."""
        return self.index.get(word, self.index[UNK])

    def title_share(self, word: str) -> float:
        """Share of a syllable's occurrences that were Title-case inside a sentence (0 if unknown)."""
        index = self.index.get(word)
        if index is None or not self.counts[index]:
            return 0.0
        return self.titled[index] / self.counts[index]

    def __contains__(self, word: str) -> bool:
        return word in self.index

    def __len__(self) -> int:
        return len(self.words)


def save_vocabulary(vocabulary: Vocabulary, path: Path) -> None:
    """One ``word<TAB>count<TAB>title-case count`` line per id, in id order."""
    lines = [f"{word}\t{count}\t{titled}\n" for word, count, titled in zip(vocabulary.words, vocabulary.counts, vocabulary.titled)]
    path.write_text("".join(lines), encoding="utf-8")


def load_vocabulary_stream(stream: TextIO, name: str = "<stream>") -> Vocabulary:
    """Read a vocabulary written by :func:`save_vocabulary`."""
    words, counts, titled = [], [], []
    for lineno, line in enumerate(stream, 1):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2].isdigit():
            raise ModelError(f"{name}:{lineno}: expected 'word<TAB>count<TAB>title-case count', got {line.strip()[:40]!r}")
        words.append(parts[0])
        counts.append(int(parts[1]))
        titled.append(int(parts[2]))
    missing = [token for token in SPECIALS if token not in words]
    if missing:
        raise ModelError(f"{name}: vocabulary lacks the special tokens {', '.join(missing)}")
    return Vocabulary(tuple(words), tuple(counts), tuple(titled))


def load_vocabulary(path: Path) -> Vocabulary:
    """Read a vocabulary file; raise ModelError when it is missing or malformed."""
    return _with_file(path, load_vocabulary_stream)


@dataclass(frozen=True)
class CasePair:
    """How often ``word`` was written Title-case right after ``previous`` inside a sentence."""

    previous: str
    word: str
    titled: int
    total: int


def save_case_pairs(pairs: Iterable[CasePair], path: Path) -> None:
    """One ``previous word<TAB>title-case count<TAB>count`` line per pair under a ``#`` header."""
    header = "# Syllables whose case after the previous syllable differs from their usual case\n# (previous word<TAB>title-case count<TAB>count).\n"
    body = "".join(f"{pair.previous} {pair.word}\t{pair.titled}\t{pair.total}\n" for pair in pairs)
    path.write_text(header + body, encoding="utf-8")


def load_case_pairs_stream(stream: TextIO, name: str = "<stream>") -> dict[tuple[str, str], float]:
    """Read a file written by :func:`save_case_pairs`: (previous, word) -> Title-case share."""
    shares = {}
    for lineno, line in enumerate(stream, 1):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        words = parts[0].split(" ")
        if len(parts) != 3 or len(words) != 2 or not parts[1].isdigit() or not parts[2].isdigit() or int(parts[2]) == 0:
            raise ModelError(f"{name}:{lineno}: expected 'previous word<TAB>title-case count<TAB>count', got {line.strip()[:40]!r}")
        shares[words[0], words[1]] = int(parts[1]) / int(parts[2])
    return shares


def load_case_pairs(path: Path) -> dict[tuple[str, str], float]:
    """Read a case-exception file; raise ModelError when it is missing or malformed."""
    return _with_file(path, load_case_pairs_stream)


def load_terms_stream(stream: TextIO, name: str = "<stream>") -> list[str]:
    """Read a term file: one term or phrase per line (optionally ``term<TAB>count``); ``#`` comments.

    Terms are NFC-normalised; blank lines and comments are skipped.
    """
    terms = []
    for lineno, raw in enumerate(stream, 1):
        line = raw.split("\t", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if "\x00" in line or "\ufffd" in line:
            raise ModelError(f"{name}:{lineno}: not valid UTF-8 text")
        terms.append(nfc(" ".join(line.split())))
    return terms


def load_terms(path: Path) -> list[str]:
    """Read a term file (user lexicon, phrases, proper nouns, foreign words)."""
    return _with_file(path, load_terms_stream)


def save_terms(terms: Iterable[tuple[str, int]], path: Path, header: str) -> None:
    """Write ``term<TAB>count`` lines under a ``#`` header explaining the file."""
    body = "".join(f"{term}\t{count}\n" for term, count in terms)
    path.write_text("".join(f"# {line}\n" for line in header.splitlines()) + body, encoding="utf-8")


def _with_file(path: Path, reader):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise ModelError(f"lexicon file not found: {path}") from exc
    except OSError as exc:
        raise ModelError(f"cannot read lexicon file {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ModelError(f"{path}:{line}: not valid UTF-8 text") from exc
    return reader(io.StringIO(text), str(path))
