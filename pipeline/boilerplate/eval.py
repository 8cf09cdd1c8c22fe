"""Measurements of the boilerplate stage and of HTML extraction (`make eval-boilerplate`, `make
eval-extraction`). Measurement only: nothing here tunes a rule.

usage: python -m pipeline.boilerplate.eval --shared ../shared COMMAND ...
  visible-floor RAW_DIR OUT_JSONL   every visible line of each page as the text (the naive floor of
                                    eval_extraction.py; score the file with its `score`)
  speed                             the stage alone on Chinese text (Sogou news + government
                                    reports, prepared up to normalize), MB/s on one core
  false-removals                    tail-classifier removals on clean Chinese news and reports
                                    (each one a false positive: the text has no boilerplate)
  en-review OUT_JSONL [N]           for the first N (20) People's Daily Online pages, sorted by file
                                    name: the body (from the dateline's time to the follow/editor
                                    line) against the record's text, word by word
"""
from __future__ import annotations

import argparse
import copy
import difflib
import json
import re
import sys
import time
from pathlib import Path

EN_PAGES = "eval/en_china_news/peoples_daily_online_en_2020-11"


def clean_chinese(shared: Path) -> list[str]:
    """Chinese texts without boilerplate: Sogou news contents (paragraphs split on U+E40C) and the
    government reports cut into article-sized pieces of 12 paragraphs."""
    texts = []
    sogou = (shared / "eval/zh_news_sogou_samples/news_sohusite_xml.smarty.dat").read_text(encoding="utf-8")
    for content in re.findall(r"<content>(.*?)</content>", sogou, re.S):
        if len(content) > 200:
            texts.append(content.replace("\ue40c", "\n"))
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(shared / "eval/zh_gov_reports_wikisource" / name, encoding="utf-8") as f:
            for line in f:
                paragraphs = json.loads(line)["content"].split("\n")
                for i in range(0, len(paragraphs), 12):
                    piece = "\n".join(paragraphs[i:i + 12])
                    if len(piece) > 300:
                        texts.append(piece)
    return texts


def prepared(texts: list[str]):
    """(pipeline, boilerplate stage, documents run through the stages before boilerplate)."""
    import tempfile

    from ..config import load_config
    from ..document import Document, Source
    from ..stages import build_pipeline

    # only the stages up to boilerplate: the later ones are not measured here
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write('[pipeline]\nstages = ["read", "repair", "normalize", "boilerplate"]\n')
    pipeline = build_pipeline(load_config(f.name))
    Path(f.name).unlink()
    stage = next(s for s in pipeline.stages if s.name == "boilerplate")
    docs = []
    for i, text in enumerate(texts):
        doc = Document(id=f"t{i}", source=Source(f"t{i}.txt", "-", "txt"), text=text)
        for s in pipeline.stages:
            if s.name == "boilerplate":
                break
            doc = s.process(doc)
        docs.append(doc)
    return pipeline, stage, docs


def speed(args) -> int:
    _, stage, docs = prepared(clean_chinese(Path(args.shared)))
    docs = [d for d in docs if d.lang == "zh"]
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(3):
        work = [copy.deepcopy(d) for d in docs]
        start = time.perf_counter()
        for doc in work:
            stage.process(doc)
        best = min(best, time.perf_counter() - start)
    print(f"boilerplate on {len(docs)} Chinese texts, {mb:.2f} MB UTF-8: {best:.2f} s, {best / mb:.3f} s/MB,"
          f" {mb / best:.2f} MB/s, {len(docs) / best:.0f} texts/s on one core (best of 3; budget 0.3 s/MB)")
    return 0


def false_removals(args) -> int:
    _, stage, docs = prepared(clean_chinese(Path(args.shared)))
    judged = removed = 0
    for doc in docs:
        if doc.lang != "zh" or doc.text.count("\n") < 3:
            continue
        judged += 1
        lines = doc.text.split("\n")
        verdicts = stage.tail.classify(lines, [True] * len(lines), None, "zh")
        removed += bool(verdicts)
        for v in verdicts:
            print(f"  {v.kind}: {v.evidence} | {lines[v.index][:70]}")
    print(f"tail classifier on clean Chinese text: {removed} of {judged} texts lost a paragraph")
    return 0


def visible_floor(args) -> int:
    from ..html import declared_charset, visible_lines

    from trafilatura.utils import load_html

    out = []
    for path in sorted(Path(args.raw).glob("*.htm*")):
        data = path.read_bytes()
        text = None
        for encoding in (declared_charset(data), "utf-8", "gb18030"):
            try:
                text = data.decode(encoding or "utf-8")
                break
            except (LookupError, UnicodeDecodeError):
                continue
        tree = load_html(text or data.decode("gb18030", errors="replace"))
        lines = visible_lines(tree) if tree is not None else []
        out.append({"id": path.stem, "text": "\n".join(lines), "byline": {}, "published": None})
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"wrote {len(out)} records with every visible line to {args.out}")
    return 0


def en_review(args) -> int:
    folder = Path(args.shared) / EN_PAGES
    files = sorted(p for p in folder.glob("*.txt"))[:args.n]
    records = {}
    with open(args.articles, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            records[r["id"]] = r
    lost = survived = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        r = records.get(path.stem)
        if r is None:
            print(f"## {path.name}: NO RECORD")
            continue
        start = re.search(r"\d{1,2}:\d{2}, [A-Z][a-z]+ \d{1,2}, \d{4} ", raw)
        ends = [i for i in (raw.find("(For the latest"), raw.find("(Web editor")) if i > 0]
        body = raw[start.end() if start else 0:min(ends) if ends else len(raw)]
        fold = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
        a, b = body.translate(fold).split(), r["text"].translate(fold).split()
        ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        gone = [" ".join(a[i1:i2]) for op, i1, i2, _, _ in ops if op in ("delete", "replace")]
        extra = [" ".join(b[j1:j2]) for op, _, _, j1, j2 in ops if op in ("insert", "replace")]
        print(f"## {path.name}\n   title {r['title']!r} | published {r['published']} | byline {r['byline']}")
        for x in gone:
            print(f"   removed from the body: {x[:160]}")
        for x in extra:
            print(f"   in the text, not in the body: {x[:160]}")
        lost += len(gone)
        survived += len(extra)
    print(f"en_china_news: {len(files)} pages; {lost} spans of the body removed, {survived} spans outside the body kept"
          " (read them: wire datelines and photo credits are boilerplate)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("visible-floor")
    p.add_argument("raw")
    p.add_argument("out")
    sub.add_parser("speed")
    sub.add_parser("false-removals")
    p = sub.add_parser("en-review")
    p.add_argument("articles")
    p.add_argument("n", nargs="?", type=int, default=20)
    args = ap.parse_args(argv)
    return {"visible-floor": visible_floor, "speed": speed, "false-removals": false_removals,
            "en-review": en_review}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
