"""Reading text for the restorer and writing its decisions as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vnreport.diacritics.types import Restored
from vnreport.errors import InputError
from vnreport.inputs import InputKind, read_text_input, sniff_input


def read_text(source: str) -> str:
    """Read UTF-8 text from a file or, for ``-``, from stdin; binary or non-UTF-8 input is an InputError."""
    if source != "-":
        if sniff_input(Path(source)) is not InputKind.TEXT:
            raise InputError(f"{source} is not a text file; use `vnreport fix` for scans and images")
        return read_text_input(Path(source))
    data = sys.stdin.buffer.read()
    if b"\x00" in data:
        raise InputError("standard input is binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"standard input is not UTF-8 text (byte {exc.start}); convert it with iconv first") from exc


def restored_json(restored: Restored, *, source: str) -> str:
    """The restored text plus every considered token: original, restored, confidence, alternatives."""
    payload = {
        "input": source,
        "text": restored.text,
        "changed": len(restored.changes),
        "flagged": len(restored.flagged),
        "tokens": [token.as_json() for token in restored.tokens],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
