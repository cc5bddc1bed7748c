"""Loading a built model folder: vocabulary, n-gram tables, noise models and term lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from vnreport.diacritics.channel import LEARNED_MODES, STRIPPED, ChannelModel, Mode
from vnreport.diacritics.lexicon import Vocabulary, load_case_pairs, load_terms, load_vocabulary
from vnreport.diacritics.ngram import NgramTables
from vnreport.errors import ModelError

# File names inside a model folder (lexicons/ in the checkout, vnreport/lexicons/ when installed);
# the model builder writes them under these names.
VOCAB_FILE = "syllables.tsv"
NGRAM_FILE = "ngram.npz"
PHRASES_FILE = "phrases.tsv"
PROPER_NOUNS_FILE = "proper_nouns.tsv"
FOREIGN_FILE = "foreign.tsv"
ACRONYMS_FILE = "acronyms.tsv"
CASE_PAIRS_FILE = "case_pairs.tsv"
META_FILE = "build.json"


def channel_file(mode: Mode) -> str:
    """File name of the noise model for one input kind."""
    return f"channel-{mode}.json.gz"


@dataclass(frozen=True)
class Model:
    """Everything the restorer needs, loaded once."""

    directory: Path
    vocabulary: Vocabulary
    lm: NgramTables
    channels: dict[str, ChannelModel]
    foreign: frozenset[str]  # lowercase foreign words, never restored whatever their case
    acronyms: frozenset[str]  # ALL-CAPS acronyms, never restored when written in capitals
    case_pairs: dict[tuple[str, str], float] = field(default_factory=dict)  # (previous, word) -> Title-case share, exceptions only
    phrases: tuple[str, ...] = ()  # the model's multi-syllable words and phrases (phrases.tsv), nudged by the decoder


def default_model_dir() -> Path:
    """The model shipped with the package, else the ``lexicons/`` folder of a checkout."""
    packaged = resources.files("vnreport") / "lexicons"
    if packaged.is_dir() and (packaged / NGRAM_FILE).is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "lexicons"


def load_model(directory: Path | None = None) -> Model:
    """Load a model folder; raise ModelError naming the first missing or broken file."""
    directory = directory or default_model_dir()
    if not (directory / NGRAM_FILE).is_file():
        raise ModelError(f"no language model in {directory}", hint="run `vnreport lexicon build`")
    vocabulary = load_vocabulary(directory / VOCAB_FILE)
    lm = NgramTables.load(directory / NGRAM_FILE)
    if lm.vocab_size != len(vocabulary):
        raise ModelError(f"{directory}: vocabulary ({len(vocabulary)}) and language model ({lm.vocab_size}) do not match")
    channels: dict[str, ChannelModel] = {"stripped": STRIPPED}
    for mode in LEARNED_MODES:
        path = directory / channel_file(mode)
        if path.is_file():
            channels[mode] = ChannelModel.load(path)
    foreign = frozenset(term.lower() for term in load_terms(directory / FOREIGN_FILE))
    acronyms = frozenset(load_terms(directory / ACRONYMS_FILE))
    case_pairs = load_case_pairs(directory / CASE_PAIRS_FILE)
    phrases_path = directory / PHRASES_FILE
    phrases = tuple(load_terms(phrases_path)) if phrases_path.is_file() else ()
    return Model(directory, vocabulary, lm, channels, foreign, acronyms, case_pairs, phrases)
