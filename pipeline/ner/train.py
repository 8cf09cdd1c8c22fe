"""`python -m pipeline.ner.train` (`make train-ner`): train the Chinese character tagger.

Reads the PFR People's Daily 1998 corpus, converts it to PERSON/GPE/ORG spans (pipeline/ner/corpus.py,
configs/entities/train_zh.toml), drops every sentence that occurs in an evaluation split, adds the
hand-annotated sentences the training config names (the People's Daily NER dev split: never a test
split, which training refuses; its sentences that also occur in a test split are dropped too), each
`gold_repeat` times, segments
each sentence with jieba as the pipeline does, trains a linear-chain CRF with crfsuite (L-BFGS, fixed
order, so the same input gives the same weights) and writes the weights as a compressed numpy file
the pipeline reads without crfsuite. Needs the `train` extra: pip install -e '.[train]'.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

from . import corpus, lexicons
from .features import BOS, CHAR_SLOTS, EOS, TEMPLATES, Featurizer
from .tagger import FORMAT, ORG_HEADS, PLACE_HEADS, CharModel, equip

REPO = Path(__file__).resolve().parents[2]
TEST_SPLITS = ("peoples_daily_ner_bio/example.test", "peoples_daily_ner_time/test.char.bio.tsv",
               "msra_ner/msra_test_bio.txt")
HELD_OUT = TEST_SPLITS + ("peoples_daily_ner_bio/example.dev", "peoples_daily_ner_time/dev.char.bio.tsv")


def bioes(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    y = ["O"] * n
    for s, e, lab in spans:
        if e - s == 1:
            y[s] = "S-" + lab
        else:
            y[s], y[e - 1] = "B-" + lab, "E-" + lab
            for i in range(s + 1, e - 1):
                y[i] = "I-" + lab
    return y


def read_surnames(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line.split("\t")[0])
    return out


def read_clusters(path: Path) -> dict[str, np.ndarray]:
    """configs/entities/zh_clusters.tsv (pipeline/ner/clusters.py) -> the arrays the model carries:
    a cluster per code point (the padding before and after a sentence has one of its own) and the
    words' clusters by spaCy's hash of the word."""
    from spacy.strings import hash_string

    chars = np.zeros(CHAR_SLOTS + 1, dtype=np.uint16)
    hashes, ids = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, item, cluster = line.split("\t")
        if kind == "c" and len(item) == 1 and ord(item) < CHAR_SLOTS:
            chars[ord(item)] = int(cluster)
        elif kind == "w":
            hashes.append(hash_string(item))
            ids.append(int(cluster))
    top = int(chars.max())
    chars[BOS], chars[EOS] = top + 1, top + 2
    return {"char_clusters": chars, "word_cluster_hashes": np.array(hashes, dtype=np.uint64),
            "word_cluster_ids": np.array(ids, dtype=np.uint16)}


def heads(sentences: list[corpus.Sentence], label: str, min_count: int = 15, min_rate: float = 0.1) -> np.ndarray:
    """Characters that end a name of `label` at least `min_count` times and in at least `min_rate` of
    their occurrences (院, 司, 局, 队 for ORG; 省, 县 for GPE: learned from the training spans)."""
    from collections import Counter

    ends, seen = Counter(), Counter()
    for s in sentences:
        seen.update(s.text)
        ends.update(s.text[e - 1] for _, e, lab in s.spans if lab == label)
    return np.array(sorted(ord(c) for c, n in ends.items() if n >= min_count and n / seen[c] >= min_rate), dtype=np.uint32)


def export(model_file: str, meta: dict) -> CharModel:
    """crfsuite's model -> per-template sorted keys and weight rows."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model_file)
    info = tagger.info()
    labels = sorted(info.labels, key=lambda x: (x != "O", x))
    li = {lab: i for i, lab in enumerate(labels)}
    L = len(labels)
    trans = np.zeros((L, L), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[li[a], li[b]] = w
    rows: list[dict[int, np.ndarray]] = [{} for _ in TEMPLATES]
    for (attr, lab), w in info.state_features.items():
        t, _, key = attr.partition(":")
        row = rows[int(t)].setdefault(int(key), np.zeros(L, dtype=np.float32))
        row[li[lab]] = w
    keys, weights = [], []
    for r in rows:
        k = np.array(sorted(r), dtype=np.uint64)
        keys.append(k)
        weights.append(np.vstack([r[int(x)] for x in k] + [np.zeros(L, np.float32)]) if len(k) else np.zeros((1, L), np.float32))
    return CharModel(labels, trans, keys, weights, meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder with eval/")
    ap.add_argument("--config", type=Path, default=REPO / "configs" / "entities" / "train_zh.toml")
    ap.add_argument("--surnames", type=Path, default=REPO / "configs" / "entities" / "zh_surnames.txt")
    ap.add_argument("--divisions", type=Path, default=REPO / "configs" / "entities" / "zh_divisions.tsv")
    ap.add_argument("--countries", type=Path, default=REPO / "configs" / "entities" / "countries.tsv")
    ap.add_argument("--cities", type=Path, default=REPO / "configs" / "entities" / "world_cities.tsv")
    ap.add_argument("--clusters", type=Path, default=REPO / "configs" / "entities" / "zh_clusters.tsv",
                    help="distributional clusters of characters and words (python -m pipeline.ner.clusters)")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "ner_zh.npz")
    ap.add_argument("--c1", type=float, default=0.05, help="L1 penalty (sparsity)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--limit", type=int, help="train on the first N converted sentences (and N/10 hand-annotated "
                    "ones) only: a quick check")
    ap.add_argument("--gold-range", metavar="START:END",
                    help="of the hand-annotated sentences (gold_files in the config), train on these only, "
                         "e.g. 0:1150 to measure on the rest; ':0' trains on the converted corpus alone")
    ap.add_argument("--drop", default="wd", help="feature templates to leave out, comma-separated (the word hash "
                    "`wd` by default: on the dev split it did not help, and it costs a lookup per character)")
    args = ap.parse_args(argv)
    try:
        import jieba
        import pycrfsuite
    except ImportError as e:
        print(f"error: training needs python-crfsuite and jieba ({e}); pip install -e '.[train]'", file=sys.stderr)
        return 2
    jieba.setLogLevel(60)
    eval_dir = args.shared / "eval"
    started = time.time()
    surnames = read_surnames(args.surnames)
    config = tomllib.loads(args.config.read_text(encoding="utf-8"))
    conv = corpus.Conversion.from_toml(config, surnames)
    held_out = corpus.HeldOut([eval_dir / p for p in HELD_OUT])
    dropped: list[corpus.Sentence] = []
    source = eval_dir / "peoples_daily_1998_pos" / "199801.utf8.txt"
    sentences = list(corpus.without_held_out(corpus.read_pfr(source, conv), held_out, dropped))
    if args.limit:
        sentences = sentences[:args.limit]
    try:
        gold, gold_paths, gold_dropped = read_gold(config, eval_dir, args.gold_range)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.limit:
        gold = gold[:args.limit // 10]
    repeat = int(config.get("gold_repeat", 1))
    print(f"corpus: {len(sentences)} sentences ({sum(len(s.text) for s in sentences)} chars) for training, "
          f"{len(dropped)} dropped as they occur in an evaluation split; {len(gold)} hand-annotated "
          f"sentences, each {repeat} times, {len(gold_dropped)} dropped as they occur in a test split", file=sys.stderr)
    places = lexicons.place_names(lexicons.parse_tsv(args.divisions.read_text(encoding="utf-8"), 5),
                                  lexicons.parse_tsv(args.countries.read_text(encoding="utf-8"), 3),
                                  lexicons.parse_tsv(args.cities.read_text(encoding="utf-8"), 2))
    feat = Featurizer(frozenset(surnames), places)
    clusters = read_clusters(args.clusters)
    clusters[ORG_HEADS], clusters[PLACE_HEADS] = heads(sentences, "ORG"), heads(sentences, "GPE")
    equip(feat, clusters)
    dropped_templates = {t for t in args.drop.split(",") if t}
    if dropped_templates - set(TEMPLATES):
        print(f"error: unknown templates {sorted(dropped_templates - set(TEMPLATES))}; known: {', '.join(TEMPLATES)}",
              file=sys.stderr)
        return 2
    used = [i for i, t in enumerate(TEMPLATES) if t not in dropped_templates]
    trainer = pycrfsuite.Trainer(verbose=False)
    # converted sentences once each, then the hand-annotated ones `repeat` times (the same order as ever)
    for s, times in [*((s, 1) for s in sentences), *((s, repeat) for s in gold)]:
        keys = feat.keys(s.text, [(0, len(s.text))], feat.words(list(jieba.cut(s.text))))
        xseq, yseq = _strings(keys, used), bioes(len(s.text), s.spans)
        for _ in range(times):
            trainer.append(xseq, yseq)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    print(f"features ready after {time.time() - started:.0f} s; training ...", file=sys.stderr)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in (source, args.config, args.surnames, args.divisions,
                                                              args.countries, args.cities, args.clusters,
                                                              *gold_paths))).hexdigest()[:16]
    meta = {"format": FORMAT, "templates": list(TEMPLATES), "c1": args.c1, "c2": args.c2,
            "iterations": args.iterations, "sentences": len(sentences), "dropped": len(dropped),
            "gold_sentences": len(gold), "gold_dropped": len(gold_dropped), "gold_repeat": repeat, "gold_range": args.gold_range or "",
            "left_out": sorted(dropped_templates),
            "data": digest}
    with tempfile.TemporaryDirectory() as tmp:
        crf_file = str(Path(tmp) / "model.crfsuite")
        trainer.train(crf_file)
        model = export(crf_file, meta)
        model.clusters = clusters
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    n_feats = sum(len(k) for k in model.keys)
    print(json.dumps({"model": str(args.out), "bytes": args.out.stat().st_size, "features": n_feats,
                      "labels": model.labels, "seconds": round(time.time() - started), **meta}), file=sys.stderr)
    return 0


def read_gold(config: dict, eval_dir: Path, gold_range: str | None
              ) -> tuple[list[corpus.Sentence], list[Path], list[corpus.Sentence]]:
    """The hand-annotated sentences of the config's `gold_files` (paths under eval/), in file order,
    cut to `gold_range` (START:END), and those left out because a test split has them too. A test
    split is refused: it is for measurement only. So is each sentence it shares with one (22 of the PD
    dev split's are sentences of a test split word for word, a few more share a clause)."""
    names = str(config.get("gold_files", "")).split()
    tests = {(eval_dir / t).resolve() for t in TEST_SPLITS}
    refused = sorted(name for name in names if (eval_dir / name).resolve() in tests)
    if refused:
        raise ValueError(f"gold_files names a test split ({', '.join(refused)}): test splits are for "
                         "measurement only; remove it from configs/entities/train_zh.toml")
    paths = [eval_dir / name for name in names]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ValueError(f"gold file not found: {', '.join(missing)} (is ../shared beside the checkout?)")
    gold = [s for p, name in zip(paths, names) for s in corpus.read_bio(p, name)]
    if gold_range:
        start, _, end = gold_range.partition(":")
        try:
            gold = gold[int(start or 0):int(end) if end else None]
        except ValueError:
            raise ValueError(f"--gold-range {gold_range!r}: expected START:END, e.g. 0:1150") from None
    dropped: list[corpus.Sentence] = []
    held_out = corpus.HeldOut([p for p in (eval_dir / t for t in TEST_SPLITS) if p.is_file()])
    return list(corpus.without_held_out(gold, held_out, dropped)), paths, dropped


def _strings(keys: np.ndarray, used: list[int]) -> list[list[str]]:
    return [[f"{t}:{row[t]}" for t in used if row[t]] for row in keys.tolist()]


if __name__ == "__main__":
    sys.exit(main())
