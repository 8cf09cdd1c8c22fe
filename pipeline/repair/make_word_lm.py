"""Write configs/repair/word_lm.npz: the word-bigram language model the misaligned-GBK rule weighs a
run's edge characters with (pipeline/repair/wordlm.py).

The model is open-gram's, the statistical language model of the SunPinyin input method, trained on a
large corpus of general Chinese text (CC BY-SA 3.0; see configs/repair/word_lm.NOTICE). Debian ships
it as the package sunpinyin-data: `lm_sc.t3g` (a back-off trigram model over word ids) and
`pydict_sc.bin` (the lexicon; its last part is every word, UCS-4, NUL-terminated, in id order).
`tslminfo -v` (package sunpinyin-utils) prints the model's n-grams as text. The unigrams and bigrams
are kept, the trigrams left out (on the dev corpus they gained nothing: pipeline/repair/devset.py).

Format (.npz, fixed zip timestamps: the same model gives the same bytes):
  words     uint8   the lexicon as UTF-8, one word per line, line n = word id n ("" for ids the model
                    has no unigram for)
  unigram   float16 (ids, 2): -log P(word), -log back-off weight (natural log)
  offsets   int32   (ids + 1,): bigrams of first word w are rows offsets[w]:offsets[w + 1]
  second    uint32  the bigram's second word id, ascending within a first word's rows
  cost      uint8   -log P(second | first) in steps of COST_STEP

Maintainers only (`make repair-word-lm`):
    .venv/bin/python -m pipeline.repair.make_word_lm configs/repair/word_lm.npz
"""
from __future__ import annotations

import argparse
import array
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

from ..npzfile import save_npz
from .wordlm import COST_STEP

DATA = Path("/usr/lib/x86_64-linux-gnu/sunpinyin/data")
PACKAGES = "sunpinyin-data sunpinyin-utils"


def lexicon(path: Path) -> list[str]:
    """Word id -> word from pydict_sc.bin: the header's first uint32 is the number of words, its third
    the offset of the word strings."""
    raw = path.read_bytes()
    count, _, offset = struct.unpack("<3I", raw[:12])
    codes = array.array("I")
    codes.frombytes(raw[offset:offset + (len(raw) - offset) // 4 * 4])
    words, current = [], []
    for code in codes:
        if code == 0:
            words.append("".join(map(chr, current)))
            current = []
            if len(words) == count:
                break
        else:
            current.append(code)
    if len(words) != count:
        raise SystemExit(f"{path}: expected {count} words, read {len(words)}: not a SunPinyin lexicon")
    return words


def ngrams(model: Path):
    """(order, fields) for each unigram and bigram line of `tslminfo -v`."""
    proc = subprocess.Popen(["tslminfo", "-v", str(model)], stdout=subprocess.PIPE, text=True)
    order = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("\\"):
            order = int(line[1])
            if order > 2:
                break
            continue
        if order in (1, 2):
            yield order, line.split()
    proc.kill()
    proc.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.repair.make_word_lm", description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--data", type=Path, default=DATA, help="folder of lm_sc.t3g and pydict_sc.bin")
    a = ap.parse_args(argv)
    model, dictionary = a.data / "lm_sc.t3g", a.data / "pydict_sc.bin"
    if not model.exists() or not dictionary.exists():
        print(f"{a.data}: no lm_sc.t3g / pydict_sc.bin; install them: apt-get install {PACKAGES}", file=sys.stderr)
        return 2
    words = lexicon(dictionary)
    n = len(words)
    unigram = np.zeros((n, 2), dtype=np.float32)
    has_unigram = np.zeros(n, dtype=bool)
    firsts, seconds, costs = array.array("I"), array.array("I"), array.array("f")
    try:
        for order, f in ngrams(model):
            if order == 1:
                w = int(f[0])
                unigram[w] = (float(f[1]), float(f[2]))
                has_unigram[w] = True
            else:
                firsts.append(int(f[0]))
                seconds.append(int(f[1]))
                costs.append(float(f[2]))
    except FileNotFoundError:
        print(f"tslminfo not found; install it: apt-get install {PACKAGES}", file=sys.stderr)
        return 2
    first, second = np.frombuffer(firsts, dtype=np.uint32), np.frombuffer(seconds, dtype=np.uint32)
    order_ = np.lexsort((second, first))
    first, second = first[order_], second[order_]
    cost = np.clip(np.round(np.frombuffer(costs, dtype=np.float32)[order_] / COST_STEP), 0, 255).astype(np.uint8)
    offsets = np.searchsorted(first, np.arange(n + 1)).astype(np.int32)
    text = "\n".join(w if has_unigram[i] and "\n" not in w else "" for i, w in enumerate(words))
    save_npz(a.out, {"words": np.frombuffer(text.encode("utf-8"), dtype=np.uint8),
                     "unigram": unigram.astype(np.float16), "offsets": offsets,
                     "second": second.astype(np.uint32), "cost": cost})
    print(f"wrote {a.out}: {int(has_unigram.sum())} words, {len(second)} bigrams")
    return 0


if __name__ == "__main__":
    sys.exit(main())
