"""Every threshold of table extraction and validation, each with the reason for its value.

Kept out of ``vnreport/config.py`` so the table stage owns its knobs; built once by the CLI (or a
test) and passed down as an argument, never read from global state.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vnreport.errors import BadArgsError


@dataclass(frozen=True)
class TableConfig:
    """How tables are found, read and checked.

    Output
        normalize_numbers: write machine numbers (1058, 53.95) instead of the printed text.
        excel: start each CSV with a UTF-8 BOM so Excel opens it as UTF-8.
        raw_csv: write cells exactly as read. By default a cell that a spreadsheet would take for a
            formula (it starts with =, +, -, @, tab or CR and is not a plain number such as "-5") gets
            a leading apostrophe, as OWASP recommends against CSV injection.

    restore_labels: which labels the diacritic restorer repairs: "unmarked" (labels read without
        any Vietnamese mark, e.g. legacy English-model OCR), "all" or "none" (see labels.py for
        the measurement behind the default).

    Validation
        tolerance: extra absolute slack, in the units the numbers are printed in (percentage points
            for rates), on top of the slack that printed rounding allows. 0 checks exactly as printed.
        numeric_share: a column is numeric when at least this share of its non-empty body cells are
            numbers (after OCR repair). 0.6 keeps a column with a few notes ("- Cấp xã: 30%") numeric
            but never turns a label column whose cells happen to start with digits into one.
        relation_share: a rate column is checked against the pair of columns (part, whole) whose
            ratio matches the printed rate in at least this share of rows. A real relation holds in
            every clean row; 0.6 still finds it when a few rows are wrong (the errors we look for),
            and two unrelated columns almost never agree that often by chance.
        relation_min_rows: and in at least this many rows: one coincidence is not a relation.

    Page images
        dpi: resolution used for PDFs and given to Tesseract when an image does not say.
        psm: Tesseract page segmentation for the page's OCR pass, which reads a composite of the
            page's cells stacked one under another (see cells.py): 6 ("one uniform block") fits that
            composite; it also keeps one-character cells such as an STT "1".
        remove_rules: paint the detected ruling lines white before the cells are cut out, so a rule
            touching a cell's text is not read as "|", "I" or "1" (measured in benchmarks/tables.py).
        reread_figures: read the cells of figure columns a second time, figures only, with
            ``figures_lang``: Tesseract's vie model misreads printed "5" as "9" on photocopies (11 of
            396 figure cells), eng read all 396 right; costs a second, smaller Tesseract call per
            page (measured in benchmarks/tables.py).
        figures_lang: the Tesseract language for that second reading.
        title_band_px_at_300: how far above a table (px at 300 dpi) its title is looked for: 600 px
            is ~50 mm, room for "Phụ lục N", a two-line caption and the "(Kèm theo …)" note.
        stroke_px_at_300: letter strokes are shorter than this (px at 300 dpi): at 12-14 pt an
            ascender is ~40 px and the bar of a bold "T" ~25 px. Rule seeds are looked for over
            twice this length.
        rule_piece_px_at_300: horizontal straight runs at least this long (px at 300 dpi) can be
            pieces of a rule: longer than the bar of a bold "T" at 12 pt (~30 px), shorter than what
            toner loss leaves of a rule (pieces of 40 px and more). Vertical pieces must be
            ``stroke_px_at_300`` long, because stems are taller than bars are wide.
        rule_density: a run seeds a rule when such runs make up at least this share of its row
            (column) over that stretch. A rule broken every 50 px by 6 px of toner loss is 88%,
            and still ~65% next to a table corner where the window reaches past the rule's end;
            rows of text, once runs shorter than a rule piece are dropped, stay near 0%.
        min_line_fraction: a horizontal rule is at least this share of the page width (a vertical
            one half this share of the page height): 1/25 of an A4 width at 300 dpi is ~100 px,
            shorter than the narrowest ruled column (an STT column is ~10 mm = 118 px) and the
            lowest row (~6 mm = 70 px).
        gap_close_px_at_300: gaps in a broken or faint rule up to this length (px at 300 dpi) are
            bridged: toner loss breaks rules into dashes a few pixels apart; 24 px (2 mm) bridges them
            without joining rules of neighbouring cells (cells are >= 5 mm).
        border_coverage: a grid edge is a real cell border when at least this share of its length is
            ink on the rule mask; below it the two grid cells are one merged (spanning) cell. 0.5
            tolerates rules broken in half by toner loss while a spanning cell has ~0 ink on that edge.
        min_rows / min_columns: a ruled grid smaller than this is a box or a frame, not a table.
        column_gap_em: borderless tables: a vertical strip free of words in every body row and at
            least this many text heights wide separates two columns. Words in a sentence are ~0.3 em
            apart; printed columns are set >= 1 em apart.
        continuation_tolerance: two tables on consecutive pages are one table when their column
            boundaries differ by at most this share of the table width (same layout, re-printed).
        max_skew_degrees: deskew only when the estimated skew is within this angle; larger
            estimates come from something that is not a table rule (a photo, a diagonal stamp).
    """

    normalize_numbers: bool = False
    excel: bool = False
    raw_csv: bool = False
    restore_labels: str = "unmarked"
    tolerance: Decimal = Decimal(0)
    numeric_share: float = 0.6
    relation_share: float = 0.6
    relation_min_rows: int = 2
    dpi: int = 300
    psm: int = 6
    remove_rules: bool = True
    reread_figures: bool = True
    figures_lang: str = "eng"
    title_band_px_at_300: int = 600
    stroke_px_at_300: int = 48
    rule_piece_px_at_300: int = 32
    rule_density: float = 0.5
    min_line_fraction: float = 1 / 25
    gap_close_px_at_300: int = 24
    border_coverage: float = 0.5
    min_rows: int = 2
    min_columns: int = 2
    column_gap_em: float = 1.0
    continuation_tolerance: float = 0.03
    max_skew_degrees: float = 3.0

    def __post_init__(self) -> None:
        if self.restore_labels not in ("unmarked", "all", "none"):
            raise BadArgsError(f"--restore-labels must be unmarked, all or none, got {self.restore_labels!r}")
        if self.tolerance < 0:
            raise BadArgsError(f"--tolerance must be 0 or more, got {self.tolerance}")
        if not 50 <= self.dpi <= 1200:
            raise BadArgsError(f"--dpi must be between 50 and 1200, got {self.dpi}")
        for name in ("numeric_share", "relation_share", "border_coverage"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise BadArgsError(f"{name} must be in (0, 1], got {value}")
