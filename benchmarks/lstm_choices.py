"""Is what Tesseract knows about its own doubts evidence for the restorer? Measured on the tune pages.

On the first set of ``benchmarks/fix.py`` (``vnreport_build.synthetic`` photocopies of held-out text,
seed 13 unless ``--seed``: the tune set; the second set is never used here) every page is read by
``tesseract -l vie --dpi D -c lstm_choice_mode=2 hocr``, which gives per word its confidence
(``x_wconf``) and per character its confidence and the LSTM's other readings of that character
with theirs. OCR words are aligned to the printed syllables (syllable edit distance, as SER); for
the words read wrong (a substitution of one syllable for one) and the words read right it prints:

* how well word confidence and the lowest character confidence separate wrong from right (the
  share of wrong and of right words under each threshold: a useful signal flags many wrong words
  and few right ones);
* how often a character has another LSTM reading at least this confident (a rival), for wrong and
  right words;
* for the wrong words of the same length as the truth: how often every wrong character has the
  right one among its LSTM alternatives (so re-deciding with the alternatives could repair it), and
  how often the wrong word is a tone/mark confusion only (same letters without marks).

    python benchmarks/lstm_choices.py [--pages 6] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import fix as fixbench  # noqa: E402
from vnreport_build.corpus import CorpusSpec, default_corpus_dir  # noqa: E402
from vnreport_build.ocrpairs import sample_paragraphs  # noqa: E402
from vnreport.ocr import tesseract_env  # noqa: E402

NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class OcrChar:
    char: str
    conf: float
    choices: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class OcrWord:
    text: str
    conf: float
    chars: tuple[OcrChar, ...]


def _title_value(title: str, key: str) -> float:
    for part in title.split(";"):
        bits = part.split()
        if bits and bits[0] == key:
            return float(bits[1])
    return 0.0


def read_hocr(png: Path, dpi: int) -> list[OcrWord]:
    """Words of one page with their confidences and per-character LSTM choices."""
    done = subprocess.run(
        ["tesseract", str(png), "stdout", "-l", "vie", "--dpi", str(dpi), "-c", "lstm_choice_mode=2", "-c", "hocr_char_boxes=1", "hocr"],
        capture_output=True, env=tesseract_env(), check=True,
    )
    root = ET.fromstring(done.stdout)
    words = []
    for span in root.iter(f"{NS}span"):
        if span.get("class") != "ocrx_word":
            continue
        chars: list[OcrChar] = []
        for child in span:
            title = child.get("title", "")
            if "x_bboxes" in title:
                chars.append(OcrChar(child.text or "", _title_value(title, "x_conf"), ()))
            elif (child.get("id") or "").startswith("lstm_choices") and chars:
                choices = tuple((c.text or "", _title_value(c.get("title", ""), "x_confs")) for c in child)
                chars[-1] = OcrChar(chars[-1].char, chars[-1].conf, choices)
        text = "".join(c.char for c in chars)
        if text.strip():
            words.append(OcrWord(unicodedata.normalize("NFC", text), _title_value(span.get("title", ""), "x_wconf"), tuple(chars)))
    return words


def _bare(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)).replace("đ", "d")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    paragraphs = sample_paragraphs(CorpusSpec(default_corpus_dir()), "heldout", count=12 * (args.pages + 2) + 24, seed=args.seed)
    random.Random(args.seed).shuffle(paragraphs)
    pages = fixbench.make_pages(paragraphs, count=args.pages, photocopy=True, seed=args.seed)
    right: list[OcrWord] = []
    wrong: list[tuple[OcrWord, str]] = []
    with tempfile.TemporaryDirectory(prefix="vnreport-lstm-") as tmp:
        for index, page in enumerate(pages):
            png = Path(tmp) / f"p{index}.png"
            page.image.save(png, dpi=(page.dpi, page.dpi))
            words = read_hocr(png, page.dpi)
            # Align the words that count as syllables (as SER) to the printed syllables.
            kept = [(w, fixbench.syllables(w.text)) for w in words]
            kept = [(w, s[0]) for w, s in kept if len(s) == 1]
            truth = fixbench.syllables("\n".join(page.lines))
            for op in Levenshtein.opcodes([s for _, s in kept], truth):
                if op.tag == "equal":
                    right.extend(w for w, _ in kept[op.src_start:op.src_end])
                elif op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start:
                    wrong.extend((kept[i][0], truth[j]) for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end)))
    print(f"{len(pages)} tune pages: {len(right)} words read right, {len(wrong)} read wrong (one-for-one substitutions)")
    wrong_words = [w for w, _ in wrong]
    print(f"{'threshold':>10} {'wconf<t: wrong':>15} {'right':>7} {'min char conf<t: wrong':>23} {'right':>7}")
    for t in (50, 70, 80, 90, 95, 97, 99):
        def share(ws, key):
            return sum(1 for w in ws if key(w) < t) / max(1, len(ws))
        minc = lambda w: min((c.conf for c in w.chars), default=0.0)  # noqa: E731
        print(f"{t:10d} {share(wrong_words, lambda w: w.conf):15.1%} {share(right, lambda w: w.conf):7.1%} "
              f"{share(wrong_words, minc):23.1%} {share(right, minc):7.1%}")
    def rival(word: OcrWord) -> float:
        """The highest confidence of an LSTM reading, other than the chosen one, of any character."""
        return max((conf for c in word.chars for alt, conf in c.choices if alt != c.char), default=0.0)

    print(f"{'rival >= t':>10} {'wrong':>7} {'right':>7}   (a character has another LSTM reading with confidence >= t)")
    for t in (5, 10, 20, 30, 40, 50):
        wrong_share = sum(1 for w in wrong_words if rival(w) >= t) / max(1, len(wrong_words))
        right_share = sum(1 for w in right if rival(w) >= t) / max(1, len(right))
        print(f"{t:10d} {wrong_share:7.1%} {right_share:7.1%}")
    same_len = [(w, t) for w, t in wrong if len(w.text.lower()) == len(t) and len(w.chars) == len(t)]
    reachable = 0
    marks_only = 0
    for word, truth in same_len:
        ok = True
        for char, want in zip(word.chars, truth):
            if char.char.lower() != want and want not in {c.lower() for c, _ in char.choices}:
                ok = False
        reachable += ok
        marks_only += _bare(word.text) == _bare(truth)
    print(f"wrong words with as many characters as the truth: {len(same_len)}; the right character is among the "
          f"LSTM choices at every wrong position in {reachable} ({reachable / max(1, len(same_len)):.0%}); "
          f"mark/tone confusions only (same bare letters): {marks_only} ({marks_only / max(1, len(same_len)):.0%})")
    examples = [(w.text, t, w.conf, [(c.char, round(c.conf), [(a, round(p)) for a, p in c.choices[:3]]) for c in w.chars if c.char.lower() not in t]) for w, t in same_len[:12]]
    for example in examples:
        print("  ", example)


if __name__ == "__main__":
    main()
