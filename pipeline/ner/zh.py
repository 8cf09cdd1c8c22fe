"""Chinese statistical NER: sentences -> features -> CRF scores -> spans (PERSON/GPE/ORG)."""
from __future__ import annotations

import re
import numpy as np

from .features import Featurizer, Words
from .tagger import CharModel, Decoder, spans

SENTENCE = re.compile(r"[^\n。！？!?；;]+[。！？!?；;]*")


class ChineseTagger:
    def __init__(self, model: CharModel, featurizer: Featurizer, certain_o: float = 4.0):
        self.model = model
        self.decoder = Decoder(model, certain_o)
        self.featurizer = featurizer

    def tag(self, text: str, words: Words) -> list[tuple[int, int, str]]:
        """(start, end, label) of the entities in `text`, given its words (Featurizer.words/spacy_words)."""
        sentences = [m.span() for m in SENTENCE.finditer(text) if m.group().strip()]
        if not sentences:
            return []
        keys = self.featurizer.keys(text, sentences, words)
        offsets = np.concatenate([np.arange(s, e) for s, e in sentences])
        E = self.decoder.scores(keys)
        tags = self.decoder.decode(E, [e - s for s, e in sentences])
        return spans(self.model.labels, tags, offsets)
