"""Evaluate the normalize stage on the government reports of ../shared/eval/zh_gov_reports_wikisource/.

    python -m pipeline.normalize.eval prepare DIR [--shared ../shared]   # DIR/raw/reports.jsonl (id, text)
    newsclean process DIR/raw DIR/out ...                                # the pipeline, any config
    python -m pipeline.normalize.eval again DIR OUT                      # DIR/OUT-again/: OUT's text (+ title) as input
    newsclean process DIR/OUT-again DIR/OUT-again-out ...
    python -m pipeline.normalize.eval score DIR OUT                      # the figures of issue 4
    python -m pipeline.normalize.eval zhuzhe                             # 著/着 after a trip through Taiwan usage
    python -m pipeline.normalize.eval speed [--shared ../shared]         # the stage's MB/s on Chinese text

A report is Traditional when OpenCC t2s changes at least 5% of its Han characters (a referee that does
not use the stage's own script detection), else Simplified. The figures:
- Traditional reports: characters of the output that t2s would still change, outside protected terms
  (target 0), and inside them (on purpose);
- Simplified reports: the character-level change rate once punctuation, width and whitespace are folded
  away (target 0 except Traditional characters stray in a Simplified text, which are converted on
  purpose and counted apart), and the raw change rate;
- idempotence: reports whose text changes when the output is processed again (target 0).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from .chardata import CONTROL, HAN_CHAR, ZERO_WIDTH

FILES = ("government_work_reports.jsonl", "cpc_congress_reports.jsonl")
TRADITIONAL_SHARE = 0.05
# Chinese punctuation folded to ASCII, so that a change of width or of quote style is no change.
FOLD = str.maketrans({"，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")",
                      "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": "'", "』": "'", "…": "."})
SPACE = re.compile(r"\s+")


def report_id(record: dict, n: int) -> str:
    key = record.get("year") or record.get("congress") or "x"
    return f"{n:03d}_{key}"


def load_reports(shared: Path) -> dict[str, dict]:
    reports = {}
    for name in FILES:
        with open(shared / "eval" / "zh_gov_reports_wikisource" / name, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    record = json.loads(line)
                    rid = f"{name[:3]}_{report_id(record, len(reports))}"
                    reports[rid] = {"title": record["title"], "text": record["content"]}
    return reports


def load_articles(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f) if r}


def fold(text: str) -> tuple[str, int]:
    """The text with punctuation, width, invisible characters and whitespace folded away, and
    paragraphs repeated right after themselves kept once; and how many repeats were dropped."""
    paragraphs: list[str] = []
    repeats = 0
    for line in ZERO_WIDTH.sub("", CONTROL.sub("", text)).split("\n"):
        line = SPACE.sub("", unicodedata.normalize("NFKC", line).translate(FOLD)).replace("......", "...")
        if not line:
            continue
        if paragraphs and paragraphs[-1] == line:
            repeats += 1
            continue
        paragraphs.append(line)
    return "".join(paragraphs), repeats


def changed_chars(before: str, after: str) -> list[tuple[str, str]]:
    """The characters that differ, as (before, after) pairs of aligned pieces."""
    if len(before) == len(after):
        return [(a, b) for a, b in zip(before, after) if a != b]
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.extend([(before[i1:i2], after[j1:j2])] * max(i2 - i1, j2 - j1))
    return out


def t2s_residue(text: str, converter, protected: list[str]) -> tuple[int, int]:
    """(characters t2s would still change outside protected terms, inside them)."""
    converted = converter.convert(text)
    if len(converted) != len(text):
        diffs = [i for i, _ in enumerate(changed_chars(text, converted))]
    else:
        diffs = [i for i, (a, b) in enumerate(zip(text, converted)) if a != b]
    inside = set()
    for term in protected:
        for m in re.finditer(re.escape(term), text):
            inside.update(range(m.start(), m.end()))
    return sum(i not in inside for i in diffs), sum(i in inside for i in diffs)


def cmd_prepare(args) -> int:
    out = Path(args.dir) / "raw"
    out.mkdir(parents=True, exist_ok=True)
    reports = load_reports(Path(args.shared))
    with open(out / "reports.jsonl", "w", encoding="utf-8") as f:
        for rid, r in reports.items():
            f.write(json.dumps({"id": rid, "text": r["text"]}, ensure_ascii=False) + "\n")
    print(f"{len(reports)} reports -> {out / 'reports.jsonl'}")
    return 0


def cmd_again(args) -> int:
    base = Path(args.dir)
    articles = load_articles(base / args.out / "articles.jsonl")
    out = base / f"{args.out}-again"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "reports.jsonl", "w", encoding="utf-8") as f:
        for rid, r in sorted(articles.items()):
            # the record's own title and date go along as given metadata, as a re-run of the output
            # would have them: the text is not asked to give up its first line as a title again
            record = {"id": rid, "text": r["text"], **{k: r[k] for k in ("title", "published") if r.get(k)}}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(articles)} processed texts -> {out / 'reports.jsonl'}")
    return 0


def cmd_score(args) -> int:
    import opencc

    from ..config import load_config

    base = Path(args.dir)
    reports = load_reports(Path(args.shared))
    articles = load_articles(base / args.out / "articles.jsonl")
    again_path = base / f"{args.out}-again-out" / "articles.jsonl"
    again = load_articles(again_path) if again_path.exists() else None
    t2s = opencc.OpenCC("t2s")
    config = load_config()
    protected_file = Path(config.section("normalize")["protected_terms_file"])
    protected = sorted({part.strip() for line in protected_file.read_text(encoding="utf-8").splitlines()
                        for part in line.split("#", 1)[0].split("=") if part.strip()}, key=len, reverse=True)

    trad = {"n": 0, "chars": 0, "residue": 0, "protected": 0, "detected": {}}
    simp = {"n": 0, "chars": 0, "changed": 0, "stray": 0, "other": 0, "raw_changed": 0, "raw_chars": 0, "repeats": 0,
            "examples": []}
    missing, not_idempotent = [], []
    for rid, report in reports.items():
        source = report["text"]
        han = len(HAN_CHAR.findall(source))
        converted = t2s.convert(source)
        share = sum(a != b for a, b in zip(source, converted)) / max(1, han)
        art = articles.get(rid)
        if art is None:
            missing.append(rid)
            continue
        text = art["text"]
        if again is not None and rid in again and again[rid]["text"] != text:
            not_idempotent.append(rid)
        if share >= TRADITIONAL_SHARE:
            residue, kept = t2s_residue(text, t2s, protected)
            trad["n"] += 1
            trad["chars"] += len(text)
            trad["residue"] += residue
            trad["protected"] += kept
            trad["detected"][art.get("script")] = trad["detected"].get(art.get("script"), 0) + 1
            if args.verbose:
                print(f"traditional {rid} {report['title'][:24]} share {share:.2f} script {art.get('script')} residue {residue}")
        else:
            (before, repeats), (after, _) = fold(source), fold(text)
            simp["repeats"] += repeats
            diffs = changed_chars(before, after)
            stray = sum(1 for a, b in diffs if len(a) == 1 and len(b) == 1 and t2s.convert(a) == b)
            simp["n"] += 1
            simp["chars"] += len(before)
            simp["changed"] += len(diffs)
            simp["stray"] += stray
            simp["other"] += len(diffs) - stray
            raw = changed_chars(source, text)
            simp["raw_changed"] += len(raw)
            simp["raw_chars"] += len(source)
            if diffs and len(simp["examples"]) < 12:
                simp["examples"].append((rid, sorted(set(diffs))[:6]))
    print(f"reports: {len(reports)} ({trad['n']} Traditional by the t2s >= {TRADITIONAL_SHARE:.0%} referee,"
          f" {simp['n']} Simplified), missing from the output: {len(missing)} {missing[:5]}")
    print(f"Traditional reports: input script detected as {trad['detected']}")
    print(f"Traditional reports: characters OpenCC t2s would still change: {trad['residue']} outside protected terms"
          f" ({trad['protected']} inside protected terms) in {trad['chars']} characters")
    rate = simp["changed"] / max(1, simp["chars"])
    print(f"Simplified reports: characters changed beyond punctuation/width/whitespace: {simp['changed']} of"
          f" {simp['chars']} ({rate:.6%}); of which stray Traditional characters converted: {simp['stray']},"
          f" other changes: {simp['other']} ({simp['other'] / max(1, simp['chars']):.6%})")
    print(f"Simplified reports: paragraphs repeated right after themselves, kept once: {simp['repeats']}")
    print(f"Simplified reports: raw character-level change rate (punctuation, width, whitespace included):"
          f" {simp['raw_changed'] / max(1, simp['raw_chars']):.4%}")
    for rid, ex in simp["examples"]:
        print(f"  {rid}: {ex}")
    if again is None:
        print("idempotence: not measured (run `again` and process its output first)")
    else:
        print(f"idempotence: {len(not_idempotent)} of {len(articles)} texts change when processed again {not_idempotent[:5]}")
    # with stages after normalize, "other changes" include what they remove: not this stage's figure
    other_ok = simp["other"] == 0 or args.later_stages
    ok = not missing and trad["residue"] == 0 and other_ok and not not_idempotent
    rate = f"{simp['other'] / max(1, simp['chars']):.6%}" + (" not gated: later stages remove text" if args.later_stages else "")
    print(f"normalize eval ({args.out}): {'PASS' if ok else 'FAIL'} (t2s residue {trad['residue']}, simplified"
          f" other-change rate {rate}, non-idempotent {len(not_idempotent) if again is not None else 'n/a'})")
    return 0 if ok else 1


def cmd_speed(args) -> int:
    """MB/s of the normalize stage alone (one core) on the reports, in Simplified and in Traditional."""
    import opencc

    from ..config import load_config
    from ..document import Document, Source
    from ..stages.base import StageContext
    from ..stages.normalize import Normalize

    config = load_config(args.config) if args.config else load_config()
    stage = Normalize(StageContext("normalize", config.section("normalize"), config.files[-1]))
    texts = [r["text"] for r in load_reports(Path(args.shared)).values()]
    s2t = opencc.OpenCC("s2t")
    traditional = [s2t.convert(t) for t in texts]
    articles = []  # news articles are a few KB: the same text cut at paragraph ends into ~3 KB pieces
    for text in traditional:
        piece = ""
        for paragraph in text.split("\n"):
            piece += paragraph + "\n"
            if len(piece.encode("utf-8")) >= 3000:
                articles.append(piece)
                piece = ""
        if piece.strip():
            articles.append(piece)
    for label, corpus in (("simplified", texts), ("traditional (s2t of the same)", traditional),
                          ("traditional, in ~3 KB articles", articles)):
        size = sum(len(t.encode("utf-8")) for t in corpus)
        best = float("inf")
        for _ in range(args.repeat):
            docs = [Document(id=str(i), source=Source("x", "0", "txt"), text=t, lang="zh") for i, t in enumerate(corpus)]
            start = time.perf_counter()
            for doc in docs:
                stage.process(doc)
            best = min(best, time.perf_counter() - start)
        print(f"normalize on {label}: {size / 1e6:.2f} MB in {best:.3f} s = {size / 1e6 / best:.2f} MB/s"
              f" ({best / (size / 1e6):.3f} s per MB, {len(corpus) / best:.0f} texts/s)")
    return 0


def cmd_zhuzhe(args) -> int:
    """How well 著 is told from 着: Simplified text -> OpenCC s2tw (Taiwan writes 著 for both) ->
    the normalize stage -> compared with the original at every 着 and 著. A source that writes the
    older 显着 or 执著 counts as an error although the output follows today's standard."""
    import collections

    import opencc

    from ..config import load_config
    from ..document import Document, Source
    from ..stages.base import StageContext
    from ..stages.normalize import Normalize

    config = load_config()
    stage = Normalize(StageContext("normalize", config.section("normalize"), config.files[-1]))
    s2tw, t2s = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    total, wrong, examples = collections.Counter(), collections.Counter(), collections.Counter()
    for report in load_reports(Path(args.shared)).values():
        source = report["text"]
        if sum(a != b for a, b in zip(source, t2s.convert(source))) > 0.05 * len(source):
            continue  # a Traditional report: its own 著 is no answer key
        for line in source.split("\n"):
            if "着" not in line and "著" not in line:
                continue
            doc = Document(id="x", source=Source("x", "0", "txt"), text=s2tw.convert(line), lang="zh")
            out = stage.process(doc).text
            a, b = HAN_CHAR.findall(line), HAN_CHAR.findall(out)
            if len(a) != len(b):
                continue
            for i, (x, y) in enumerate(zip(a, b)):
                if x in "着著":
                    total[x] += 1
                    if x != y:
                        wrong[x] += 1
                        examples["".join(a[max(0, i - 3):i + 3])] += 1
    n = sum(total.values())
    print(f"著/着 after s2tw: {n} occurrences ({dict(total)}), wrong {sum(wrong.values())} ({dict(wrong)}),"
          f" accuracy {1 - sum(wrong.values()) / max(1, n):.4f}")
    for text, k in examples.most_common(10):
        print(f"  {k} {text}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.normalize.eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2].parent / "shared"))
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("dir")
    p = sub.add_parser("again")
    p.add_argument("dir")
    p.add_argument("out")
    p = sub.add_parser("score")
    p.add_argument("dir")
    p.add_argument("out")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--later-stages", action="store_true",
                   help="OUT ran stages after normalize (boilerplate removes lines): do not gate on other changes")
    sub.add_parser("zhuzhe")
    p = sub.add_parser("speed")
    p.add_argument("--config")
    p.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    commands = {"prepare": cmd_prepare, "again": cmd_again, "score": cmd_score, "zhuzhe": cmd_zhuzhe, "speed": cmd_speed}
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
