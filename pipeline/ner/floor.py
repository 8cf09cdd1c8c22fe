"""`python -m pipeline.ner.floor RAW_DIR OUT_JSONL`: the jieba-posseg floor for the NER evals.

What a pipeline gets with no NER of its own: jieba's part-of-speech tags on the raw text, nr -> PERSON,
ns -> GPE, nt -> ORG (adjacent words with the same tag joined). Writes one minimal record per input
(id, text, entities) that `eval_ner.py score` reads like the pipeline's output.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

LABELS = {"nr": "PERSON", "nrfg": "PERSON", "nrt": "PERSON", "ns": "GPE", "nt": "ORG"}


def entities(text: str) -> list[dict]:
    import jieba.posseg as pseg

    out: list[dict] = []
    pos = 0
    for pair in pseg.cut(text):
        word, flag = pair.word, pair.flag
        label = LABELS.get(flag)
        if label and out and out[-1]["label"] == label and out[-1]["end"] == pos:
            out[-1]["end"] = pos + len(word)
            out[-1]["text"] += word
        elif label:
            out.append({"text": word, "label": label, "start": pos, "end": pos + len(word)})
        pos += len(word)
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    import jieba

    jieba.setLogLevel(60)
    raw, out = Path(args[0]), Path(args[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted(raw.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            f.write(json.dumps({"id": path.stem, "text": text, "entities": entities(text)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
