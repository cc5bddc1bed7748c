"""Building the lexicons and the language model from the corpus (``vnreport lexicon build``).

Reproducible: the same corpus and BuildSpec give the same files. The held-out slice of the corpus
(see :mod:`vnreport_build.corpus`) is never read here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from array import array
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import regex

from vnreport.diacritics import orthography
from vnreport_build.corpus import CORPUS_FILES, CorpusSpec, iter_paragraphs
from vnreport.diacritics.lexicon import (
    BOS,
    CODE,
    EOS,
    NUM,
    PUNCT,
    SPECIALS,
    TITLE_SHARE,
    UNK,
    CasePair,
    Vocabulary,
    save_case_pairs,
    save_terms,
    save_vocabulary,
)
from vnreport.diacritics.model import (  # noqa: F401 - the file names are also read as build.X
    ACRONYMS_FILE,
    CASE_PAIRS_FILE,
    FOREIGN_FILE,
    META_FILE,
    NGRAM_FILE,
    PHRASES_FILE,
    PROPER_NOUNS_FILE,
    VOCAB_FILE,
)
from vnreport.diacritics.ngram import MAX_VOCAB, estimate
from vnreport.diacritics.normalize import Kind, case_pattern, tokenize_line
from vnreport.progress import NullProgress, Progress

log = logging.getLogger(__name__)

# Foreign words worth protecting are Latin-alphabet words of three letters or more ("Internet",
# "website"); shorter or accented non-syllables in the corpus are list markers, typos or glued words.
_FOREIGN_WORD = regex.compile(r"[A-Za-z]{3,}")
_SENTENCE_END = {".", "!", "?", ":", ";", "(", "-", '"', "“"}



@dataclass(frozen=True)
class BuildSpec:
    """What to build and how.

    min_syllable_count: rarer syllables become <unk> (only valid syllables are counted at all, so
        typos are already out; a syllable seen once is still worth restoring).
    min_trigram_count: pruning threshold that keeps the shipped model under its 25 MB budget.
    min_phrase_count / min_phrase_pmi: multi-syllable words and administrative phrases are frequent
        bigrams/trigrams whose parts co-occur far more often than chance.
    min_term_count: threshold for proper nouns, foreign words, acronyms and case exceptions.
    max_paragraphs: stop early (tests, quick experiments); None reads the whole training split.
    """

    corpus: CorpusSpec
    output_dir: Path
    min_syllable_count: int = 2
    min_trigram_count: int = 1
    min_phrase_count: int = 30
    min_phrase_pmi: float = 4.0
    min_term_count: int = 10
    max_paragraphs: int | None = None


@dataclass
class _Collected:
    ids: array
    words: dict[str, int]
    counts: Counter
    foreign: Counter
    acronyms: Counter
    proper: Counter
    titled: Counter  # how often each syllable was written Title-case inside a sentence
    pairs: Counter  # (previous syllable, syllable) inside a sentence
    titled_pairs: Counter  # the same, where the second syllable was written Title-case
    paragraphs: int = 0


def _unit_of(word: str, cache: dict[str, str]) -> str:
    """The LM unit of one WORD token: its normalised lowercase syllable, or <unk>."""
    unit = cache.get(word)
    if unit is None:
        lower = word.lower()
        unit = orthography.normalize_syllable(lower, "old") if orthography.is_syllable(lower) else UNK
        cache[word] = unit
    return unit


def _collect(paragraphs: Iterable[str], max_paragraphs: int | None, progress: Progress) -> _Collected:
    words: dict[str, int] = {token: i for i, token in enumerate(SPECIALS)}
    collected = _Collected(array("i"), words, Counter(), Counter(), Counter(), Counter(), Counter(), Counter(), Counter())
    cache: dict[str, str] = {}
    bos, eos = words[BOS], words[EOS]
    for paragraph in paragraphs:
        if max_paragraphs is not None and collected.paragraphs >= max_paragraphs:
            break
        collected.paragraphs += 1
        if collected.paragraphs % 20000 == 0:
            progress.advance(20000)
        tokens = [token for token in tokenize_line(paragraph) if token.kind is not Kind.SPACE]
        units = []
        mostly_caps = sum(case_pattern(t.text) == "upper" for t in tokens) > len(tokens) / 2
        run: list[str] = []
        for position, token in enumerate(tokens):
            if token.kind is Kind.WORD:
                unit = _unit_of(token.text, cache)
                pattern = case_pattern(token.text)
                if unit == UNK:
                    if pattern == "upper" and not mostly_caps:
                        collected.acronyms[token.text] += 1
                    elif pattern != "upper" and _FOREIGN_WORD.fullmatch(token.text):
                        collected.foreign[token.text.lower()] += 1
                # Proper nouns: runs of Title-case syllables that do not start a sentence.
                inside_sentence = position > 0 and tokens[position - 1].text not in _SENTENCE_END and not mostly_caps
                if unit != UNK and pattern == "title" and inside_sentence:
                    run.append(token.text)
                    collected.titled[unit] += 1
                else:
                    _close_run(run, collected.proper)
                previous = units[-1] if units else UNK
                if unit != UNK and inside_sentence and tokens[position - 1].kind is Kind.WORD and previous != UNK:
                    collected.pairs[previous, unit] += 1
                    if pattern == "title":
                        collected.titled_pairs[previous, unit] += 1
            else:
                _close_run(run, collected.proper)
                unit = NUM if token.kind is Kind.NUMBER else CODE if token.kind is Kind.PROTECTED else PUNCT
            units.append(unit)
        _close_run(run, collected.proper)
        ids = collected.ids
        ids.append(bos)
        ids.append(bos)
        for unit in units:
            index = words.get(unit)
            if index is None:
                index = words[unit] = len(words)
            ids.append(index)
            collected.counts[unit] += 1
        ids.append(eos)
    return collected


def _close_run(run: list[str], proper: Counter) -> None:
    if len(run) >= 2:
        proper[" ".join(run)] += 1
    run.clear()


def _vocabulary(collected: _Collected, min_count: int) -> tuple[Vocabulary, np.ndarray]:
    """Frequency-ordered vocabulary and the map from collection ids to vocabulary ids."""
    kept = [word for word, count in collected.counts.most_common() if count >= min_count and word not in SPECIALS]
    kept = kept[: MAX_VOCAB - len(SPECIALS)]
    words = list(SPECIALS) + kept
    counts = [collected.counts.get(word, 0) for word in words]
    titled = [collected.titled.get(word, 0) for word in words]
    vocabulary = Vocabulary(tuple(words), tuple(counts), tuple(titled))
    remap = np.full(len(collected.words), vocabulary.id(UNK), dtype=np.int32)
    for word, old in collected.words.items():
        if word in vocabulary:
            remap[old] = vocabulary.id(word)
    return vocabulary, remap


def _phrases(tables, vocabulary: Vocabulary, spec: BuildSpec) -> list[tuple[str, int]]:
    """Frequent syllable bigrams with high pointwise mutual information: words and set phrases."""
    counts = np.asarray(vocabulary.counts, dtype=np.float64)
    total = counts.sum()
    keys = tables.bi_keys
    v = (keys >> np.uint64(16)).astype(np.int64)
    w = (keys & np.uint64(0xFFFF)).astype(np.int64)
    syllable = (v >= len(SPECIALS)) & (w >= len(SPECIALS)) & (counts[v] > 0) & (counts[w] > 0)
    v, w = v[syllable], w[syllable]
    pair_count = np.exp(tables.bi_logp[syllable].astype(np.float64)) * counts[v]  # p(w|v) * c(v) ~ c(v w)
    pmi = np.log2(pair_count * total / (counts[v] * counts[w]))
    chosen = np.nonzero((pair_count >= spec.min_phrase_count) & (pmi >= spec.min_phrase_pmi))[0]
    phrases = [(f"{vocabulary.words[v[i]]} {vocabulary.words[w[i]]}", int(round(pair_count[i]))) for i in chosen]
    return sorted(phrases, key=lambda item: (-item[1], item[0]))


def _case_exceptions(collected: _Collected, vocabulary: Vocabulary, min_count: int) -> list[CasePair]:
    """Syllable pairs after which a syllable takes the other case than it usually does.

    "ủy" is Title-case in two uses of three ("Ủy ban"), but after "tỉnh" always lower ("Tỉnh ủy");
    only such exceptions are kept, the rest is what ``Vocabulary.title_share`` already says.
    """
    exceptions = []
    for (previous, word), total in collected.pairs.items():
        if total < min_count or word not in vocabulary:
            continue
        titled = collected.titled_pairs.get((previous, word), 0)
        if (titled / total >= TITLE_SHARE) != (vocabulary.title_share(word) >= TITLE_SHARE):
            exceptions.append(CasePair(previous, word, titled, total))
    return sorted(exceptions, key=lambda pair: (-pair.total, pair.previous, pair.word))


def _frequent(counter: Counter, min_count: int) -> list[tuple[str, int]]:
    return sorted(((term, count) for term, count in counter.items() if count >= min_count), key=lambda item: (-item[1], item[0]))


def corpus_fingerprint(spec: CorpusSpec) -> dict[str, str]:
    """SHA-256 of each corpus file, recorded so a build can be tied to its data."""
    digests = {}
    for name in CORPUS_FILES:
        digest = hashlib.sha256()
        with open(spec.directory / name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digests[name] = digest.hexdigest()
    return digests


def build_model(spec: BuildSpec, progress: Progress | None = None) -> dict:
    """Build every lexicon file and the n-gram model into ``spec.output_dir``; return the metadata."""
    progress = progress or NullProgress()
    started = time.perf_counter()
    spec.output_dir.mkdir(parents=True, exist_ok=True)
    progress.start("reading corpus", total=spec.max_paragraphs or 900_000)
    collected = _collect(iter_paragraphs(spec.corpus, "train"), spec.max_paragraphs, progress)
    progress.finish()
    vocabulary, remap = _vocabulary(collected, spec.min_syllable_count)
    ids = remap[np.frombuffer(collected.ids, dtype=np.int32)]
    log.info("corpus: %d paragraphs, %d units, vocabulary %d", collected.paragraphs, ids.size, len(vocabulary))
    tables = estimate(ids, len(vocabulary), bos=vocabulary.id(BOS), min_trigram_count=spec.min_trigram_count)
    out = spec.output_dir
    save_vocabulary(vocabulary, out / VOCAB_FILE)
    tables.save(out / NGRAM_FILE)
    phrases = _phrases(tables, vocabulary, spec)
    save_terms(phrases, out / PHRASES_FILE, "Multi-syllable words and administrative phrases: frequent syllable bigrams\nwith high PMI in the training corpus (term<TAB>approximate count).")
    save_case_pairs(_case_exceptions(collected, vocabulary, spec.min_term_count), out / CASE_PAIRS_FILE)
    save_terms(_frequent(collected.proper, spec.min_term_count), out / PROPER_NOUNS_FILE, "Proper nouns: runs of Title-case syllables not starting a sentence (term<TAB>count).")
    vietnamese_keys = {orthography.strip_marks(word) for word in orthography.all_syllables()}
    foreign = Counter({word: count for word, count in collected.foreign.items() if word not in vietnamese_keys})
    save_terms(_frequent(foreign, spec.min_term_count), out / FOREIGN_FILE, "Foreign words: frequent Latin-letter tokens that are no Vietnamese syllable, with or without marks; never restored.")
    # An ALL-CAPS token that spells a Vietnamese syllable without marks ("VIET" in stripped text) is
    # no acronym worth protecting in headings.
    acronyms = Counter({term: count for term, count in collected.acronyms.items() if term.lower() not in vietnamese_keys})
    save_terms(_frequent(acronyms, spec.min_term_count), out / ACRONYMS_FILE, "Acronyms: ALL-CAPS tokens seen inside mixed-case text (term<TAB>count); never restored.")
    meta = {
        "spec": {key: (str(value) if isinstance(value, Path) else value) for key, value in asdict(spec).items() if key != "corpus"},
        "corpus": {"directory": str(spec.corpus.directory), "heldout_every": spec.corpus.heldout_every, "min_letters": spec.corpus.min_letters},
        "corpus_sha256": corpus_fingerprint(spec.corpus) if spec.max_paragraphs is None else {},
        "paragraphs": collected.paragraphs,
        "units": int(ids.size),
        "vocabulary": len(vocabulary),
        "bigrams": int(tables.bi_keys.size),
        "trigrams": int(tables.tri_keys.size),
        "phrases": len(phrases),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta



def pair_file(pairs_dir: Path, split: str, mode: str) -> Path:
    """Where the OCR line pairs of one split and input kind live (see lexicons/pairs/README.md)."""
    return pairs_dir / f"{split}-{mode}.tsv.gz"


def read_line_pairs(path: Path) -> Iterable[tuple[str, str]]:
    """(clean line, OCR line) pairs from a gzip'd TSV written by ``vnreport_build.ocrpairs``."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            clean, _, ocr = line.rstrip("\n").partition("\t")
            yield clean, ocr


def build_channels(pairs_dir: Path, output_dir: Path) -> list[str]:
    """Train one noise model per input kind whose training pairs exist; return the kinds built."""
    from vnreport.diacritics.channel import LEARNED_MODES
    from vnreport_build.channel import genuine_token_shapes, syllable_pairs, train_channel
    from vnreport.diacritics.model import channel_file

    built = []
    for mode in LEARNED_MODES:
        source = pair_file(pairs_dir, "train", mode)
        if not source.is_file():
            log.warning("no training pairs %s: the %s noise model is not built", source, mode)
            continue
        model = train_channel(mode, syllable_pairs(read_line_pairs(source)), genuine_shapes=genuine_token_shapes(read_line_pairs(source)))
        model.save(output_dir / channel_file(mode))
        built.append(mode)
    return built


def build_all(spec: BuildSpec, pairs_dir: Path, progress: Progress | None = None) -> dict:
    """Language model, lexicons and noise models into ``spec.output_dir``; the metadata is returned."""
    meta = build_model(spec, progress)
    meta["channels"] = build_channels(pairs_dir, spec.output_dir)
    (spec.output_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta
