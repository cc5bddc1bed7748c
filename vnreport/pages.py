"""Page selections such as ``1-3,7``: parsed here, checked against the page count in rasterize."""

from __future__ import annotations

import re

from vnreport.errors import BadArgsError

_PART = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
# A selection that expands to more pages than this is a typo ("1-100000"), not a report.
MAX_SELECTED_PAGES = 100_000


def parse_pages(spec: str) -> tuple[int, ...]:
    """Parse ``"1-3,7"`` into ``(1, 2, 3, 7)``: 1-based, ascending, without repeats.

    Pages are read in document order whatever order the spec lists them in, because cleanup joins
    paragraphs across page breaks. Raises BadArgsError (exit 2) for anything else.
    """
    if not spec or not spec.strip():
        raise BadArgsError("--pages is empty; give pages like 1-3,7")
    selected: set[int] = set()
    for part in spec.split(","):
        match = _PART.match(part)
        if not match:
            raise BadArgsError(f"--pages: cannot read {part.strip()!r}; give pages like 1-3,7")
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        if first < 1:
            raise BadArgsError("--pages: pages are numbered from 1")
        if last < first:
            raise BadArgsError(f"--pages: range {first}-{last} runs backwards")
        if last - first + 1 + len(selected) > MAX_SELECTED_PAGES:
            raise BadArgsError(f"--pages: {part.strip()} selects more than {MAX_SELECTED_PAGES} pages")
        selected.update(range(first, last + 1))
    return tuple(sorted(selected))
