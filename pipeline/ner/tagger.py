"""The Chinese character tagger at run time: a linear-chain CRF (trained with crfsuite by
`make train-ner`) scored and decoded in numpy, so tagging costs a few array operations per document
instead of Python work per character (a string-feature CRF and spaCy's own NER were both measured
several times over the speed budget).

Scoring: every character's keys (one per template) are looked up in one hash table and the
matching weight rows summed. Decoding: Viterbi over clauses (see Decoder).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .features import TEMPLATES

FORMAT = 2  # bump when the file layout or the feature templates change meaning (appending templates does not)
DENSE = {"c0", "c-1", "c+1", "c-2", "c+2", "w", "k", "sur", "gz", "q0", "q-1", "q+1", "q-1q0", "q0q+1", "wq", "wq-1", "wq+1", "oh", "ph"}  # templates with small keys
CLUSTERS = ("char_clusters", "word_cluster_hashes", "word_cluster_ids")
ORG_HEADS, PLACE_HEADS = "org_heads", "place_heads"  # code points (Featurizer.use_org_heads/use_place_heads)
CARRIED = CLUSTERS + (ORG_HEADS, PLACE_HEADS)  # the arrays a model carries for its featurizer
DENSE_SIZE = 1 << 16  # a character of the Basic Multilingual Plane; larger keys (rare) score 0 there


def equip(featurizer, arrays: dict[str, np.ndarray]) -> None:
    """Give the featurizer the clusters and head characters of `arrays` (a model's `clusters`): the
    same data at training and at tagging. Arrays a model lacks (an older model) leave that feature off."""
    if all(k in arrays for k in CLUSTERS):
        featurizer.use_clusters(*(arrays[k] for k in CLUSTERS))
    if ORG_HEADS in arrays:
        featurizer.use_org_heads(arrays[ORG_HEADS])
    if PLACE_HEADS in arrays:
        featurizer.use_place_heads(arrays[PLACE_HEADS])


class ModelError(Exception):
    """The model file is missing, unreadable, or was made for other features."""


@dataclass
class CharModel:
    labels: list[str]
    transitions: np.ndarray  # (L, L): score of label i followed by label j
    keys: list[np.ndarray]  # per template: sorted uint64 keys
    weights: list[np.ndarray]  # per template: (len(keys) + 1, L) float32, the last row zeros
    meta: dict
    # the distributional clusters the features were made with (Featurizer.use_clusters): char_clusters,
    # word_cluster_hashes, word_cluster_ids
    clusters: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | io.BytesIO, name: str | None = None) -> "CharModel":
        name = name or str(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = {k[5:]: z[k].item() if z[k].shape == () else z[k].tolist() for k in z.files if k.startswith("meta_")}
                made_for = tuple(meta.get("templates", ()))
                if meta.get("format") != FORMAT or made_for != TEMPLATES[:len(made_for)] or not made_for:
                    raise ModelError(f"{name} was made for other features (format {meta.get('format')}, this code reads "
                                     f"format {FORMAT}); retrain it with `make train-ner`")
                labels = [str(x) for x in z["labels"].tolist()]
                # a model made before templates were appended has no weights for them
                n = len(made_for)
                keys = [z[f"keys_{i}"] if i < n else np.zeros(0, np.uint64) for i in range(len(TEMPLATES))]
                weights = [np.vstack([z[f"weights_{i}"] if i < n else np.zeros((0, len(labels)), np.float16),
                                      np.zeros((1, len(labels)), np.float32)]) for i in range(len(TEMPLATES))]
                clusters = {k: z[k] for k in CARRIED if k in z.files}
                return cls(labels, z["transitions"].astype(np.float32), keys, weights, meta, clusters)
        except (OSError, ValueError, KeyError) as e:
            raise ModelError(f"cannot read model {name}: {e}") from None

    def save(self, path: Path) -> None:
        """A .npz file with fixed zip timestamps: the same weights make the same bytes."""
        from ..npzfile import save_npz

        arrays = {"labels": np.array(self.labels), "transitions": self.transitions}
        for i in range(len(TEMPLATES)):
            arrays[f"keys_{i}"] = self.keys[i]
            arrays[f"weights_{i}"] = self.weights[i][:-1].astype(np.float16)
        for k, v in self.meta.items():
            arrays[f"meta_{k}"] = np.array(v)
        arrays.update({k: v for k, v in self.clusters.items() if k in CARRIED})
        save_npz(path, arrays)


class KeyTable:
    """A hash table from uint64 keys to row numbers, built and probed with numpy (open addressing,
    linear probing, a quarter full), so a lookup is a couple of array gathers instead of a binary search.
    Key 0 stands for "no feature" and is never stored."""

    MULT = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray):
        n = len(keys)
        self.bits = max(4, int(np.ceil(np.log2(max(1, 4 * n)))))  # a quarter full: short probe runs
        size = 1 << self.bits
        self.mask = np.uint64(size - 1)
        self.slots = np.zeros(size, dtype=np.uint64)
        self.rows = np.zeros(size, dtype=np.int32)
        self.miss = n
        home = self._home(keys)
        pending = np.arange(n)
        step = np.uint64(0)
        while pending.size:
            slot = (home[pending] + step) & self.mask
            empty = self.slots[slot] == 0
            free_slots, first = np.unique(slot[empty], return_index=True)
            winners = pending[empty][first]
            self.slots[free_slots] = keys[winners]
            self.rows[free_slots] = winners
            placed = np.zeros(n, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            step += np.uint64(1)

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return (keys * self.MULT) >> np.uint64(64 - self.bits)

    def lookup(self, q: np.ndarray) -> np.ndarray:
        """Row of every key; `self.miss` for keys not in the table (and for 0)."""
        out = np.full(len(q), self.miss, dtype=np.int64)
        slot = self._home(q)
        active = np.flatnonzero(q != 0)
        while active.size:
            s = slot[active]
            k = self.slots[s]
            hit = k == q[active]
            out[active[hit]] = self.rows[s[hit]]
            active = active[~hit & (k != 0)]
            slot[active] = (slot[active] + np.uint64(1)) & self.mask
        return out


class Decoder:
    """Scores and decodes (Viterbi). Positions the caller knows are outside every entity (the
    tagger passes punctuation) are O, which cuts sentences into clauses; each clause is decoded
    exactly with O on both sides, all clauses of a document at once, longest first, so each step
    works only on the clauses still running."""

    def __init__(self, model: CharModel):
        self.model = model
        self.T = model.transitions.astype(np.float32)
        self.outside = model.labels.index("O")
        L = len(model.labels)
        # templates whose keys are small (a character, a word class): a dense table indexed by the
        # key; the rest (pairs, words) share one hash table, the template's number in the top bits
        self.dense: list[tuple[int, np.ndarray]] = []
        hashed = []
        for i, (k, w) in enumerate(zip(model.keys, model.weights)):
            if not len(k):  # a template the model has no weights for is not looked up at all
                continue
            if TEMPLATES[i] in DENSE and int(k.max()) < DENSE_SIZE:
                table = np.zeros((DENSE_SIZE + 1, L), np.float32)
                table[k.astype(np.int64)] = w[:-1]
                self.dense.append((i, table))
            else:
                hashed.append(i)
        self.hashed = hashed
        keys = [model.keys[i] | (np.uint64(i) << np.uint64(58)) for i in hashed]
        self.table = KeyTable(np.concatenate(keys) if keys else np.zeros(0, np.uint64))
        self.weights = np.vstack([model.weights[i][:-1] for i in hashed] + [np.zeros((1, L), np.float32)])

    def scores(self, keys: np.ndarray) -> np.ndarray:
        """(n, L) emission scores: the sum of the weight rows of every character's keys."""
        n = keys.shape[0]
        E = np.zeros((n, len(self.model.labels)), np.float32)
        for i, table in self.dense:
            E += table[np.minimum(keys[:, i], DENSE_SIZE).astype(np.int64)]
        if self.hashed:
            h = keys[:, self.hashed]
            tagged = h | (np.array(self.hashed, dtype=np.uint64) << np.uint64(58))[None, :]
            tagged[h == 0] = 0
            rows = self.table.lookup(tagged.ravel())
            E += self.weights[rows].reshape(n, len(self.hashed), -1).sum(axis=1)
        return E

    def decode(self, E: np.ndarray, lengths: list[int], outside: np.ndarray | None = None) -> np.ndarray:
        """Best label index of every position; `lengths` cut E into independent sequences, and the
        positions of `outside` (punctuation) are O, which cuts them further: each piece between
        them is decoded exactly with O on both sides."""
        n, L = E.shape
        o = self.outside
        out = np.full(n, o, dtype=np.int64)
        if n == 0:
            return out
        free = np.ones(n, dtype=bool) if outside is None else ~outside
        if not free.any():
            return out
        seq_start = np.zeros(n, dtype=bool)
        seq_start[np.cumsum([0] + lengths[:-1])] = True
        seq_end = np.zeros(n, dtype=bool)
        seq_end[np.cumsum(lengths) - 1] = True
        # stretches of free positions, each between O positions (or a sequence edge), longest first:
        # at step j only the stretches longer than j are worked on (no padding work)
        starts = np.flatnonzero(free & (seq_start | np.r_[True, ~free[:-1]]))
        stops = np.flatnonzero(free & (seq_end | np.r_[~free[1:], True])) + 1
        order = np.argsort(starts - stops, kind="stable")
        starts, stops = starts[order], stops[order]
        span = stops - starts
        k, M = len(starts), int(span[0])
        active = np.searchsorted(-span, -np.arange(M), side="left")  # active[j]: stretches longer than j
        T = self.T
        first_open = ~seq_start[starts]
        delta = E[starts] + np.where(first_open[:, None], T[o][None, :], 0)
        back = np.zeros((M, k, L), dtype=np.int8)
        Es = E[np.minimum(starts[None, :] + np.arange(M)[:, None], n - 1)]  # (M, k, L), row j: j-th of each
        Tb = T[None, :, :]
        for j in range(1, M):
            c = active[j]
            cand = delta[:c, :, None] + Tb  # (c, from, to)
            back[j, :c] = cand.argmax(axis=1)
            delta[:c] = cand.max(axis=1) + Es[j, :c]
        last_open = ~seq_end[stops - 1]
        y = (delta + np.where(last_open[:, None], T[:, o][None, :], 0)).argmax(axis=1)
        out[stops - 1] = y
        # y holds each stretch's label at the position being walked back from (its last one first)
        for j in range(M - 1, 0, -1):
            c = active[j]
            y[:c] = back[j, np.arange(c), y[:c]]
            out[starts[:c] + j - 1] = y[:c]
        return out


def spans(labels: list[str], tags: np.ndarray, offsets: np.ndarray) -> list[tuple[int, int, str]]:
    """BIOES tags -> (start, end, type) over text offsets; a stray I/E opens a span as B would, and
    a gap in the offsets (a sentence boundary) closes one. Only the tagged positions are visited."""
    out: list[tuple[int, int, str]] = []
    outside = labels.index("O")
    cur = None
    for i in np.flatnonzero(tags != outside).tolist():
        p, _, typ = labels[tags[i]].partition("-")
        off = int(offsets[i])
        if cur and (off != cur[1] or p in ("B", "S") or typ != cur[2]):
            out.append((cur[0], cur[1], cur[2]))
            cur = None
        if cur is None:
            cur = [off, off + 1, typ]
        else:
            cur[1] = off + 1
        if p in ("E", "S"):
            out.append((cur[0], cur[1], cur[2]))
            cur = None
    if cur:
        out.append((cur[0], cur[1], cur[2]))
    return out
