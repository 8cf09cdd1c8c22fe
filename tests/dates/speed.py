"""Throughput of the dates stage alone (`make eval-dates`): Sogou news samples (Chinese) and People's
Daily Online English pages from ../shared/eval, cleaned by the stages before it, then the dates
stage timed on its own (best of 5 runs, one core). Measurement only: no rule comes from these texts.

usage: python tests/dates/speed.py [SHARED_DIR]
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.stages import build_pipeline


def sogou(shared: Path) -> list[tuple[str, str]]:
    raw = (shared / "eval" / "zh_news_sogou_samples" / "news_sohusite_xml.smarty.dat").read_text("utf-8", "replace")
    docs = re.findall(r"<url>(.*?)</url>.*?<content>(.*?)</content>", raw, re.S)
    out = []
    for url, content in docs:
        m = re.search(r"/(20\d\d)(\d\d)(\d\d)/", url)
        if content.strip():
            out.append((content, f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None))
    return out


def english(shared: Path) -> list[tuple[str, str]]:
    folder = shared / "eval" / "en_china_news" / "peoples_daily_online_en_2020-11"
    return [(p.read_text("utf-8", "replace"), None) for p in sorted(folder.glob("*.txt"))]


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared"
    pipeline = build_pipeline(load_config())
    before = [s for s in pipeline.stages if s.name not in ("entities", "officials", "dates", "write")]
    dates = next(s for s in pipeline.stages if s.name == "dates")
    for lang, corpus in (("zh", sogou(shared)), ("en", english(shared))):
        docs = []
        for n, (text, published) in enumerate(corpus):
            doc = Document(id=f"{lang}{n}", source=Source("x", "", "txt"), text=text,
                           given={"published": published} if published else {})
            for stage in before:
                doc = stage.process(doc)
            if doc.lang == lang and doc.text:
                docs.append(doc)
        mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
        best, found = float("inf"), 0
        for _ in range(5):
            start = time.perf_counter()
            found = sum(len(dates.process(d).dates) for d in docs)
            best = min(best, time.perf_counter() - start)
        print(f"dates[{lang}]: {len(docs)} articles, {mb:.2f} MB of text, {found} dates, {best:.3f} s"
              f" -> {best / mb:.3f} s per MB ({mb / best:.1f} MB/s, one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
