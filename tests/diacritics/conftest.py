"""A small model built from a fixture corpus, shared by the restorer tests of this folder."""

import gzip
from pathlib import Path

import pytest

from vnreport_build.model import BuildSpec, build_model
from vnreport_build.corpus import CorpusSpec

DATA = Path(__file__).parent / "data"


def write_corpus(directory: Path, paragraphs: list[str]) -> CorpusSpec:
    """Write paragraphs as a two-file corpus in the shared corpus format; hold nothing out."""
    directory.mkdir(parents=True, exist_ok=True)
    half = len(paragraphs) // 2
    for name, part in (("phapdien.nfc.txt.gz", paragraphs[:half]), ("vanban.nfc.txt.gz", paragraphs[half:])):
        with gzip.open(directory / name, "wt", encoding="utf-8") as handle:
            handle.write(f"### FILE {name}.md\n" + "\n".join(part) + "\n")
    # heldout_every=10**9: practically no document is held out of this tiny corpus.
    return CorpusSpec(directory, heldout_every=10**9, min_letters=5)


@pytest.fixture(scope="session")
def corpus_writer():
    """:func:`write_corpus`, for tests that build a model from their own paragraphs."""
    return write_corpus


@pytest.fixture(scope="session")
def fixture_paragraphs() -> list[str]:
    return [line for line in (DATA / "restore_corpus.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory, fixture_paragraphs) -> Path:
    root = tmp_path_factory.mktemp("small-model")
    spec = write_corpus(root / "corpus", fixture_paragraphs)
    build_model(BuildSpec(spec, root / "model", min_syllable_count=1, min_trigram_count=1, min_phrase_count=2, min_term_count=2))
    return root / "model"
