"""Result records of diacritic restoration."""

from __future__ import annotations

from dataclasses import dataclass


LOW_CONFIDENCE = "low-confidence"
UNKNOWN_WORD = "unknown-word"
UNCERTAIN = "uncertain"
# Flags whose token was left exactly as it was; an UNCERTAIN token carries the restorer's best reading.
KEPT_FLAGS = (LOW_CONFIDENCE, UNKNOWN_WORD)


@dataclass(frozen=True)
class TokenRepair:
    """What the restorer decided for one word token.

    line: 0-based line index in the input text; start/end: character offsets within that line.
    confidence: the decoder's posterior for ``restored`` (0..1).
    alternatives: other candidates with their posteriors, best first.
    flagged: a reader should look at this token; ``flag`` says why:
        ``"low-confidence"``: the best reading's confidence fell under the configured minimum, so
        the token was left as it was;
        ``"unknown-word"``: the best reading is the token itself although it is no Vietnamese
        syllable, no acronym and no known term: unreadable damage ("Pang", "duogc") or a foreign
        word or name the model does not know ("Zalo"; add it with ``--lexicon``);
        ``"uncertain"``: the best reading was written, but its confidence is under the configured
        review threshold, so a reader should check it.
    reviewed: set when a person settled the token on the review page (``vnreport fix
        --corrections``): ``"confirmed"`` (reading kept) or ``"corrected"`` (``restored`` is theirs).
    """

    line: int
    start: int
    end: int
    original: str
    restored: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    flagged: bool = False
    flag: str = ""
    reviewed: str = ""

    def __post_init__(self) -> None:
        # Either field may be given: records made before ``flag`` existed pass flagged=True.
        if self.flagged and not self.flag:
            object.__setattr__(self, "flag", LOW_CONFIDENCE)
        object.__setattr__(self, "flagged", bool(self.flag))

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
            "reviewed": self.reviewed or None,
        }


@dataclass(frozen=True)
class Restored:
    """Restored text plus the decision for every Vietnamese word token that was considered.

    ``marked_text`` is ``text`` with each flagged token written as ``[[token]]``, for a reader who
    checks those spots against the scan; the tokens' offsets describe the input, not that text.
    """

    text: str
    tokens: tuple[TokenRepair, ...] = ()
    marked_text: str | None = None

    @property
    def marked(self) -> str:
        """The text with flagged tokens in ``[[ ]]`` (the plain text when nothing was marked)."""
        return self.marked_text if self.marked_text is not None else self.text

    @property
    def changes(self) -> tuple[TokenRepair, ...]:
        return tuple(token for token in self.tokens if token.changed)

    @property
    def flagged(self) -> tuple[TokenRepair, ...]:
        return tuple(token for token in self.tokens if token.flagged)
