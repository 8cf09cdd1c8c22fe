"""What the pipeline is compared with, on the same files.

- The naive peer: what one would write first, per article: decode, `ftfy.fix_text` with its defaults,
  OpenCC t2s, jieba posseg with its nr/ns/nt tags as the entities, one JSON line out. Single worker,
  or a pool of workers forked after jieba loaded (so it is loaded once).
- The I/O floor: read, decode, write the JSON line; nothing else. No pipeline can beat it.
"""
from __future__ import annotations

import os
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable

import orjson

PEER_ENTITY_TAGS = {"nr": "PERSON", "ns": "GPE", "nt": "ORG"}


def corpus_files(corpus: Path) -> list[Path]:
    """Every article file under `corpus`, in a stable order (hidden files left out)."""
    return sorted(p for p in Path(corpus).rglob("*") if p.is_file() and not p.name.startswith("."))


def decode(data: bytes) -> str:
    """UTF-8, else the more plausible of GB18030 and Big5 (as the read stage chooses), so that no
    side spends its time on text it decoded wrongly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from ..zhstats import plausibility

    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text[:2000]), text))
    if not candidates:
        return data.decode("gb18030", errors="replace")
    return max(candidates, key=lambda c: c[0])[1]


def floor_article(path: Path) -> bytes:
    text = decode(path.read_bytes())
    return orjson.dumps({"id": path.stem, "text": text})


class NaivePeer:
    """ftfy defaults -> OpenCC t2s -> jieba posseg as NER, built once per process."""

    def __init__(self) -> None:
        import ftfy
        import jieba
        import jieba.posseg
        import opencc

        jieba.setLogLevel(60)
        jieba.initialize()
        self.fix_text = ftfy.fix_text
        self.converter = opencc.OpenCC("t2s")
        self.posseg = jieba.posseg
        self.posseg.lcut("预热：加载词性标注模型。")  # posseg loads its own tables on first use

    def article(self, path: Path) -> bytes:
        text = decode(path.read_bytes())
        text = self.fix_text(text)
        text = self.converter.convert(text)
        entities, offset = [], 0
        for pair in self.posseg.cut(text):
            word, flag = pair.word, pair.flag
            if flag in PEER_ENTITY_TAGS:
                entities.append({"text": word, "label": PEER_ENTITY_TAGS[flag], "start": offset, "end": offset + len(word)})
            offset += len(word)
        return orjson.dumps({"id": path.stem, "text": text, "entities": entities})


_PEER: NaivePeer | None = None  # the peer of this process, set before the pool forks


def _peer_article(path: Path) -> bytes:
    assert _PEER is not None
    return _PEER.article(path)


def run_lines(files: Iterable[Path], out_file: Path, one: Callable[[Path], bytes], jobs: int = 1) -> int:
    """Write one line per file (in file order) to out_file; returns the number of lines."""
    n = 0
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with open(out_file, "wb") as f:
        if jobs <= 1:
            for path in files:
                f.write(one(path) + b"\n")
                n += 1
        else:
            with get_context("fork").Pool(jobs) as pool:
                for line in pool.imap(one, files, chunksize=16):
                    f.write(line + b"\n")
                    n += 1
        f.flush()
        os.fsync(f.fileno())
    return n


def run_peer(corpus: Path, out_file: Path, jobs: int = 1) -> int:
    global _PEER
    if _PEER is None:
        _PEER = NaivePeer()
    return run_lines(corpus_files(corpus), out_file, _peer_article, jobs)
