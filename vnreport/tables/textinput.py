"""Best-effort tables from plain OCR text, such as the "Phụ lục 1–5" at the end of an OCR'd report.

Plain text has lost the column positions, so rows are rebuilt from what a printed table row looks
like on one line: an STT number first, then the label, an optional unit ("Thuê bao", "Người"), and
the figures at the end. Wrapped labels become extra lines: a line without figures that starts in
lower case continues the row above; one in capitals followed by a row that starts in lower case is
the first half of that row (a vertically centred STT sits on the second line). A figure cell
printed as labelled lines ("- Cấp tỉnh, huyện: 100%" over "- Cấp xã: 30%") is put back into one
cell (:func:`_labelled_values`). Units are matched with legacy OCR's letter look-alikes undone
("Hb" for "Hộ", "Ty 1€ %" for "Tỷ lệ %"). The header text is split into columns where a new
capitalised phrase starts or at "|".

A "|" standing alone is a vertical rule that OCR read out as a character (:func:`_tokens`). It is
never cell text, only a column boundary: after the STT ("1 | Sé thué bao …"; it also marks an STT
that OCR misread as a letter, "o | Doanh thu …"), before the unit ("bang rong | Doanh nghiép
10.693") and around a figure cell that holds no readable number ("| 1y g0 000.000d |"), which is
kept as printed in its column (:func:`_place_ruled`). A "|" inside a word is a misread "l"
("Ba |a:" is "Ba la:"), not a rule.

Page images keep positions and go through :mod:`vnreport.tables.image` instead, which is exact
where this module guesses; this path exists for reports that only survive as OCR text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import regex
from rapidfuzz import fuzz

from vnreport.tables.locate import is_appendix_line, is_caption_line, is_note_line, title_from_lines
from vnreport.tables.numbers import parse_number, repair_number
from vnreport.tables.objects import Table
from vnreport.tables.textutil import fold, fold_words

_STT_TOKEN = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,4})\.?$")
# A vertical rule read out by OCR (see the module docstring): the token that stands for it.
RULE = "|"
# "dién|": a rule glued to the word before it; no Vietnamese syllable ends in "l".
_GLUED_RULE = regex.compile(r"(?<=\p{L})\|+$")
# "|a:" (for "là:"): a "|" before a lower-case letter is the letter "l", as in the prose "Ba |a:".
_MISREAD_L = regex.compile(r"\|(?=\p{Ll})")
_HEADER_STT = regex.compile(r"^(?:stt|tt|tst|s\.?tt|t|s)$")
# "Đơn vị tính" / "ĐVT" (OCR: "Pon vi tinh"); "Đơn vị" alone heads the list of agencies instead.
_UNIT_HEADER = regex.compile(r"\b\w?on vi tinh\b|\bdvt\b")
_YEAR_HEADER = regex.compile(r"\S+\s+(?:19|20)\d{2}\b")
_UNIT_WORDS = ("đồng", "đ", "triệu đồng", "tỷ đồng", "d")
# Units printed in the "Đơn vị tính" column of administrative tables (folded; matched fuzzily
# because OCR garbles them: "Ngusi" for "Người").
UNITS = (
    "thue bao", "nguoi", "ho", "doanh nghiep", "may tinh", "ty le %", "ty le", "%", "don vi", "dich vu",
    "ho so", "co quan", "truong", "sinh vien", "cai", "km", "trieu dong", "ty dong", "dong",
    "luot", "trang", "xa", "huyen", "van ban", "thu tuc", "tai khoan", "diem", "tram", "he thong",
)
# Fuzzy match of a unit: 80 accepts one wrong letter in "Ngusi"/"Nguoi" but not a different word.
_UNIT_SCORE = 80


@dataclass(frozen=True)
class _Row:
    """A table row as read from text: ``head`` is the label part on the row's own line, where the
    unit sits; ``before``/``after`` are wrapped label lines above and below it. ``ruled`` holds the
    cells that rules set apart between the label and the figures, until :func:`_place_ruled` gives
    them their columns; ``unit`` is the unit cell when a rule marked it (None: find it in ``head``)."""

    stt: str
    head: str
    values: tuple[str, ...]
    before: str = ""
    after: str = ""
    ruled: tuple[str, ...] = ()
    unit: str | None = None

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.before, self.head, self.after) if part)


def tables_from_text(text: str) -> tuple[Table, ...]:
    """Every appendix table in ``text`` (one per "Phụ lục"/"Biểu" heading that has table rows)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if is_appendix_line(line) and len(line.strip()) < 120]
    tables = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        page = 1 + "\n".join(lines[:start]).count("\f")
        table = _table_from_block(lines[start:end], page)
        if table is not None:
            tables.append(table)
    return tuple(tables)


def _table_from_block(block: list[str], page: int) -> Table | None:
    title = title_from_lines(block[: _title_end(block)])
    first_row = next((i for i, line in enumerate(block) if i > 0 and _starts_row(line)), None)
    if first_row is None:
        return None
    header_lines = _header_lines(block, first_row)
    rows = _rows(block[first_row:])
    if not rows:
        return None
    counts = Counter(len(row.values) for row in rows if row.values)
    value_columns = max(counts, key=lambda n: (counts[n], n)) if counts else 0
    has_unit = _has_unit_header(header_lines)
    rows = [_fit(_place_ruled(row, value_columns, has_unit=has_unit), value_columns) for row in rows]
    if has_unit:
        rows = _labelled_values(rows)
    split_rows = [_split_unit(row) if has_unit else (row.stt, row.label, "", row.values) for row in rows]
    has_label = any(label for _stt, label, _unit, _values in split_rows)
    header = _split_header(header_lines, has_label=has_label, has_unit=has_unit, value_columns=value_columns)
    body = []
    for stt, label, unit, values in split_rows:
        cells = [stt]
        if has_label:
            cells.append(label)
        if has_unit:
            cells.append(unit)
        cells.extend(values)
        body.append(tuple(cells))
    return Table(header=header, rows=tuple(body), title=title, page=page, pages=(page,))


def _has_unit_header(lines: list[str]) -> bool:
    """A "Đơn vị tính" column: on one header line, or wrapped as "Đơn vị" over a lone "tính"."""
    folded = [fold_words(line) for line in lines]
    if any(_UNIT_HEADER.search(line) for line in folded):
        return True
    return any(regex.search(r"\b\w?on vi$", line) for line in folded) and "tinh" in folded


def _title_end(block: list[str]) -> int:
    """Lines of the title area: the heading, its captions and the "(Kèm theo …)" note."""
    for i, line in enumerate(block[1:], start=1):
        if line.strip() and not (is_caption_line(line) or is_note_line(line)):
            return i
    return len(block)


def _tokens(line: str) -> list[str]:
    """The words of ``line``, with each vertical rule as a :data:`RULE` token of its own."""
    tokens: list[str] = []
    for word in line.split():
        if not word.strip(RULE):
            tokens.append(RULE)
            continue
        glued = bool(_GLUED_RULE.search(word))
        tokens.append(_MISREAD_L.sub("l", _GLUED_RULE.sub("", word)))
        if glued:
            tokens.append(RULE)
    return tokens


def _words(tokens: list[str]) -> list[str]:
    return [token for token in tokens if token != RULE]


def _starts_row(line: str) -> bool:
    tokens = _tokens(line)
    while tokens and tokens[0] == RULE:  # the table's left border
        tokens.pop(0)
    words = _words(tokens)
    if len(words) < 2:
        return False
    if _STT_TOKEN.match(words[0]):
        return not regex.match(r"^(19|20)\d\d$", words[0])
    # One character ruled off at the start of a row fills the STT column: a section letter, or a
    # number OCR misread as a letter ("o | Doanh thu …" for row 2). Without the rule it is a word.
    return len(words[0]) == 1 and words[0].isalnum() and tokens[1] == RULE


def _ruled_segments(tokens: list[str]) -> list[list[str]]:
    """``tokens`` cut at the rules, empty pieces dropped."""
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token == RULE:
            segments.append([])
        else:
            segments[-1].append(token)
    return [segment for segment in segments if segment]


def _cells(tokens: list[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The label, the ruled-off middle cells and the figures of a row's own line (STT removed).

    Figures are peeled from the right; peeling goes on into the piece before a rule only when the
    piece after it was all figures. Whatever a rule set apart after the label stays one cell, even
    a figure cell OCR garbled beyond reading ("1y g0 000.000d").
    """
    segments = _ruled_segments(tokens)
    values: list[str] = []
    while segments:
        rest, peeled = _peel_values(segments[-1])
        values = peeled + values
        if rest:
            segments[-1] = rest
            break
        segments.pop()
    if not segments:
        return "", (), tuple(values)
    return " ".join(segments[0]), tuple(" ".join(segment) for segment in segments[1:]), tuple(values)


def _header_lines(block: list[str], first_row: int) -> list[str]:
    """The non-empty lines right above the first row, up to a blank line or the end of the note."""
    header: list[str] = []
    for line in reversed(block[:first_row]):
        # A line that closes a parenthesis it did not open ends the "(Kèm theo …)" note.
        closes_note = line.count(")") > line.count("(")
        if not line.strip() or closes_note or is_note_line(line) or is_appendix_line(line):
            break
        header.insert(0, line)
    return header


def _is_value(token: str) -> bool:
    return token in ("-", "x") or parse_number(token) is not None or repair_number(token) is not None


def _peel_values(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing figures (with a trailing "đ"/"đồng") off a row's tokens."""
    values: list[str] = []
    rest = list(tokens)
    while rest:
        token = rest[-1]
        if token.lower() in _UNIT_WORDS and len(rest) >= 2 and _is_value(rest[-2]) and regex.search(r"\d", rest[-2]):
            values.insert(0, f"{rest[-2]} {token}")
            rest = rest[:-2]
            continue
        if regex.search(r"\d", token) and _is_value(token):
            values.insert(0, token)
            rest.pop()
            continue
        break
    return rest, values


def _rows(lines: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    prefix = ""
    for index, line in enumerate(lines):
        tokens = _tokens(line)
        words = _words(tokens)
        if not words:
            continue
        stt = words[0] if _starts_row(line) else ""
        if stt:
            tokens = tokens[tokens.index(stt) + 1 :]
        head, ruled, values = _cells(tokens)
        if stt or values:
            rows.append(_Row(stt, head, values, before=prefix, ruled=ruled))
            prefix = ""
            continue
        label = " ".join(words)
        following = next((other for other in lines[index + 1 :] if other.strip()), "")
        if label[:1].isupper() and _continues_lower(following):
            prefix = " ".join(part for part in (prefix, label) if part)
        elif rows and (label[:1].islower() or label[:1] in "-+(" or not label[:1].isalpha()):
            last = rows[-1]
            rows[-1] = replace(last, after=f"{last.after} {label}".strip())
        else:
            rows.append(_Row("", label, ()))
    return rows


def _continues_lower(line: str) -> bool:
    """The row on ``line`` starts its label in lower case: its first half is on the line above."""
    words = _words(_tokens(line))
    if _starts_row(line):
        words = words[1:]
    return bool(words) and words[0][:1].islower()


def _labelled_values(rows: list[_Row]) -> list[_Row]:
    """Figure cells printed with labels ("- Cấp tỉnh, huyện: 100%" over "- Cấp xã: 30%") put back
    into one cell, as printed.

    On one OCR line such a cell reads "… (LAN) Tỷ lệ % huyện: 100%": the words after the unit, up
    to one ending in ":", label the figure and belong to its cell. The cell's first line, taller
    than the row's label, stands above the row as an unfinished bullet line ("- Cấp tỉnh,", ending
    in a comma) that was taken for the wrapped end of the row above; its last line, a bullet line
    with a labelled figure ("- Cấp xã: 30%"), follows the row. Only rows whose unit is found
    before the labelled words are touched.
    """
    result: list[_Row] = []
    labelled = False  # the last row kept has a labelled figure cell
    for row in rows:
        words = row.head.split()
        first = next((i for i, value in enumerate(row.values) if value), None)
        if labelled and result and not row.stt and not row.before and first is not None and _labelled_bullet(row.head):
            last = result[-1]
            values = list(last.values)
            cell = next(i for i, value in enumerate(values) if value)
            values[cell] = f"{values[cell]} {row.head} {row.values[first]}"
            result[-1] = replace(last, values=tuple(values))
            continue
        labelled = False
        cut = _unit_end(words) if first is not None and words and words[-1].endswith(":") else None
        if cut is not None:
            values = list(row.values)
            values[first] = " ".join([*words[cut:], values[first]])
            if result and regex.match(r"^[-+]\s", result[-1].after) and result[-1].after.endswith(","):
                values[first] = f"{result[-1].after} {values[first]}"
                result[-1] = replace(result[-1], after="")
            row = replace(row, head=" ".join(words[:cut]), values=tuple(values))
            labelled = True
        result.append(row)
    return result


def _labelled_bullet(text: str) -> bool:
    """ "- Cấp xã:": a bullet line naming the figure that follows it."""
    return bool(regex.match(r"^[-+]\s", text)) and text.endswith(":") and len(text.split()) <= 6


def _unit_match(text: str) -> float:
    """How well ``text`` matches the best of the known units (0-100)."""
    return max(_unit_score(_unit_key(text), unit) for unit in UNITS)


def _unit_end(words: list[str]) -> int | None:
    """Index just after a unit that is followed by at most four words, the last ending in ":"."""
    for end in range(len(words) - 1, max(0, len(words) - 5) - 1, -1):
        for size in (3, 2, 1):
            if end - size < 1:  # a label must stay before the unit
                continue
            if _unit_match(" ".join(words[end - size : end])) >= _UNIT_SCORE:
                return end
    return None


def _place_ruled(row: _Row, width: int, *, has_unit: bool) -> _Row:
    """Give the cells that rules set apart between label and figures their columns.

    The first is the unit where the table has a unit column ("bang rong | Doanh nghiép 10.693");
    the others, from the right, fill figure cells the row is missing, as printed even when OCR left
    no number in them; any left over go back to the label (a rule inside a long label).
    """
    ruled = list(row.ruled)
    if not ruled:
        return row
    # A unit holds no figure ("Ty 1€ %" has one OCR'd letter); "1y g0 000.000d" is a figure cell.
    unit = ruled.pop(0) if has_unit and not regex.search(r"\d\S*\d", ruled[0]) else None
    take = min(len(ruled), max(0, width - len(row.values)))
    kept, fill = ruled[: len(ruled) - take], ruled[len(ruled) - take :]
    head = " ".join([row.head, *kept]).strip()
    return replace(row, head=head, values=(*fill, *row.values), ruled=(), unit=unit)


def _fit(row: _Row, width: int) -> _Row:
    """Exactly ``width`` values: surplus figures on the left belong to the label ("mức độ 4 137"),
    missing ones are left empty on the left."""
    values = list(row.values)
    head = row.head
    if len(values) > width:
        head = " ".join([head, *values[: len(values) - width]]).strip()
        values = values[len(values) - width :]
    # Figures are peeled from the right, so a figure lost to OCR garbage is missing on the left.
    return replace(row, head=head, values=tuple([""] * (width - len(values)) + values))


def _split_unit(row: _Row) -> tuple[str, str, str, tuple[str, ...]]:
    """Take the unit (the suffix of the row's own line that best matches a known unit) off the label.

    Rows without figures only lose an exact unit: their last word is more often part of the label.
    A unit that a rule set apart (``row.unit``) is taken as it is.
    """
    if row.unit is not None:
        return row.stt, row.label, row.unit, row.values
    words = row.head.split()
    if words and words[-1].endswith(":"):
        # A word ending in ":" introduces a value ("Cấp xã: 30%"); no unit is printed so.
        return row.stt, row.label, "", row.values
    best: tuple[float, int] | None = None
    for size in (1, 2, 3):
        if len(words) <= size or words[-size][:1].isdigit():
            continue
        score = _unit_match(" ".join(words[-size:]))
        needed = 100 if not any(row.values) else _UNIT_SCORE
        if score >= needed and (best is None or (score, size) > best):
            best = (score, size)
    if best is None:
        return row.stt, row.label, "", row.values
    size = best[1]
    label = " ".join(part for part in (row.before, " ".join(words[:-size]), row.after) if part)
    return row.stt, label, " ".join(words[-size:]), row.values


# What legacy English-model OCR prints for Vietnamese letters, undone before units are compared:
# "€"/"¢" for "ệ" ("Tỷ 1€" for "Tỷ lệ"), "1" for "l" inside a word, and "6"/"b" for "ô", "ố",
# "ộ" at the end of a word ("Hb" for "Hộ", as "S6"/"Sb" for "Số"). No Vietnamese word holds a digit
# or ends in "b", so these never change a real unit.
_OCR_E = regex.compile(r"[€¢]")
_OCR_L = regex.compile(r"(?<![\d.,])1(?=\p{L}|[€¢])")
_OCR_O = regex.compile(r"(?<=\p{L})[6b]\b")


def _unit_key(text: str) -> str:
    """Folded form of a possible unit, with legacy OCR's letter look-alikes undone."""
    text = _OCR_O.sub("o", _OCR_L.sub("l", _OCR_E.sub("e", text)))
    return fold_words(text) or fold(text)


def _unit_score(text: str, unit: str) -> float:
    if len(unit) <= 3:  # too short to match fuzzily: "ho" would match "bo", "to", …
        return 100.0 if text == unit else 0.0
    return fuzz.ratio(text, unit)


def _two_level(lines: list[str], value_columns: int) -> tuple[str, list[str]] | None:
    """A two-level header: a line with group labels ("Năm 2019 | Năm 2020") over a line whose
    phrases divide evenly among them ("Kế hoạch | Thực hiện | Kế hoạch | Thực hiện"). Returns the
    upper line without its group labels and the value headers "<group> - <sub>" (as the image path
    and the CSV conventions write a spanned header), or None."""
    for upper, lower in zip(lines, lines[1:]):
        groups = [segment for segment in _segments(upper) if _YEAR_HEADER.search(segment)]
        subs = _segments(lower)
        if not groups or len(subs) < 2 * len(groups) or len(subs) % len(groups) or len(subs) > value_columns:
            continue
        if any(_YEAR_HEADER.search(sub) for sub in subs):
            continue  # years on both lines: one header wrapped, not two levels
        per = len(subs) // len(groups)
        values = [f"{group} - {sub}" for g, group in enumerate(groups) for sub in subs[g * per:(g + 1) * per]]
        rest = " ".join(segment for segment in _segments(upper) if segment not in groups)
        return rest, values
    return None


def _split_header(lines: list[str], *, has_label: bool, has_unit: bool, value_columns: int) -> tuple[str, ...]:
    """Header cells from the header lines, best effort (see the module docstring)."""
    wanted = int(has_label) + int(has_unit) + value_columns
    two_level = _two_level(lines, value_columns) if len(lines) >= 2 else None
    spanned: list[str] = []
    if two_level is not None:
        rest, spanned = two_level
        lines = [rest]
        value_columns -= len(spanned)
    main = max(lines, key=lambda line: sum(char.isalpha() for char in line), default="")
    others = [line for line in lines if line is not main]
    tokens = _words(_tokens(main))
    stt = ""
    if tokens and _HEADER_STT.match(fold(tokens[0])):
        stt, main = tokens[0], main.strip()[len(tokens[0]) :]
    else:
        pieces = [line.strip() for line in others if _HEADER_STT.match(fold(line.strip()))]
        stt = "".join(pieces)
    segments = _segments(main)
    unit_text = next((s for s in segments if _UNIT_HEADER.search(fold_words(s))), "") if has_unit else ""
    if has_unit and not unit_text:
        unit_text = "Đơn vị tính"  # wrapped over header lines that also hold other columns' words
    values = [s for s in segments if _YEAR_HEADER.search(s)][-value_columns:] if value_columns else []
    labels = [s for s in segments if s not in values and s != unit_text]
    # Without year headings, the last phrases head the figures ("STT Đơn vị Số hồ sơ").
    while value_columns and len(values) < value_columns and len(labels) > int(has_label):
        values.insert(0, labels.pop())
    header = [stt or "STT"]
    if has_label:
        header.append(" ".join(labels))
    elif labels and value_columns:
        # No label column (a list of years): the capitalised phrases head the value columns.
        values = (labels + values)[-value_columns:]
    if has_unit:
        header.append(unit_text)
    header.extend([""] * (value_columns - len(values)) + values)
    header.extend(spanned)
    return tuple(header[: 1 + wanted])


def _segments(text: str) -> list[str]:
    """Split a header line into column phrases: at "|" and where a capitalised word starts a phrase."""
    segments: list[str] = []
    for piece in _ruled_segments(_tokens(text)):
        current: list[str] = []
        for word in piece:
            starts_phrase = word[:1].isupper()
            capitals_run = word.isupper() and len(word) > 1 and current and current[-1].isupper()
            if starts_phrase and current and not capitals_run:
                segments.append(" ".join(current))
                current = []
            current.append(word)
        if current:
            segments.append(" ".join(current))
    return [segment for segment in segments if sum(char.isalnum() for char in segment) >= 2]
