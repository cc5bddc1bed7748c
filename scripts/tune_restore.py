"""Grid search of the restorer's two free weights on TRAINING pairs (never the held-out ones).

    python scripts/tune_restore.py --mode eng --lines 1500

Prints the syllable error rate for each (channel weight, keep log-probability) pair. The training
pairs also trained the noise model, so the figures are optimistic; they only rank settings. The
chosen values are written into the defaults by hand (RestoreConfig.channel_weight and the
KEEP_LOGP of vnreport/diacritics/channel.py), with the output of this script in the commit.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from restore import read_pairs, ser, words  # noqa: E402

from vnreport.config import RestoreConfig  # noqa: E402
from vnreport.diacritics import Restorer  # noqa: E402
from vnreport.diacritics.model import load_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["eng", "vie"], default="eng")
    parser.add_argument("--lines", type=int, default=1500)
    parser.add_argument("--weights", default="0.6,0.8,1.0,1.3")
    parser.add_argument("--keeps", default="-3,-5,-7,-9")
    args = parser.parse_args()
    model = load_model()
    pairs = read_pairs(ROOT / "lexicons" / "pairs" / f"train-{args.mode}.tsv.gz")
    # Lines from the end of the file: a different stretch of text from the one the other tools look at first.
    pairs = pairs[-args.lines :]
    clean = [words(c) for c, _ in pairs]
    text = "\n".join(o for _, o in pairs)
    print(f"{args.mode}: {len(pairs)} lines, SER before repair {ser([words(o) for _, o in pairs], clean):.2%}")
    for keep in (float(k) for k in args.keeps.split(",")):
        channels = dict(model.channels)
        channels[args.mode] = dataclasses.replace(model.channels[args.mode], keep_logp=keep)
        tuned = dataclasses.replace(model, channels=channels)
        for weight in (float(w) for w in args.weights.split(",")):
            restorer = Restorer(RestoreConfig(input_kind=args.mode, channel_weight=weight), model=tuned)
            restored = restorer.restore(text).text.split("\n")
            print(f"keep_logp {keep:5.1f}  channel_weight {weight:4.2f}  SER {ser([words(r) for r in restored], clean):.2%}")


if __name__ == "__main__":
    main()
