"""spaCy components of the entity pipelines, registered as factories.

spaCy configs hold only small settings, so a component gets its built data (lexicons, the tagger)
from `SHARED`, under the key the stage puts in the component's config. Components add candidates
(start, end, label, priority) to `doc.user_data["newsclean.candidates"]`, at character offsets:
the Chinese tagger finds entities inside jieba's words (中美 -> 中, 美), which token spans cannot hold.
`newsclean_resolve` keeps the best non-overlapping candidates in `doc.user_data["newsclean.entities"]`
(doc.ents stays empty: setting it costs more than all the rules, and loses the spans inside a token).
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.language import Language

from .zh_rules import MODEL

SHARED: dict[str, Any] = {}
CANDIDATES = "newsclean.candidates"
TEXT = "newsclean.text"  # the text, kept: spaCy's doc.text joins every token again on each call
ENTITIES = "newsclean.entities"


def text_of(doc) -> str:
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def candidates(doc) -> list:
    return doc.user_data.setdefault(CANDIDATES, [])


WORDS = "newsclean.words"


def words_of(doc, featurizer):
    """The doc's words as arrays (lexicon class, gazetteer flag), computed once per doc."""
    words = doc.user_data.get(WORDS)
    if words is None:
        words = doc.user_data[WORDS] = featurizer.spacy_words(doc)
    return words


class ZhTaggerComponent:
    def __init__(self, key: str):
        self.tagger = SHARED[key]

    def __call__(self, doc):
        found = candidates(doc)
        for s, e, label in self.tagger.tag(text_of(doc), words_of(doc, self.tagger.featurizer)):
            found.append((s, e, label, MODEL))
        return doc


class ZhRulesComponent:
    def __init__(self, key: str):
        self.rules, self.featurizer = SHARED[key]

    def __call__(self, doc):
        text = text_of(doc)
        found = candidates(doc)
        found += self.rules.organisations(text)
        words = words_of(doc, self.featurizer)
        for i in np.flatnonzero(words.places).tolist():
            s = int(words.starts[i])
            found.append((s, s + int(words.lengths[i]), "GPE", 1))
        found += self.rules.division_names(text)
        longer = (words.lengths > 1) & ~words.places  # words that are not places (深化, 日记), by start
        found += self.rules.abbreviations(text, frozenset(words.starts[longer].tolist()))
        found += self.rules.titled_names(text)
        found += self.rules.eponym_names(text)
        found += self.rules.surname_titles(text)
        return doc


class EnRulesComponent:
    def __init__(self, key: str):
        self.rules = SHARED[key]

    def __call__(self, doc):
        candidates(doc).extend(self.rules.find(doc))
        return doc


class ResolveComponent:
    """Keep the best candidates that do not overlap: higher priority first, then longer, then
    earlier; a longer organisation or place name replaces the names inside it (邯郸市人民政府 over
    邯郸市, 联合国安理会 over 联合国). Then every other occurrence of a kept name gets the same label
    (a name the tagger saw in one context is the same name in another). Stoplist words never count,
    nor (Chinese) a span ending in a digit: the tagger's 邯郸市2021 from 邯郸市2021年."""

    def __init__(self, key: str):
        self.stoplist, self.max_container, self.zh_rules = SHARED[key]  # zh_rules: None for English

    def __call__(self, doc):
        text = text_of(doc)
        stop = self.stoplist
        found = []
        for c in doc.user_data.pop(CANDIDATES, []):
            if self.zh_rules is not None:
                c = _tidy_zh(text, c, self.zh_rules.leading_verb)
                if c is None:
                    continue
                if c[3] == MODEL:
                    c = (c[0], c[1], self.zh_rules.title_person(text, c[0], c[1], c[2]), c[3])
                if c[2] == "PERSON":
                    c = (*self.zh_rules.person_span(text, c[0], c[1]), *c[2:])
            if c[1] > c[0] and text[c[0]:c[1]].strip() == text[c[0]:c[1]] and text[c[0]:c[1]] not in stop:
                found.append(c)
        found.sort(key=lambda c: (-c[3], -(c[1] - c[0]), c[0]))
        owner = [None] * (len(text) + 1)  # which kept candidate covers each character
        kept: dict[int, tuple[int, int, str]] = {}
        for n, (s, e, label, _) in enumerate(found):
            inside = {owner[i] for i in range(s, e) if owner[i] is not None}
            if inside:
                if label not in ("ORG", "GPE", "LOC") or e - s > self.max_container:
                    continue
                if not all(s <= kept[k][0] and kept[k][1] <= e and kept[k][1] - kept[k][0] < e - s for k in inside):
                    continue
                for k in inside:
                    del kept[k]
            kept[n] = (s, e, label)
            for i in range(s, e):
                owner[i] = n
        spans = sorted(kept.values())
        # the same name elsewhere in the text, but not from inside an everyday word (中国 in 发展中国家)
        cover = None
        extra = []
        # longest names first (中国扶贫基金会 before 中国), then in a fixed order: never set order,
        # which changes with the process's hash seed
        for name, label in sorted({(text[s:e], label) for s, e, label in spans if e - s >= 2},
                                  key=lambda x: (-len(x[0]), x[0], x[1])):
            pos = text.find(name)
            if pos != -1 and cover is None:
                cover = _common_word_cover(doc.user_data.get(WORDS), len(text))
            while pos != -1:
                end = pos + len(name)
                if all(owner[i] is None for i in range(pos, end)) and _whole(text, pos, end) and not _inside_a_word(cover, pos, end):
                    extra.append((pos, end, label))
                    for i in range(pos, end):
                        owner[i] = -1
                pos = text.find(name, end)
        spans = sorted(spans + extra)
        doc.user_data.pop(WORDS, None)
        doc.user_data[ENTITIES] = spans  # not doc.ents: spans inside a token (中美) are kept, and it is cheaper
        return doc


def _common_word_cover(words, n: int) -> np.ndarray:
    """For each character, the (start, end) of the everyday word of jieba's lexicon (class 1) it lies
    in, or (-1, -1). No words (English): none."""
    cover = np.full((n + 1, 2), -1, dtype=np.int64)
    if words is None:
        return cover
    common = (words.classes == 1) & (words.lengths > 1)
    starts, lengths = words.starts[common], words.lengths[common]
    word = np.repeat(np.arange(len(starts)), lengths)  # the word of each covered character
    chars = starts[word] + np.arange(len(word)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    cover[chars, 0] = starts[word]
    cover[chars, 1] = starts[word] + lengths[word]
    return cover


def _inside_a_word(cover: np.ndarray, s: int, e: int) -> bool:
    """Whether [s, e) lies inside one everyday word, after its first character: 中国 in 发展中国家,
    太阳 in 晒太阳; not 小花 in 从小|花 (two words), nor 湖南 in 湖南人 (the word starts with the name)."""
    ws, we = cover[s].tolist()
    return 0 <= ws < s and e <= we


ZH_LEADING = re.compile(r"[0-9０-９]+年(?=[\u4e00-\u9fff])")
ZH_NAME_CHARS = re.compile(r"^[\u3400-\u9fff0-9０-９A-Za-zＡ-Ｚａ-ｚ·・•（）()－\-]+$")


def _tidy_zh(text: str, c, leading_verb: re.Pattern | None = None):
    """A Chinese candidate without a leading year (2008年国务院) or a match's verb (逼平四川全兴队) or
    a person's closing 氏 (杜氏), None when it starts with a number or ends in a digit (2032有所,
    邯郸市2021), holds a character no name has (了: 宝马收购了罗威汽车公司), or is longer than any name."""
    s, e, label, prio = c
    if label in ("ORG", "GPE", "LOC"):
        for leading in (ZH_LEADING, leading_verb):
            m = leading.match(text, s, e) if leading is not None else None
            if m:
                s = m.end()
    if label == "PERSON" and 2 <= e - s <= 3 and text[e - 1] == "氏":
        e -= 1  # 杜氏, 伏羲氏: the family name is the person (as the People's Daily NER data marks it)
    span = text[s:e]
    if (not span or span[-1].isdigit() or len(span) > 24 or not ZH_NAME_CHARS.match(span) or "了" in span
            or (len(span) > 1 and span[0].isdigit() and span[1].isdigit())):
        return None
    return (s, e, label, prio)


def _whole(text: str, s: int, e: int) -> bool:
    """A Latin-script name must not start or end inside a word (Li in Lin)."""
    if not text[s].isascii():
        return True
    return not ((s and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()))


@Language.factory("newsclean_zh_tagger", default_config={"key": ""})
def make_zh_tagger(nlp, name, key: str):
    return ZhTaggerComponent(key)


@Language.factory("newsclean_zh_rules", default_config={"key": ""})
def make_zh_rules(nlp, name, key: str):
    return ZhRulesComponent(key)


@Language.factory("newsclean_en_rules", default_config={"key": ""})
def make_en_rules(nlp, name, key: str):
    return EnRulesComponent(key)


@Language.factory("newsclean_resolve", default_config={"key": ""})
def make_resolve(nlp, name, key: str):
    return ResolveComponent(key)
