"""Character features of the Chinese tagger, as integer keys: one function for training and tagging.

Each character gets one key per template (0 = the template does not apply): the characters around it
and their pairs, its place in the jieba word that holds it (B/M/E/S and the word's length), that
word's class in jieba's lexicon (nr/ns/nt/nz, another known word, or a word jieba's HMM made up:
often a name), whether it is a known surname, and whether its word is a place of the gazetteer (divisions and
countries: cleaner than jieba's ns, which calls 美丽 and 东西 places), the trigram around it, and the
word itself (spaCy's hash of it: the only template that sees a word's width as written). Digits fold to 0 and full-width forms to ASCII,
so 1998 and １９９８ look the same to the model. Everything is numpy over the whole document: the
per-character Python work is what made a string-feature CRF too slow for the speed budget.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

TEMPLATES = ("c0", "c-1", "c+1", "c-2", "c+2", "c-1c0", "c0c+1", "c-2c-1", "c+1c+2", "c-1c+1",
             "w", "k", "kc", "sur", "gz", "c-1c0c+1", "wd",
             "q0", "q-1", "q+1", "q-1q0", "q0q+1", "wq", "wq-1", "wq+1", "oh", "ph")
BOS, EOS = 1, 2  # code points standing for "before the sentence" and "after it"
PAD = 2  # padding characters on each side of a sentence
OH_BUCKETS = np.array([0, 1, 2, 3, 5, 8, 12])  # distance buckets of the org-head template
STOPS = np.array(sorted(map(ord, "的了和与及在是、。《》“”,;:!?()\n")), dtype=np.uint64)  # as code_points folds them
CHAR_SLOTS = 1 << 16  # characters with a cluster: the Basic Multilingual Plane
CLASSES = {"w": 1, "nr": 2, "ns": 3, "nt": 4, "nz": 5}  # jieba lexicon classes; 6 = unknown word, 7 = unknown char
NAME_TAGS = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt", "nz": "nz"}


@functools.lru_cache(maxsize=1)
def jieba_classes() -> dict[str, int]:
    """word -> class code from jieba's dictionary (its proper-noun tags, or 1 for another word), kept
    in the disk cache: reading the 350,000 lines costs 0.4 s on every start. This file is a source of
    the entry too, as the codes come from its CLASSES and NAME_TAGS."""
    from ..cache import cached_table
    from ..zhstats import jieba_dict_path

    return cached_table("jieba_classes", [jieba_dict_path(), __file__], _read_jieba_classes)


def _read_jieba_classes() -> dict[str, int]:
    from ..zhstats import jieba_dict_path

    out: dict[str, int] = {}
    with open(jieba_dict_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                out[parts[0]] = CLASSES[NAME_TAGS.get(parts[2], "w")] if len(parts) >= 3 else 1
    return out


def code_points(text: str) -> np.ndarray:
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    wide = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp = np.where(wide, cp - 0xFEE0, cp)
    cp = np.where((cp >= 48) & (cp <= 57), 48, cp)  # every digit reads as 0
    return np.where(cp < 32, 32, cp)  # control characters read as a space (1 and 2 are padding)


@dataclass
class Words:
    """A text's words as arrays: start offsets (ascending), lengths, lexicon class codes."""
    starts: np.ndarray
    lengths: np.ndarray
    classes: np.ndarray
    places: np.ndarray  # bool: the word is a place name of the gazetteer
    hashes: np.ndarray  # uint64: spaCy's hash of the word's string
    clusters: np.ndarray | None = None  # uint64: the word's distributional cluster (0: none)


class Featurizer:
    """Turns sentences (with the text's words) into the (n, templates) key matrix."""

    def __init__(self, surnames: frozenset[str], places: frozenset[str] = frozenset(),
                 classes: dict[str, int] | None = None):
        self.classes = jieba_classes() if classes is None else classes
        self.surnames = np.array(sorted(ord(s) for s in surnames if len(s) == 1), dtype=np.uint64)
        self.places = places
        self._orth: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        # distributional clusters (pipeline/ner/clusters.py), carried by the model: characters by
        # code point (the last slot for every larger one), words by spaCy's hash, sorted
        self.char_clusters = np.zeros(CHAR_SLOTS + 1, dtype=np.uint64)
        self.word_cluster_hashes = np.zeros(0, dtype=np.uint64)
        self.word_cluster_ids = np.zeros(0, dtype=np.uint64)
        self.org_heads = np.zeros(0, dtype=np.uint64)  # code points that often end an organisation's name
        self.place_heads = np.zeros(0, dtype=np.uint64)  # ... a place's name (省, 县, 岛)

    def use_org_heads(self, code_points: np.ndarray) -> None:
        self.org_heads = np.sort(code_points.astype(np.uint64))

    def use_place_heads(self, code_points: np.ndarray) -> None:
        self.place_heads = np.sort(code_points.astype(np.uint64))

    def use_clusters(self, char_clusters: np.ndarray, word_hashes: np.ndarray, word_ids: np.ndarray) -> None:
        self.char_clusters = char_clusters.astype(np.uint64)
        order = np.argsort(word_hashes, kind="stable")
        self.word_cluster_hashes = word_hashes.astype(np.uint64)[order]
        self.word_cluster_ids = word_ids.astype(np.uint64)[order]

    def _word_clusters(self, hashes: np.ndarray) -> np.ndarray:
        h, ids = self.word_cluster_hashes, self.word_cluster_ids
        if not len(h):
            return np.zeros(len(hashes), dtype=np.uint64)
        i = np.minimum(np.searchsorted(h, hashes), len(h) - 1)
        return np.where(h[i] == hashes, ids[i], 0).astype(np.uint64)

    def words(self, words: list[str]) -> Words:
        """Words given as the strings that make up the text (jieba.cut's output)."""
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        get = self.classes.get
        classes = np.fromiter((get(w, 6 if len(w) > 1 else 7) for w in words), dtype=np.uint64, count=len(words))
        places = np.fromiter((w in self.places for w in words), dtype=bool, count=len(words))
        from spacy.strings import hash_string

        hashes = np.fromiter((hash_string(w) for w in words), dtype=np.uint64, count=len(words))
        # whitespace is outside every word, as in a spaCy Doc (where it trails a token)
        real = np.fromiter((not w.isspace() for w in words), dtype=bool, count=len(words))
        starts = np.cumsum(lengths) - lengths
        return Words(starts[real], lengths[real], classes[real], places[real], hashes[real],
                     self._word_clusters(hashes[real]))

    def prepare(self) -> None:
        """The lexicon by spaCy's string hashes (a few seconds: done once, before workers fork)."""
        if self._orth is None:
            from spacy.strings import hash_string

            hashes = np.fromiter((hash_string(w) for w in self.classes), dtype=np.uint64, count=len(self.classes))
            codes = np.fromiter(self.classes.values(), dtype=np.uint64, count=len(self.classes))
            order = np.argsort(hashes)
            self._orth = (hashes[order], codes[order],
                          np.sort(np.fromiter((hash_string(w) for w in self.places), dtype=np.uint64, count=len(self.places))))

    def spacy_words(self, doc) -> Words:
        """Words of a spaCy Doc, its lexicon classes looked up by the tokens' hash (no Python per token)."""
        from spacy.attrs import IDX, LENGTH, ORTH

        self.prepare()
        arr = doc.to_array([IDX, LENGTH, ORTH]).astype(np.uint64)
        hashes, codes, place_hashes = self._orth
        lengths = arr[:, 1].astype(np.int64)
        if len(hashes):
            i = np.minimum(np.searchsorted(hashes, arr[:, 2]), len(hashes) - 1)
            known = hashes[i] == arr[:, 2]
        else:
            i = known = np.zeros(len(arr), dtype=bool)
        classes = np.where(known, codes[i] if len(hashes) else 0, np.where(lengths > 1, 6, 7)).astype(np.uint64)
        j = np.minimum(np.searchsorted(place_hashes, arr[:, 2]), max(len(place_hashes) - 1, 0))
        places = (place_hashes[j] == arr[:, 2]) if len(place_hashes) else np.zeros(len(arr), dtype=bool)
        return Words(arr[:, 0].astype(np.int64), lengths, classes, places, arr[:, 2].copy(),
                     self._word_clusters(arr[:, 2]))

    def keys(self, text: str, sentences: list[tuple[int, int]], words: Words) -> np.ndarray:
        """Keys of every character of `text` inside `sentences` (sorted, not overlapping), in order.
        A character outside every word (a space spaCy keeps out of its tokens) is a word of its own."""
        n = len(text)
        cp_all = code_points(text)
        nonempty = words.lengths > 0
        starts, lengths, classes = words.starts[nonempty], words.lengths[nonempty], words.classes[nonempty]
        in_places = words.places[nonempty]
        word_hashes = words.hashes[nonempty]
        wclus = (words.clusters if words.clusters is not None else np.zeros(len(words.lengths), np.uint64))[nonempty]
        owner = np.searchsorted(starts, np.arange(n), side="right") - 1
        ok = owner >= 0
        owner = np.maximum(owner, 0)
        offset = np.arange(n) - (starts[owner] if len(starts) else 0)
        wlen = lengths[owner] if len(starts) else np.ones(n, dtype=np.int64)
        ok &= (offset < wlen) & (len(starts) > 0)
        wlen = np.where(ok, wlen, 1)
        offset = np.where(ok, offset, 0)
        wcls = np.where(ok, classes[owner] if len(starts) else 7, 7).astype(np.uint64)
        wgz = ok & (in_places[owner] if len(starts) else False)
        # position: 0 B, 1 M, 2 E, 3 S; size bucket 1..4
        pos = np.where(wlen == 1, 3, np.where(offset == 0, 0, np.where(offset == wlen - 1, 2, 1))).astype(np.uint64)
        size = np.minimum(wlen, 4).astype(np.uint64)
        wcode = pos * 8 + size + 1
        # the word itself (its hash, 56 bits) with the character's place in it; 0 outside any word
        whash = np.where(ok, (word_hashes[owner] >> np.uint64(8)) if len(starts) else 0, 0).astype(np.uint64)
        wid = np.where(ok & (cp_all != 32), whash | (pos << np.uint64(56)), 0).astype(np.uint64)
        kcode = wcls * 8 + pos + 1
        # the word's cluster with the character's place in it; the clusters of the words before and
        # after it, on the word's first and last character
        nw = len(starts)
        ok &= cp_all != 32  # a space (outside spaCy's tokens)
        wq_here = np.where(ok, wclus[owner] * 4 + pos + 1 if nw else 0, 0).astype(np.uint64)
        prev_q = np.where(owner >= 1, wclus[np.maximum(owner - 1, 0)] + 1, 1) if nw else np.zeros(n, np.uint64)
        next_q = np.where(owner + 1 < nw, wclus[np.minimum(owner + 1, max(nw - 1, 0))] + 1, 1) if nw else np.zeros(n, np.uint64)
        wq_prev = np.where(ok & ((pos == 0) | (pos == 3)), prev_q, 0).astype(np.uint64)
        wq_next = np.where(ok & ((pos == 2) | (pos == 3)), next_q, 0).astype(np.uint64)
        # how far ahead the nearest word ending in an organisation's (a place's) head character (局, 院,
        # 公司; 省, 县) ends, with no punctuation or 的 between: a long name's first characters see their head
        word_ends = (starts + lengths - 1)[lengths > 0] if nw else np.zeros(0, np.int64)
        stop_at = np.isin(cp_all, STOPS) | (cp_all == 32)
        oh = _head_distance(cp_all, word_ends, self.org_heads, stop_at, pos)
        ph = _head_distance(cp_all, word_ends, self.place_heads, stop_at, pos)
        # sentences, each padded on both sides, one after another
        if not sentences:
            return np.zeros((0, len(TEMPLATES)), dtype=np.uint64)
        pieces = []
        pad_l = np.full(PAD, BOS, dtype=np.uint64)
        pad_r = np.full(PAD, EOS, dtype=np.uint64)
        for s, e in sentences:
            pieces += [pad_l, cp_all[s:e], pad_r]
        cp = np.concatenate(pieces)
        lens = np.array([e - s for s, e in sentences], dtype=np.int64)
        firsts = np.array([s for s, _ in sentences], dtype=np.int64)
        total = int(lens.sum())
        within = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        chars = np.repeat(firsts, lens) + within
        at = np.repeat(np.cumsum(lens + 2 * PAD) - lens - PAD, lens) + within
        c = {k: cp[at + k] for k in (-2, -1, 0, 1, 2)}
        s21 = np.uint64(21)
        wc, kc, gz, wd = wcode[chars], kcode[chars], wgz[chars], wid[chars]
        s17, low17 = np.uint64(17), np.uint64(0x1FFFF)
        is_sur = np.isin(c[0], self.surnames)
        q = {k: self.char_clusters[np.minimum(c[k], CHAR_SLOTS).astype(np.int64)] for k in (-1, 0, 1)}
        s8 = np.uint64(8)
        return np.stack([
            c[0], c[-1], c[1], c[-2], c[2],
            (c[-1] << s21) | c[0], (c[0] << s21) | c[1], (c[-2] << s21) | c[-1], (c[1] << s21) | c[2],
            (c[-1] << s21) | c[1],
            wc, kc, (kc << s21) | c[0], np.where(is_sur, wc, 0).astype(np.uint64),
            np.where(gz, wc, 0).astype(np.uint64),
            ((c[-1] & low17) << np.uint64(34)) | ((c[0] & low17) << s17) | (c[1] & low17),
            wd,
            q[0], q[-1], q[1], (q[-1] << s8) | q[0], (q[0] << s8) | q[1],
            wq_here[chars], wq_prev[chars], wq_next[chars], oh[chars], ph[chars],
        ], axis=1)


def _head_distance(cp: np.ndarray, word_ends: np.ndarray, heads: np.ndarray, stop_at: np.ndarray,
                   pos: np.ndarray) -> np.ndarray:
    """Per character: the bucketed distance to the nearest word end at or after it whose character is
    one of `heads`, with no stop character before it (0: none within reach), with the character's
    place in its word."""
    n = len(cp)
    if not n or not len(heads) or not len(word_ends):
        return np.zeros(n, dtype=np.uint64)
    head_at = np.zeros(n, dtype=bool)
    head_at[word_ends[np.isin(cp[word_ends], heads)]] = True
    idx = np.arange(n)
    big = n + int(OH_BUCKETS[-1]) + 2
    next_head = np.minimum.accumulate(np.where(head_at, idx, big)[::-1])[::-1]
    next_stop = np.minimum.accumulate(np.where(stop_at, idx, big)[::-1])[::-1]
    dist = np.where(next_head < next_stop, next_head - idx, big)
    bucket = (np.searchsorted(OH_BUCKETS, dist, side="left") + 1).astype(np.uint64)
    return np.where(dist <= OH_BUCKETS[-1], bucket * 4 + pos + 1, 0).astype(np.uint64)
