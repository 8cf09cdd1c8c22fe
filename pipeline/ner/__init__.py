"""Entities and the Chinese tagger behind them (issue 6).

- `corpus`: the PFR People's Daily 1998 corpus -> sentences with PERSON/GPE/ORG spans, the
  conversion decided by configs/entities/train_zh.toml; evaluation splits held out; the NER
  data's hand-annotated dev split read as it is (`read_bio`).
- `features`: per-character integer feature keys (characters, pairs, jieba word position and
  lexicon class, surnames, the place gazetteer, the word itself), one code path for training
  and tagging.
- `train`: `make train-ner` (crfsuite L-BFGS, fixed order) -> models/ner_zh.npz.
- `tagger`: the model file, a numpy hash table for scoring and an exact Viterbi over clauses.
- `zh`: sentences -> spans with the tagger.
- `zh_rules`, `en_rules`: the rule finders (organisations from parts, gazetteers, names by
  titles and shapes); data in configs/entities/ and configs/officials/.
- `components`: the spaCy factories the entities stage puts in its pipelines, and the
  resolution of overlapping candidates.
- `lexicons`: reading the data files through the stage context (hashed into the config digest).
- `floor`, `speed`: the jieba-posseg floor and the stages' CPU time per MB (`make eval-ner`).
"""
