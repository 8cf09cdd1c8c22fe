"""Figures of issue 3 that are not the corruption suite's (`make eval-repair` runs that one too).

    python -m pipeline.repair.eval [--shared ../shared] [--config FILE]

- real: of the 30 misaligned GBK spans found in SogouCA (eval/zh_news_sogou_samples/real_misaligned.json),
  how many come back as the hand-worked recovery (25 have one), and what the others become;
- ftfy: ftfy's own test cases (eval/ftfy_test_cases/), per file: cases plain ftfy passes, and of those
  the ones this stage passes (its differences by design folded away: curly quotes, NFC, U+FFFD removed);
- speed: the stage on clean Chinese news (SogouCS sohusite sample, People's Daily 1998-01, in that order,
  about 2 MB) vs plain `ftfy.fix_text` on the same texts, in one run; and how many it changed (0 wanted).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from .base import CONTROLS  # the stage removes what is left

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def build(config: str | None):
    from ..config import load_config
    from ..stages.base import StageContext
    from ..stages.repair import Repair

    cfg = load_config(config)
    return Repair(StageContext("repair", cfg.section("repair"), cfg.files[-1]))


def process(stage, text: str):
    from ..document import Document, Source

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return stage.process(Document(id="eval", source=Source("eval.txt", digest, "txt"), text=text))


def real(stage, shared: Path) -> None:
    spans = json.loads((shared / "eval/zh_news_sogou_samples/real_misaligned.json").read_text(encoding="utf-8"))
    ok = known = 0
    for s in spans:
        text = process(stage, s["context_before"] + s["damaged"] + s["context_after"]).text
        before, after = s["context_before"][-6:], s["context_after"][:3]
        start = text.find(before) + len(before) if before in text else 0
        end = text.find(after, start) if after in text[start:] else len(text)
        got, want = text[start:end], s["recovered_or_null"]
        known += want is not None
        ok += want is not None and got == want
        mark = "--" if want is None else ("ok" if got == want else "XX")
        print(f"  {mark} {s['damaged']} -> {got}" + ("" if want is None or got == want else f"  (want {want})"))
    print(f"real misaligned spans: {ok} of {known} recovered ({len(spans)} spans, {len(spans) - known} without a known recovery)")


def ftfy_cases(stage, shared: Path) -> None:
    import ftfy

    def fold(t: str) -> str:
        return CONTROLS.sub("", unicodedata.normalize("NFKC", t).translate(QUOTES).replace("\ufffd", ""))

    for f in sorted((shared / "eval/ftfy_test_cases").glob("*.json")):
        cases = json.loads(f.read_text(encoding="utf-8"))
        theirs = ours = both = 0
        for c in cases:
            f_ok = ftfy.fix_text(c["original"]) == c["fixed"]
            got = fold(process(stage, c["original"]).text)
            m_ok = got in {fold(c[k]) for k in ("fixed", "fixed-encoding") if k in c}
            theirs += f_ok
            ours += m_ok
            both += f_ok and m_ok
        print(f"ftfy cases {f.name}: {len(cases)} cases, ftfy passes {theirs}, repair passes {ours} "
              f"({both} of ftfy's {theirs})")


def speed(stage, shared: Path) -> None:
    import ftfy

    texts = []
    raw = (shared / "eval/zh_news_sogou_samples/news_sohusite_xml.smarty.dat").read_text(encoding="utf-8", errors="replace")
    texts += [m.group(1) for m in re.finditer(r"<content>(.*?)</content>", raw, re.S) if len(m.group(1)) > 200]
    piece = []
    for line in open(shared / "eval/peoples_daily_1998_pos/199801.utf8.txt", encoding="utf-8"):
        words = [t.rsplit("/", 1)[0].lstrip("[") for t in line.split()[1:]]
        piece.append("".join(words))
        if sum(map(len, piece)) > 1500:
            texts.append("\n".join(piece))
            piece = []
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    process(stage, texts[0])
    started = time.perf_counter()
    changed = sum(process(stage, t).text != t for t in texts)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for t in texts:
        ftfy.fix_text(t)
    theirs = time.perf_counter() - started
    print(f"speed on clean Chinese: {len(texts)} texts, {mb:.2f} MB; repair stage {mb / ours:.2f} MB/s "
          f"({ours / mb:.3f} s/MB), plain ftfy.fix_text {mb / theirs:.2f} MB/s; repair/ftfy speed {theirs / ours:.1f}x; "
          f"texts changed {changed}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.repair.eval", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--config")
    ap.add_argument("parts", nargs="*", default=["real", "ftfy", "speed"])
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    stage = build(a.config)
    for part in a.parts:
        {"real": real, "ftfy": ftfy_cases, "speed": speed}[part](stage, shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
