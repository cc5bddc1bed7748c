"""Result records of diacritic restoration."""

from __future__ import annotations

from dataclasses import dataclass


LOW_CONFIDENCE = "low-confidence"
UNKNOWN_WORD = "unknown-word"


@dataclass(frozen=True)
class TokenRepair:
    """What the restorer decided for one word token.

    line: 0-based line index in the input text; start/end: character offsets within that line.
    confidence: the decoder's posterior for ``restored`` (0..1).
    alternatives: other candidates with their posteriors, best first.
    flagged: the token was left as it was and a reader should look at it; ``flag`` says why:
        ``"low-confidence"``: the best reading's confidence fell under the configured minimum;
        ``"unknown-word"``: the best reading is the token itself although it is no Vietnamese
        syllable, no acronym and no known term: unreadable damage ("Pang", "duogc") or a foreign
        word or name the model does not know ("Zalo"; add it with ``--lexicon``).
    """

    line: int
    start: int
    end: int
    original: str
    restored: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    flag: str = ""

    @property
    def flagged(self) -> bool:
        return bool(self.flag)

    @property
    def changed(self) -> bool:
        return self.original != self.restored

    def as_json(self) -> dict:
        """The record as written in JSON outputs (`restore --format json`, `fix --format json`)."""
        return {
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "restored": self.restored,
            "confidence": self.confidence,
            "alternatives": [{"text": text, "probability": probability} for text, probability in self.alternatives],
            "flagged": self.flagged,
            "flag": self.flag or None,
        }


@dataclass(frozen=True)
class Restored:
    """Restored text plus the decision for every Vietnamese word token that was considered."""

    text: str
    tokens: tuple[TokenRepair, ...] = ()

    @property
    def changes(self) -> tuple[TokenRepair, ...]:
        return tuple(token for token in self.tokens if token.changed)

    @property
    def flagged(self) -> tuple[TokenRepair, ...]:
        return tuple(token for token in self.tokens if token.flagged)
