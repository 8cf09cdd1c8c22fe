"""A dev corpus for tuning the repair stage (maintainers only, never imported at run time).

The corruption suite's own generators (../shared/tools/make_corruptions.py) run on text that is not
in the measurement suite: the SogouCS sohusite news sample (default), and the SogouCA tensite sample
(`--source tensite`; its own damaged sentences left out), a second source for checking that a setting
chosen on one holds on the other. The thresholds and weights of configs/pipeline.toml [repair] were
chosen on these corpora, not on the suite. Several seeds give more runs on the same paragraphs.

    python -m pipeline.repair.devset OUTDIR [--per-type N] [--seed S] [--source sohu,tensite] [--types T,...]
    newsclean process OUTDIR/raw OUTDIR/out --config configs/repair/eval_stages.toml
    python ../shared/tools/score_repair.py OUTDIR/gold.json OUTDIR/out/articles.jsonl
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "eval/zh_news_sogou_samples"
TYPES = ("clean_zh,utf8_as_gbk,gbk_as_latin1,utf8_as_cp1252_zh,big5_as_gbk,pinyin_annotation,gbk_misaligned,"
         "legacy_file_gb18030,legacy_file_big5,replacement_runs")


def load_sohu() -> list[tuple[str, str]]:
    """Sentences of the SogouCS sohusite sample packed into paragraphs of more than 60 characters."""
    raw = (SAMPLES / "news_sohusite_xml.smarty.dat").read_text(encoding="utf-8", errors="replace")
    return _paragraphs("sohu", raw)


def load_tensite() -> list[tuple[str, str]]:
    """The same for the SogouCA tensite sample (GB18030), without the sentences it damaged itself
    (its misaligned runs show as `?`): a second dev source, from many sites, for checking that a
    setting chosen on one source holds on the other."""
    raw = (SAMPLES / "news_tensite_xml.smarty.dat").read_bytes().decode("gb18030", errors="replace")
    return _paragraphs("tensite", raw, skip="?\ufffd")


def _paragraphs(name: str, raw: str, skip: str = "") -> list[tuple[str, str]]:
    paragraphs, current = [], ""
    for n, m in enumerate(re.finditer(r"<content>(.*?)</content>", raw, re.S)):
        for k, sentence in enumerate(re.split(r"(?<=[。！？])", m.group(1))):
            if any(c in sentence for c in skip):
                current = ""  # a damaged sentence breaks the paragraph: its neighbours are not adjacent
                continue
            current += sentence.strip().replace("\u3000", "")
            if len(current) > 60:
                paragraphs.append((f"{name}:{n}:{k}", current))
                current = ""
    return paragraphs


LOADERS = {"sohu": load_sohu, "tensite": load_tensite}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.repair.devset", description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--per-type", type=int, default=150)
    ap.add_argument("--seed", default="dev")
    ap.add_argument("--source", default="sohu", help="comma list of " + ", ".join(LOADERS) + " (default sohu)")
    ap.add_argument("--types", default=TYPES, help="comma list of damage types (default: the zh ones)")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(SHARED / "tools"))
    import make_corruptions

    make_corruptions.SOURCES = {name: ("zh", load) for name, load in LOADERS.items()}
    make_corruptions.prepare(argparse.Namespace(outdir=a.outdir, per_type=a.per_type, seed=a.seed, source=a.source,
                                                types=a.types))
    return 0


if __name__ == "__main__":
    sys.exit(main())
