"""The repair stage's rules: each undoes one kind of encoding damage and records itself under its name.

Order matters and is the stage's (`pipeline/stages/repair.py`): byte-level re-decodings first, while
the damage is still exactly what a wrong decoder made of the bytes (ftfy would half-fix GBK read as
latin-1 into something nobody can undo); then ftfy for the Western mix-ups it knows; then the
misaligned double-byte runs, which use the pinyin annotations; then the annotations themselves; last,
what is lost for good is removed and flagged.

- `mojibake`: GBK read as latin-1/cp1252, UTF-8 read as GBK, Big5 read as GBK, UTF-8 read as Big5;
- `ftfyfix`: ftfy with settings that leave Chinese punctuation alone;
- `misaligned`: GBK runs read one byte out of step, their edge bytes lost as `?`;
- `pinyin`: content-farm pinyin after converted characters, 網(wǎng);
- `lost`: 锟斤拷 and friends, U+FFFD, `?` standing for lost characters, stray control characters.

Shared: `base` (the Rule interface, character classes), `choose` (candidates weighed with jieba's
word frequencies through `pipeline.zhstats`), `lexicon` (pinyin readings, rare characters).
Maintainers' tools, never imported at run time: `make_readings` (configs/repair/pinyin_readings.txt),
`devset` (the corpus the thresholds were tuned on), `eval` (figures for `make eval-repair`).
"""
