"""A fake restorer with a visible effect, to test the repair stage boundary of the pipeline."""

from __future__ import annotations

import regex

from vnreport.config import RestoreConfig
from vnreport.diacritics import Restored, TokenRepair
from vnreport.diacritics.types import LOW_CONFIDENCE


class TableRestorer:
    """Replaces whole words from a fixed table and records each decision as a TokenRepair.

    Words in ``flag`` are left as they are but flagged, as the real engine does under
    ``--min-confidence``. ``calls`` counts restore() calls; ``instances`` counts constructions.
    """

    instances = 0
    table = {"Nghi": "Nghị", "quyet": "quyết", "tinh": "tỉnh"}
    flag = {"Phuc"}

    def __init__(self, config: RestoreConfig) -> None:
        type(self).instances += 1
        self.config = config
        self.calls = 0

    def restore(self, text: str) -> Restored:
        self.calls += 1
        tokens = []
        out_lines = []
        for number, line in enumerate(text.split("\n")):
            pieces = []
            last = 0
            for match in regex.finditer(r"\p{L}+", line):
                word = match.group(0)
                pieces.append(line[last : match.start()])
                if word in self.table:
                    tokens.append(TokenRepair(number, match.start(), match.end(), word, self.table[word], 0.9))
                    pieces.append(self.table[word])
                else:
                    flagged = word in self.flag
                    tokens.append(TokenRepair(number, match.start(), match.end(), word, word, 0.3 if flagged else 0.99, flag=LOW_CONFIDENCE if flagged else ""))
                    pieces.append(word)
                last = match.end()
            pieces.append(line[last:])
            out_lines.append("".join(pieces))
        return Restored(text="\n".join(out_lines), tokens=tuple(tokens))
