"""`python -m pipeline.ner.speed`: CPU seconds per MB of the entities and officials stages.

Chinese: the news samples and government work reports in ../shared/eval (cut into ~3 KB articles);
English: the People's Daily Online pages. Each article goes through the stages before `entities`
untimed; then `entities` (spaCy tokenization included, reported apart) and `officials` are timed
with the process's CPU clock, so other work on the machine does not count. A first untimed pass of
tokenization fills spaCy's vocabulary, as a long run would.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def chinese_corpus(shared: Path, limit: int) -> list[str]:
    texts = []
    for name, encoding in (("news_sohusite_xml.smarty.dat", "utf-8"), ("news_tensite_xml.smarty.dat", "gb18030")):
        raw = (shared / "eval" / "zh_news_sogou_samples" / name).read_text(encoding=encoding, errors="replace")
        texts += [t.strip() for t in re.findall(r"<content>(.*?)</content>", raw, re.S) if len(t.strip()) > 200]
    for line in (shared / "eval" / "zh_gov_reports_wikisource" / "government_work_reports.jsonl").open(encoding="utf-8"):
        content = json.loads(line)["content"]
        paras = [p for p in content.split("\n") if p.strip()]
        chunk = ""
        for p in paras:
            chunk += p + "\n"
            if len(chunk) > 1000:
                texts.append(chunk)
                chunk = ""
    out, size = [], 0
    for t in texts:
        out.append(t)
        size += len(t.encode())
        if size >= limit:
            break
    return out


def english_corpus(shared: Path, limit: int) -> list[str]:
    out, size = [], 0
    for path in sorted((shared / "eval" / "en_china_news" / "peoples_daily_online_en_2020-11").glob("*.txt")):
        t = path.read_text(encoding="utf-8")
        out.append(t)
        size += len(t.encode())
        if size >= limit:
            break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of text per language")
    ap.add_argument("--config", type=Path, help="a TOML file laid over the shipped configuration (another model_file)")
    args = ap.parse_args(argv)
    from pipeline.config import load_config
    from pipeline.document import Document, Source
    from pipeline.stages import build_pipeline

    pipeline = build_pipeline(load_config(args.config))
    stages = {s.name: s for s in pipeline.stages}
    before = [s for s in pipeline.stages if s.name not in ("entities", "officials", "dates", "write")]
    for lang, texts in (("zh", chinese_corpus(args.shared, int(args.mb * 1e6))),
                        ("en", english_corpus(args.shared, int(args.mb * 1e6)))):
        docs = []
        for i, t in enumerate(texts):
            doc = Document(id=f"{lang}{i}", source=Source(f"{lang}{i}.txt", "0" * 64, "txt"))
            doc.text = t
            for s in before:
                doc = s.process(doc)
            docs.append(doc)
        size = sum(len(d.text.encode()) for d in docs) / 1e6
        nlp = stages["entities"].nlp_zh if lang == "zh" else stages["entities"].nlp_en
        for d in docs:  # warm: spaCy adds each new word to its vocabulary once
            nlp.make_doc(d.text)
        t0 = time.process_time()
        for d in docs:
            nlp.make_doc(d.text)
        tok = time.process_time() - t0
        ent = off = 0.0
        for d in docs:  # one article at a time through both stages, as the pipeline runs them
            t0 = time.process_time()
            stages["entities"].process(d)
            t1 = time.process_time()
            stages["officials"].process(d)
            t2 = time.process_time()
            d.scratch.clear()  # the spaCy Doc goes with the article, as after the write stage
            ent += t1 - t0
            off += t2 - t1
        print(f"{lang}: {len(docs)} articles, {size:.2f} MB of cleaned text; CPU s/MB: tokenization {tok / size:.2f}, "
              f"entities beyond tokenization {(ent - tok) / size:.2f} (whole stage {ent / size:.2f}), "
              f"officials {off / size:.2f}; entities+officials {size / (ent + off):.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
