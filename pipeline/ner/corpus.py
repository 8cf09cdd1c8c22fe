"""Training material for the Chinese tagger: the PFR People's Daily January 1998 corpus, turned into
sentences with PERSON/GPE/ORG character spans, minus every sentence that occurs in an evaluation
split; and the People's Daily NER dev split as annotated (`read_bio`), which `make train-ner` adds.

The corpus is segmented and POS-tagged, not NER-annotated, so the spans are derived (see
`../shared/eval/peoples_daily_1998_pos/PROVENANCE.md` and configs/entities/train_zh.toml):
  - `nr` tokens are names; a surname and its given name are separate tokens (`江/nr 泽民/nr`) and
    lists of names run on without a separator (`江/nr 泽民/nr 李/nr 鹏/nr`), so a run of nr tokens is
    cut before a surname once the name so far has two parts;
  - `ns` and `[...]ns` are places (GPE), `nt` and `[...]nt` organisations (ORG), except a bracket of
    a place and 政府 (中国政府 is a mention of China);
  - `j` (abbreviations) says nothing about the kind: `中/j 美/j` are countries, `欧盟/j 政协/j` are
    organisations, `经贸/j 人均/j` neither; the lists in the training config decide, and adjacent
    organisation abbreviations make one organisation (省人大/j 常委会/j);
  - a few organisation nouns tagged plain `n` (市委, 国会) are organisations;
  - a frequent name at the start of a longer word is a name (邓小平理论/n), a place abbreviation
    after a verb of coming and going is a place (访华/v), and 中华/nz is a place.
The People's Daily NER data the tagger is measured on marks some things its own way; the
conversion follows it (each measured on the NER dev split, never on a test split):
  - a run of one-character abbreviations is one place per character (青藏/j -> 青 藏), and a place
    bracket ending in 地区 or 高原 is its places alone ([青藏/j 高原/n]ns -> 青 藏);
  - a place before another place at the start of a bracket is a place of its own
    ([吉林/ns 东丰县/ns 第五/m 中学/n]nt -> 吉林 + 东丰县第五中学);
  - words led by a place's abbreviation mark that character (京剧 -> 京, 华侨 -> 华, 中方 -> 中),
    regions tagged `s` (东北) and a few nouns (地球, 特区) are places, armies and 省委 organisations,
    a paper in title marks an organisation (《人民日报》), a familiar name is its surname
    (老张, 侯老, 张某, 胡氏 -> 张, 侯, 张, 胡), and 马列 is two people (马, 列).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

TOKEN = re.compile(r"^(\[)?(.+?)/([A-Za-z]+)(?:\]([A-Za-z]+))?$")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
LABELS = {"nt": "ORG", "ns": "GPE"}


@dataclass
class Sentence:
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, label), sorted, not overlapping
    source: str = ""  # the corpus id of its paragraph


@dataclass
class Conversion:
    """What decides the labels the corpus does not give (see configs/entities/train_zh.toml)."""
    surnames: set[str] = field(default_factory=set)
    place_abbrevs: set[str] = field(default_factory=set)
    org_abbrevs: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)
    place_government_words: set[str] = field(default_factory=set)
    min_name_count: int = 3
    place_after_verbs: set[str] = field(default_factory=set)
    nz_places: set[str] = field(default_factory=set)
    place_heads: set[str] = field(default_factory=set)
    region_words: set[str] = field(default_factory=set)
    place_prefixed: dict[str, int] = field(default_factory=dict)  # word -> length of its place prefix
    noun_places: set[str] = field(default_factory=set)
    name_prefixes: set[str] = field(default_factory=set)
    name_suffixes: set[str] = field(default_factory=set)
    paper_endings: tuple[str, ...] = ()
    person_initials: tuple[str, ...] = ()
    place_bodies: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # filled by a first pass over the corpus

    @classmethod
    def from_toml(cls, data: dict, surnames: set[str]) -> "Conversion":
        words = lambda key: set(str(data.get(key, "")).split())  # noqa: E731
        return cls(surnames, words("place_abbrevs"), words("org_abbrevs"), words("org_words"),
                   words("place_government_words"), int(data.get("min_name_count", 3)),
                   words("place_after_verbs"), words("nz_places"), words("generic_place_heads"),
                   words("region_words"), prefixed(words("place_prefixed_words")), words("noun_places"),
                   words("name_prefixes"), words("name_suffixes"), tuple(sorted(words("paper_endings"))),
                   tuple(sorted(words("person_initials"), key=len, reverse=True)), words("place_bodies"))

    def place_body(self, word: str) -> bool:
        """代表团, 公安局, 足球队: a body that makes one organisation with the place before it."""
        return word in self.place_bodies or (len(word) >= 3 and word.endswith("队") and "队" in self.place_bodies)

    def abbrev_run(self, word: str) -> bool:
        """青藏, 黄淮, 港澳台: every character a place's one-character abbreviation (each is a place)."""
        return 2 <= len(word) <= 4 and all(ch in self.place_abbrevs for ch in word)


@dataclass
class Token:
    word: str
    tag: str
    start: int
    end: int
    opens: bool = False
    closes: str | None = None  # the bracket's tag, on its last token


def prefixed(entries: set[str]) -> dict[str, int]:
    """`京剧` -> {京剧: 1}; `中华|民族` -> {中华民族: 2}: the place is the part before the bar, or the first character."""
    return {e.replace("|", ""): e.index("|") if "|" in e else 1 for e in entries}


def fold(text: str) -> str:
    """The key sentences are compared on: NFKC, no whitespace (corpora differ in width and spacing)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def tokens_of(line: str) -> tuple[str, list[Token]] | None:
    parts = [p for p in line.strip().split("  ") if p]
    if len(parts) < 2:
        return None
    out, pos = [], 0
    for part in parts[1:]:
        m = TOKEN.match(part)
        opening, word, tag, bracket = m.groups() if m else (None, part, "x", None)
        out.append(Token(word, tag, pos, pos + len(word), bool(opening), bracket))
        pos += len(word)
    return parts[0].rsplit("/", 1)[0], out


def name_groups(words: list[str], surnames: set[str]) -> list[tuple[int, int]]:
    """Cut a run of nr tokens into names: `江 泽民 李 鹏` -> (0, 2), (2, 4); `桥本 龙太郎` -> (0, 2)."""
    groups, start = [], 0
    for i in range(1, len(words)):
        if i - start >= 2 and words[i] in surnames and i + 1 < len(words):
            groups.append((start, i))
            start = i
    groups.append((start, len(words)))
    return groups


def person_runs(tokens: list[Token], surnames: set[str]) -> list[tuple[int, int]]:
    """(first, last+1) token indexes of the names outside brackets."""
    out, i, depth = [], 0, False
    while i < len(tokens):
        t = tokens[i]
        depth = depth or t.opens
        if t.tag == "nr" and not depth:
            j = i
            while j < len(tokens) and tokens[j].tag == "nr" and not tokens[j].opens:
                j += 1
            out += [(i + a, i + b) for a, b in name_groups([x.word for x in tokens[i:j]], surnames)]
            i = j
            continue
        if t.closes:
            depth = False
        i += 1
    return out


def count_names(lines: Iterable[str], surnames: set[str]) -> Counter:
    names: Counter = Counter()
    for line in lines:
        parsed = tokens_of(line)
        if parsed:
            toks = parsed[1]
            for a, b in person_runs(toks, surnames):
                names["".join(t.word for t in toks[a:b])] += 1
    return names


def paragraph_spans(tokens: list[Token], conv: Conversion) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for a, b in person_runs(tokens, conv.surnames):
        s, e = tokens[a].start, tokens[b - 1].end
        word = tokens[a].word
        if b - a == 1 and len(word) == 2:  # 老张/nr, 侯老/nr, 张某/nr: the NER data marks the surname alone
            if word[0] in conv.name_prefixes and word[1] in conv.surnames:
                s += 1
            elif word[1] in conv.name_suffixes and word[0] in conv.surnames:
                e -= 1
        spans.append((s, e, "PERSON"))
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.opens:  # a bracketed compound: one span, or its parts for a place's government
            j = i
            while j < len(tokens) - 1 and not tokens[j].closes:
                j += 1
            inner, label = tokens[i:j + 1], LABELS.get(tokens[j].closes or "")
            if label:  # [吉林/ns 东丰县/ns 第五/m 中学/n]nt: a place before another place is a place of its own
                while len(inner) > 1 and inner[0].tag == "ns" and inner[1].tag == "ns":
                    spans.append((inner[0].start, inner[0].end, "GPE"))
                    inner = inner[1:]
                t = inner[0]
            if (label == "ORG" and len(inner) == 2 and inner[0].tag == "ns"
                    and inner[1].word in conv.place_government_words):
                spans.append((inner[0].start, inner[0].end, "GPE"))
            elif label == "GPE" and inner[-1].word in conv.place_heads:
                # [青藏/j 高原/n]ns, [黄淮/j 地区/n]ns: the places named, not the area word
                for x in inner[:-1]:
                    if x.tag == "j" and conv.abbrev_run(x.word):
                        spans += [(k, k + 1, "GPE") for k in range(x.start, x.end)]
                    elif x.tag == "ns" or (x.tag == "j" and x.word in conv.place_abbrevs):
                        spans.append((x.start, x.end, "GPE"))
            elif label:
                spans.append((t.start, tokens[j].end, label))
            elif all(x.tag == "j" for x in inner) and inner[-1].word in conv.org_abbrevs:
                spans.append((t.start, tokens[j].end, "ORG"))  # [中共/j 十五大/j]nz
            else:  # ]nz, ]i, ]l: not an entity as a whole; its places still are
                spans += [(x.start, x.end, LABELS[x.tag]) for x in inner if x.tag in LABELS]
            i = j + 1
            continue
        label = LABELS.get(t.tag)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (t.tag == "ns" and nxt is not None and nxt.tag == "n" and not nxt.opens and not nxt.closes
                and conv.place_body(nxt.word)):
            spans.append((t.start, nxt.end, "ORG"))  # 美国/ns 代表团/n: one organisation, as the NER data marks it
            i += 2
            continue
        if t.tag == "j" and conv.abbrev_run(t.word):
            spans += [(k, k + 1, "GPE") for k in range(t.start, t.end)]  # 青藏 -> 青, 藏
            label = None
        elif t.tag != "nr" and any(t.word.startswith(w) for w in conv.person_initials):
            w = next(w for w in conv.person_initials if t.word.startswith(w))
            spans += [(k, k + 1, "PERSON") for k in range(t.start, t.start + len(w))]  # 马列主义 -> 马, 列
            label = None
        elif t.word in conv.place_prefixed and t.tag not in LABELS:
            spans.append((t.start, t.start + conv.place_prefixed[t.word], "GPE"))  # 京剧 -> 京, 中华民族 -> 中华
            label = None
        elif (t.tag == "s" and t.word in conv.region_words) or (t.tag == "n" and t.word in conv.noun_places):
            label = "GPE"  # 东北, 西北; 地球, 特区
        elif t.tag == "j":
            label = "GPE" if t.word in conv.place_abbrevs else "ORG" if t.word in conv.org_abbrevs else None
        elif t.tag == "n" and t.word in conv.org_words:
            label = "ORG"
        elif t.tag == "nz" and t.word in conv.nz_places:
            label = "GPE"
        elif t.tag not in LABELS and len(t.word) == 2 and t.word[0] in conv.place_after_verbs and t.word[1] in conv.place_abbrevs:
            spans.append((t.start + 1, t.end, "GPE"))  # 访华 -> 华
        elif t.tag in ("n", "nz") and conv.names:
            for k in range(min(4, len(t.word) - 1), 1, -1):  # 邓小平理论 -> 邓小平
                if t.word[:k] in conv.names:
                    spans.append((t.start, t.start + k, "PERSON"))
                    break
        if label:
            if (label == "ORG" and t.tag == "j" and spans and spans[-1][2] == "ORG" and spans[-1][1] == t.start
                    and i and tokens[i - 1].tag == "j"):
                spans[-1] = (spans[-1][0], t.end, "ORG")  # 省人大/j 常委会/j
            else:
                spans.append((t.start, t.end, label))
        i += 1
    return sorted(_papers(tokens, spans, conv))


def _papers(tokens: list[Token], spans: list[tuple[int, int, str]], conv: Conversion) -> list[tuple[int, int, str]]:
    """《人民日报》, 《华盛顿邮报》: a paper named in title marks is an organisation (the NER data's
    convention), taking the place right before the marks with them (美国《新英格兰医学杂志》)."""
    if not conv.paper_endings:
        return spans
    for i, t in enumerate(tokens):
        if t.word != "《":
            continue
        j = next((k for k in range(i + 2, min(i + 8, len(tokens))) if tokens[k].word in "《》"), None)
        if j is None or tokens[j].word != "》":
            continue
        if not "".join(x.word for x in tokens[i + 1:j]).endswith(conv.paper_endings):
            continue
        s, e = tokens[i + 1].start, tokens[j - 1].end
        if i and tokens[i - 1].tag == "ns" and not tokens[i - 1].closes:
            s, e = tokens[i - 1].start, tokens[j].end
        spans = [x for x in spans if x[1] <= s or x[0] >= e] + [(s, e, "ORG")]
    return spans


def split_sentences(source: str, text: str, spans: list[tuple[int, int, str]]) -> Iterator[Sentence]:
    """Cut a paragraph after 。！？； (never inside a span)."""
    cuts = [m.start() for m in SENTENCE_END.finditer(text)]
    bounds, start = [], 0
    for c in cuts + [len(text)]:
        if c > start and not any(s < c < e for s, e, _ in spans):
            bounds.append((start, c))
            start = c
    for a, b in bounds:
        seg = text[a:b]
        if seg.strip():
            yield Sentence(seg, [(s - a, e - a, lab) for s, e, lab in spans if a <= s and e <= b], source)


def read_pfr(path: Path, conv: Conversion) -> Iterator[Sentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    names = count_names(lines, conv.surnames)
    conv.names = {n for n, c in names.items() if c >= conv.min_name_count and len(n) >= 2}
    for line in lines:
        parsed = tokens_of(line)
        if parsed:
            source, toks = parsed
            yield from split_sentences(source, "".join(t.word for t in toks), paragraph_spans(toks, conv))


def bio_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    """The sentences of a char-per-line BIO file (`char<space or tab>tag`, blank line between), each
    as its text and its characters' tags."""
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                parts = line.split()
                chars.append(line[0])
                tags.append(parts[-1] if len(parts) > 1 else "O")
            elif chars:
                yield "".join(chars), tags
                chars, tags = [], []
    if chars:
        yield "".join(chars), tags


def bio_sentences(path: Path) -> Iterator[str]:
    """The sentence texts of a char-per-line BIO file."""
    return (text for text, _ in bio_rows(path))


BIO_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}  # the NER data's classes as the tagger's labels


def read_bio(path: Path, source: str = "") -> Iterator[Sentence]:
    """Sentences of a char-per-line BIO file with their PER/LOC/ORG spans as the tagger's labels
    (LOC is GPE, as the conversion labels `ns`)."""
    for text, tags in bio_rows(path):
        spans, start, label = [], None, ""
        for i, tag in enumerate(tags + ["O"]):
            if start is not None and not tag.startswith("I-"):
                if label in BIO_LABELS:
                    spans.append((start, i, BIO_LABELS[label]))
                start = None
            if tag.startswith("B-"):
                start, label = i, tag[2:]
        yield Sentence(text, spans, source)


class HeldOut:
    """The evaluation splits' sentences, to keep out of training: a training sentence goes when it
    equals one of them, or shares a run of `window` characters with one (a clause, a quotation: the
    corpora cut sentences differently). Compared folded (NFKC, no whitespace)."""

    def __init__(self, paths: Iterable[Path], window: int = 20):
        self.window = window
        self.sentences: set[str] = set()
        self.windows: set[str] = set()
        for path in paths:
            for sent in bio_sentences(path):
                k = fold(sent)
                self.sentences.add(k)
                self.windows.update(k[i:i + window] for i in range(len(k) - window + 1))

    def __contains__(self, text: str) -> bool:
        k, w = fold(text), self.window
        return k in self.sentences or any(k[i:i + w] in self.windows for i in range(len(k) - w + 1))


def without_held_out(sentences: Iterable[Sentence], held_out: HeldOut, dropped: list[Sentence]) -> Iterator[Sentence]:
    for s in sentences:
        if s.text in held_out:
            dropped.append(s)
        else:
            yield s
