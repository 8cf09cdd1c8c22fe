"""Chinese statistical NER: sentences -> features -> CRF scores -> spans (PERSON/GPE/ORG)."""
from __future__ import annotations

import re
import numpy as np

from .features import Featurizer, Words
from .tagger import CharModel, Decoder, equip, spans

PUNCTUATION = "，、；：。！？,;:!?…"
SENTENCE = re.compile(r"[^\n。！？!?；;]+[。！？!?；;]*")


class ChineseTagger:
    def __init__(self, model: CharModel, featurizer: Featurizer):
        self.model = model
        self.decoder = Decoder(model)
        self.featurizer = featurizer
        equip(featurizer, model.clusters)
        # characters no entity contains: the decoder takes them as O, cutting sentences into clauses
        self.punctuation = np.array(sorted(map(ord, PUNCTUATION)), dtype=np.uint64)

    def tag(self, text: str, words: Words) -> list[tuple[int, int, str]]:
        """(start, end, label) of the entities in `text`, given its words (Featurizer.words/spacy_words)."""
        sentences = [m.span() for m in SENTENCE.finditer(text) if m.group().strip()]
        if not sentences:
            return []
        keys = self.featurizer.keys(text, sentences, words)
        offsets = np.concatenate([np.arange(s, e) for s, e in sentences])
        E = self.decoder.scores(keys)
        outside = np.isin(keys[:, 0], self.punctuation)  # template 0 is the character itself
        tags = self.decoder.decode(E, [e - s for s, e in sentences], outside)
        return spans(self.model.labels, tags, offsets)
