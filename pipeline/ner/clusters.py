"""`python -m pipeline.ner.clusters`: distributional clusters of Chinese characters and words, learned
from UNLABELLED text, as features of the tagger (configs/entities/zh_clusters.tsv).

A rare name looks like nothing the tagger was trained on, but its characters and words keep company
like other names' do: 斯 and 尔 (foreign names), 局 and 厂 (bodies), 微软 and 索尼 (companies). Each
character and each jieba word seen often enough gets the cluster of its context vector: the
characters (or words) right before and after it, weighted by positive pointwise mutual information,
reduced by SVD and grouped by k-means. The text: the PFR 1998 corpus's words joined back into
sentences (minus every sentence that occurs in an evaluation split, as for training), the government
work and congress reports and the Sogou news samples, segmented by jieba as the pipeline does. No
labels are read. The output file is committed: `make train-ner` and the stage read it, so the
training does not depend on floating-point details of this step. Numpy only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u3400-\u9fff]")


def texts(shared: Path) -> list[str]:
    from . import corpus
    from .train import HELD_OUT

    eval_dir = shared / "eval"
    held_out = corpus.HeldOut([eval_dir / p for p in HELD_OUT])
    out = []
    for line in (eval_dir / "peoples_daily_1998_pos" / "199801.utf8.txt").read_text(encoding="utf-8").splitlines():
        parsed = corpus.tokens_of(line)
        if parsed:
            text = "".join(t.word for t in parsed[1])
            out += [s for s in corpus.SENTENCE_END.split(text) if s.strip() and s not in held_out]
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        for line in (eval_dir / "zh_gov_reports_wikisource" / name).open(encoding="utf-8"):
            out += [p for p in json.loads(line)["content"].split("\n") if p.strip()]
    for name, encoding in (("news_sohusite_xml.smarty.dat", "utf-8"), ("news_tensite_xml.smarty.dat", "gb18030")):
        raw = (eval_dir / "zh_news_sogou_samples" / name).read_text(encoding=encoding, errors="replace")
        out += [t.strip() for t in re.findall(r"<content>(.*?)</content>", raw, re.S) if t.strip()]
    return out


def embed(seqs: list[list[str]], min_count: int, contexts: int, dims: int) -> tuple[list[str], np.ndarray]:
    """Items seen `min_count` times -> unit vectors from PPMI of their left and right neighbours."""
    counts = Counter(x for s in seqs for x in s)
    items = sorted((x for x, c in counts.items() if c >= min_count), key=lambda x: (-counts[x], x))
    ctx = items[:contexts]
    ii = {x: i for i, x in enumerate(items)}
    ci = {x: i for i, x in enumerate(ctx)}
    M = np.zeros((len(items), 2 * len(ctx)), dtype=np.float64)
    C = len(ctx)
    for s in seqs:
        for k, x in enumerate(s):
            i = ii.get(x)
            if i is None:
                continue
            if k:
                j = ci.get(s[k - 1])
                if j is not None:
                    M[i, j] += 1
            if k + 1 < len(s):
                j = ci.get(s[k + 1])
                if j is not None:
                    M[i, C + j] += 1
    row = M.sum(axis=1, keepdims=True)
    col = M.sum(axis=0, keepdims=True) ** 0.75  # context smoothing: rare contexts weigh less
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(M * col.sum() / (np.maximum(row, 1) * np.maximum(col, 1e-12)))
    ppmi = np.where(M > 0, np.maximum(pmi, 0), 0)
    del M
    # SVD through the small Gram matrix (columns x columns): exact, and deterministic in numpy
    gram = ppmi.T @ ppmi
    vals, vecs = np.linalg.eigh(gram)
    top = np.argsort(-vals, kind="stable")[:dims]
    vecs = vecs[:, top]
    vecs *= np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(vecs.shape[1])])  # a fixed sign per axis
    X = ppmi @ vecs / np.sqrt(np.maximum(vals[top], 1e-12)) ** 0.5
    X /= np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return items, X


def kmeans(X: np.ndarray, k: int, iterations: int = 30) -> np.ndarray:
    """Spherical k-means, started from evenly spaced items by frequency (no randomness)."""
    k = min(k, len(X))
    centres = X[np.linspace(0, len(X) - 1, k).astype(int)].copy()
    assign = np.zeros(len(X), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(X @ centres.T, axis=1)
        for c in range(k):
            members = X[assign == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / max(np.linalg.norm(v), 1e-12)
    return assign


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "configs" / "entities" / "zh_clusters.tsv")
    ap.add_argument("--char-clusters", type=int, default=200)
    ap.add_argument("--word-clusters", type=int, default=400)
    args = ap.parse_args(argv)
    import jieba

    jieba.setLogLevel(60)
    sents = texts(args.shared)
    chars = [[ch for ch in s] for s in sents]
    words = [[w for w in jieba.cut(s) if w.strip()] for s in sents]
    print(f"{len(sents)} texts, {sum(map(len, chars))} chars, {sum(map(len, words))} words", file=sys.stderr)
    lines = [f"# {__doc__.splitlines()[0]}", "# kind\titem\tcluster (c: a character, w: a word of two or more characters)"]
    citems, CX = embed(chars, 5, 3000, 64)
    for x, c in zip(citems, kmeans(CX, args.char_clusters)):
        if HAN.match(x):
            lines.append(f"c\t{x}\t{c + 1}")
    witems, WX = embed(words, 5, 3000, 100)
    keep = [i for i, w in enumerate(witems) if len(w) > 1 and HAN.search(w)]
    for i, c in zip(keep, kmeans(WX[keep], args.word_clusters)):
        lines.append(f"w\t{witems[i]}\t{c + 1}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(citems)} characters, {len(keep)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
