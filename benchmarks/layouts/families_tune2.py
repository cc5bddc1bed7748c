"""Tune families added in round 2 of issue 14: the two failure kinds the lead saw on held-out pages,
reproduced on layouts and content of their own (seeds < 10000, tune split).

* ``partial-rule-groups``: a borderless table (no vertical rules) whose two-level header has a short
  rule under each group header only ("Tiếp nhận" over "Tổng số | Trực tuyến", "Đã giải quyết" over
  "Tổng số | Đúng hạn"), a rate column, sometimes no rule above the header and sometimes a
  column-number row. Engines that take the partial rules for a table edge split the header off.
* ``vertical-sections``: column rules and a boxed header, no rules between body rows; the body is cut
  into sections opened by a label-only group row ("I", "Khối …", nothing else) and closed by a "Cộng"
  subtotal row, then "Tổng cộng"; "-" for none.

Registered into :data:`benchmarks.layouts.families.TUNE` at the end of ``families.py``; the existing
families' output is unchanged (each builder draws from its own ``random.Random``).
"""

from __future__ import annotations

import random

from benchmarks.layouts import content as C
from benchmarks.layouts.spec import HCell, PageSetup, Row, TableSpec


def partial_rule_groups(rng: random.Random, first: int) -> tuple[PageSetup, list[TableSpec]]:
    """Borderless table, two group headers each with a partial rule under it, rate column."""
    from benchmarks.layouts import families as F

    setup = F._setup(rng, size=(11.0, 12.5))
    province = F._province(rng)
    if rng.random() < 0.5:
        labels = rng.sample(C.AGENCIES, rng.randint(5, 9))
        unit_head = "Cơ quan, đơn vị"
    else:
        districts = C.PLACES[province][0]
        labels = rng.sample(districts, rng.randint(5, min(8, len(districts))))
        unit_head = "Huyện, thành phố"
    body, cols = [], [[] for _ in range(4)]
    for i, label in enumerate(labels, 1):
        received = rng.randint(120, 30000)
        online = rng.randint(received // 4, received)
        settled = rng.randint(received // 2, received)
        ontime = rng.randint(settled * 3 // 4, settled)
        for c, v in enumerate((received, online, settled, ontime)):
            cols[c].append(v)
        body.append(Row((str(i), label, C.printed_int(received), C.printed_int(online), C.printed_int(settled),
                         C.printed_int(ontime), C.rate(ontime, settled, 2))))
    t = [sum(c) for c in cols]
    body.append(Row(("", F._total_label(rng), *(C.printed_int(v) for v in t), C.rate(t[3], t[2], 2)), "total"))
    n = len(body) - 1
    rate_head = rng.choice(("Tỷ lệ giải quyết đúng hạn (%)", "Tỷ lệ\nđúng hạn\n(%)"))
    header = ((HCell(F._stt_header(rng), rowspan=2), HCell(unit_head, rowspan=2), HCell("Hồ sơ tiếp nhận", colspan=2),
               HCell("Hồ sơ đã giải quyết", colspan=2), HCell(rate_head, rowspan=2)),
              (HCell("Tổng số"), HCell("Trực tuyến"), HCell("Tổng số"), HCell("Đúng hạn")))
    colnums = rng.choice(((), (), tuple(f"({i})" for i in range(1, 8))))
    table = TableSpec(
        heading=F._heading(rng, first, rng.choice(("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM 2021",
                                                   "TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"))),
        note=C.annex_note(rng, province), unit=rng.choice(("", "ĐVT: hồ sơ")), header=header, colnums=colnums,
        rows=tuple(body), widths=(6, 30, 13, 13, 13, 13, 12), align=("c", "l", "r", "r", "r", "r", "r"),
        style=rng.choice(("box-groups", "rule-groups")),
        sums=tuple((c, n, tuple(range(n))) for c in (2, 3, 4, 5)), rates=((6, 5, 4, 2),))
    return setup, [table]


def vertical_sections(rng: random.Random, first: int) -> tuple[PageSetup, list[TableSpec]]:
    """Column rules only; sections opened by a label-only Roman row and closed by "Cộng"; "Tổng cộng"."""
    from benchmarks.layouts import families as F

    setup = F._setup(rng)
    province = F._province(rng)
    districts = C.PLACES[province][0]
    sections = [("Khối sở, ban, ngành", rng.sample(C.AGENCIES, rng.randint(3, 5))),
                ("Khối UBND huyện, thành phố", rng.sample(districts, rng.randint(3, 4)))]
    if rng.random() < 0.4:
        sections.append(("Khối cơ quan ngành dọc", ["Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Công an tỉnh"][: rng.randint(2, 3)]))
    body: list[Row] = []
    sums = []
    subtotals = []
    grand = [0, 0, 0]
    for g, (name, labels) in enumerate(sections):
        body.append(Row((C.ROMAN[g], name, "", "", ""), "group"))
        items = []
        acc = [0, 0, 0]
        for i, label in enumerate(labels, 1):
            incoming = rng.randint(300, 9000)
            outgoing = rng.randint(100, 5000)
            signed = rng.randint(0, outgoing) if rng.random() < 0.85 else 0
            for c, v in enumerate((incoming, outgoing, signed)):
                acc[c] += v
            items.append(len(body))
            body.append(Row((str(i), label, C.printed_int(incoming), C.printed_int(outgoing),
                             C.printed_int(signed) if signed else "-")))
        subtotals.append(len(body))
        for col in (2, 3, 4):
            sums.append((col, len(body), tuple(items)))
        body.append(Row(("", "Cộng", *(C.printed_int(v) for v in acc)), "total"))
        grand = [a + b for a, b in zip(grand, acc)]
    n = len(body)
    body.append(Row(("", "Tổng cộng", *(C.printed_int(v) for v in grand)), "total"))
    for col in (2, 3, 4):
        sums.append((col, n, tuple(subtotals)))
    table = TableSpec(
        heading=F._heading(rng, first, "TÌNH HÌNH TRAO ĐỔI VĂN BẢN ĐIỆN TỬ CỦA CÁC CƠ QUAN"),
        note=C.annex_note(rng, province), unit="",
        header=((HCell(F._stt_header(rng)), HCell("Cơ quan, đơn vị"), HCell("Số văn bản đến"), HCell("Số văn bản đi"),
                 HCell("Văn bản đi có chữ ký số")),),
        colnums=(), rows=tuple(body), widths=(7, 45, 15, 15, 18), align=("c", "l", "r", "r", "r"),
        style="vertical", sums=tuple(sums))
    return setup, [table]


TUNE2 = {
    "partial-rule-groups": partial_rule_groups,
    "vertical-sections": vertical_sections,
}
