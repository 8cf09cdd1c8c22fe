"""`newsclean bench`: a seeded corpus, the passes over it, and the comparison table.

- `corpus`: N articles built from the samples in raw/ and the texts in ../shared/eval/ (Chinese
  Simplified and Traditional, English), with the damage and boilerplate real scrapes have.
- `peer`: the naive peer the issue compares against (ftfy defaults -> OpenCC t2s -> jieba posseg
  as NER), and the I/O floor (read, decode, write JSONL, nothing else).
- `passes`: one measured pass, run in a fresh process so that its memory and models are its own.
- `report`: the table and the JSON.
"""
