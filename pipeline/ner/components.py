"""spaCy components of the entity pipelines, registered as factories.

spaCy configs hold only small settings, so a component gets its built data (lexicons, the tagger)
from `SHARED`, under the key the stage puts in the component's config. Components add candidates
(start, end, label, priority) to `doc.user_data["newsclean.candidates"]`, at character offsets:
the Chinese tagger finds entities inside jieba's words (中美 -> 中, 美), which token spans cannot hold.
`newsclean_resolve` keeps the best non-overlapping candidates in `doc.user_data["newsclean.entities"]`
and sets `doc.ents` to those that fall on token boundaries.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from spacy.language import Language

SHARED: dict[str, Any] = {}
CANDIDATES = "newsclean.candidates"
ENTITIES = "newsclean.entities"


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
        for s, e, label in self.tagger.tag(doc.text, words_of(doc, self.tagger.featurizer)):
            found.append((s, e, label, 2))
        return doc


class ZhRulesComponent:
    def __init__(self, key: str):
        self.rules, self.featurizer = SHARED[key]

    def __call__(self, doc):
        text = doc.text
        found = candidates(doc)
        found += self.rules.organisations(text)
        words = words_of(doc, self.featurizer)
        for i in np.flatnonzero(words.places).tolist():
            s = int(words.starts[i])
            found.append((s, s + int(words.lengths[i]), "GPE", 1))
        found += self.rules.division_names(text)
        found += self.rules.titled_names(text)
        return doc


class EnRulesComponent:
    def __init__(self, key: str):
        self.rules = SHARED[key]

    def __call__(self, doc):
        candidates(doc).extend(self.rules.find(doc))
        return doc


class ResolveComponent:
    """Keep the best candidates that do not overlap: higher priority first, then longer, then earlier;
    drop the words of the stoplist."""

    def __init__(self, key: str):
        self.stoplist = SHARED[key]

    def __call__(self, doc):
        text = doc.text
        found = [c for c in doc.user_data.pop(CANDIDATES, []) if c[1] > c[0] and text[c[0]:c[1]].strip() == text[c[0]:c[1]]
                 and text[c[0]:c[1]] not in self.stoplist]
        found.sort(key=lambda c: (-c[3], -(c[1] - c[0]), c[0]))
        taken = bytearray(len(text) + 1)
        kept = []
        for s, e, label, _ in found:
            if not any(taken[s:e]):
                taken[s:e] = b"\x01" * (e - s)
                kept.append((s, e, label))
        kept.sort()
        doc.user_data.pop(WORDS, None)
        doc.user_data[ENTITIES] = kept
        spans = [doc.char_span(s, e, label=label) for s, e, label in kept]
        doc.set_ents([sp for sp in spans if sp is not None])
        return doc


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
