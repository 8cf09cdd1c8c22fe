"""The tail classifier: paragraphs at the end of an article that no marker announces but that are
not about the article — reader comments, teasers for other stories, advertisements.

It walks back from the last paragraph and stops at the first one that belongs to the article.
A paragraph goes when one of these holds (thresholds in `[boilerplate.tail]`):

- comment: it comes after the article's end (a byline or credit line a rule removed from the tail)
  and is short;
- teaser: it is cut off with "..." / "…" and shares little vocabulary with the body;
- unrelated: it shares little vocabulary with the body (similarity below `min_similarity`).

Similarity is the share of the paragraph's vocabulary that the body uses too: Chinese character
bigrams (no segmenter needed, and it costs one pass over the text), English words without stop
words. Each removal records its evidence in a `flag` edit next to the `remove` edit.

Precision first: nothing goes unless enough body stays (`min_body_paragraphs`, `max_share`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

HAN = re.compile(r"[\u3400-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
# a teaser cut off mid-sentence: "...", or one "…" (a Chinese sentence may end with "……")
PROSE = re.compile(r"[。！？，；、：,.!?;:]")  # a menu has none of these; a list of facts has colons
ITEM_SEPARATOR = re.compile(r"\s*[|｜]\s*")
TRUNCATED = re.compile(r"(?:[^.]\.{3}|(?<!…)…)\s*$")


@dataclass(frozen=True)
class TailSettings:
    enabled: bool = True
    max_paragraphs: int = 8  # paragraphs looked at, from the end
    min_body_paragraphs: int = 2  # paragraphs that must stay
    max_share: float = 0.4  # of the text's characters that may go
    min_similarity: Mapping[str, float] = None  # per language: below it, unrelated
    teaser_similarity: float = 0.5  # a cut-off paragraph below this: teaser
    comment_max_chars: Mapping[str, int] = None  # per language: a comment after the byline is at most this long
    min_chars: int = 8  # shorter paragraphs have too few words to judge by similarity
    min_vocabulary: Mapping[str, int] = None  # per language: a paragraph judged unrelated has this many words/bigrams
    min_reference_chars: Mapping[str, int] = None  # per language: and this much text above it to compare with
    unrelated_max_chars: Mapping[str, int] = None  # per language: longer paragraphs are never judged unrelated
    menu_item_chars: Mapping[str, int] = None  # per language: a link of a menu is at most this long
    menu_min_lines: int = 4  # a menu at the end: at least this many such lines in a row

    def comment_limit(self, lang: str) -> int:
        limits = self.comment_max_chars or {}
        return int(limits.get(lang, limits.get("default", 80)))

    def per_lang(self, name: str, lang: str, default: int) -> int:
        values = getattr(self, name) or {}
        return int(values.get(lang, values.get("default", default)))

    def similarity_floor(self, lang: str) -> float:
        floors = self.min_similarity or {}
        return float(floors.get(lang, floors.get("default", 0.05)))

    def menu_limit(self, lang: str) -> int:
        limits = self.menu_item_chars or {}
        return int(limits.get(lang, limits.get("default", 12)))

    def unrelated_limit(self, lang: str) -> int:
        limits = self.unrelated_max_chars or {}
        return int(limits.get(lang, limits.get("default", 500)))


@dataclass
class Verdict:
    index: int
    kind: str  # comment, teaser, unrelated
    evidence: str


class TailClassifier:
    def __init__(self, settings: TailSettings, stop_words: Mapping[str, frozenset[str]]):
        self.settings = settings
        self.stop_words = stop_words

    def vocabulary(self, text: str, lang: str) -> set:
        stop = self.stop_words.get(lang, frozenset())
        return {self.stem(w) for w in WORD.findall(text.lower()) if w not in stop and len(w) > 2}

    @staticmethod
    def stem(word: str) -> str:
        # enough to match "enterprises" with "enterprise" and "quality" with "qualities"
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[:-len(suffix)] + repl
        return word

    def paragraph_vocabulary(self, paragraph: str, lang: str) -> set[str]:
        if lang == "zh":
            pairs: set[str] = set()
            for run in HAN_RUN.findall(paragraph):
                pairs.update(run[k:k + 2] for k in range(len(run) - 1))
            return pairs
        return self.vocabulary(paragraph, lang)

    def shared(self, vocab: set[str], text: str, lang: str) -> int:
        """How many of a paragraph's words the text uses. Chinese bigrams are looked up in the text
        itself (a substring search in C), which is cheaper than collecting the text's bigrams."""
        if lang == "zh":
            return sum(1 for pair in vocab if pair in text)
        return len(vocab & self.vocabulary(text, lang))

    def is_menu_line(self, line: str, limit: int) -> bool:
        """Links of a menu or a footer: short items, no punctuation of prose."""
        if PROSE.search(line):
            return False
        items = ITEM_SEPARATOR.split(line.strip().strip("|｜").strip())
        # every item filled: a row of a table with blanks is a form or data, not links
        return bool(items) and all(0 < len(x) <= limit for x in items)

    def classify(self, lines: list[str], keep: list[bool], body_end: int | None, lang: str) -> list[Verdict]:
        s = self.settings
        kept = [i for i, k in enumerate(keep) if k and lines[i].strip()]
        if not s.enabled or len(kept) <= s.min_body_paragraphs:
            return []
        # the last paragraphs, but never the first min_body_paragraphs
        window = kept[max(s.min_body_paragraphs, len(kept) - s.max_paragraphs):]
        vocab: dict[int, set] = {}  # built on demand: most articles stop at their last paragraph

        def vocabulary_of(i: int) -> set:
            if i not in vocab:
                vocab[i] = self.paragraph_vocabulary(lines[i], lang)
            return vocab[i]

        limit = s.comment_limit(lang)
        longest = s.unrelated_limit(lang)
        floor = s.similarity_floor(lang)
        min_vocabulary = s.per_lang("min_vocabulary", lang, 30)
        min_reference = s.per_lang("min_reference_chars", lang, 500)
        total = sum(len(lines[i]) for i in kept)
        verdicts: list[Verdict] = []
        removed = 0
        menu_limit = s.menu_limit(lang)
        menu = []
        for i in reversed(window):
            if not self.is_menu_line(lines[i], menu_limit):
                break
            menu.append(i)
        if len(menu) < s.menu_min_lines:
            menu = []
        for i in reversed(window):
            text = lines[i].strip()
            # compared with everything before it: the body and the paragraphs of the window above it
            before_lines = [j for j in kept if j < i]
            mine = vocabulary_of(i)
            size = len(mine)
            sim = 1.0
            if size:
                sim = self.shared(mine, "\n".join(lines[j] for j in before_lines), lang) / size
            after_end = body_end is not None and i > body_end
            # a long paragraph has words the text above does not: judge only what is short beside the body
            reference = sum(len(lines[j]) for j in before_lines)
            short = len(text) <= longest and reference >= 2 * len(text)
            judged = short and reference >= min_reference  # similarity alone needs more text to go by
            if i in menu:
                verdict = Verdict(i, "menu", f"one of {len(menu)} lines of short links at the end (items <= {menu_limit} chars)")
            elif after_end and len(text) <= limit:
                verdict = Verdict(i, "comment", f"after the byline (line {body_end + 1}), {len(text)} chars <= {limit}")
            elif TRUNCATED.search(text) and size and sim < s.teaser_similarity and short:
                verdict = Verdict(i, "teaser", f"cut off with '...', similarity to the text above {sim:.2f}"
                                               f" < {s.teaser_similarity}")
            elif len(text) >= s.min_chars and size >= min_vocabulary and sim < floor and judged:
                verdict = Verdict(i, "unrelated", f"similarity to the text above {sim:.2f} < {floor}"
                                                  f" ({size} {'bigrams' if lang == 'zh' else 'words'})"
                                  + (", after the byline" if after_end else ""))
            else:
                break
            # precision first: stop before the body gets too short
            if len(kept) - len(verdicts) - 1 < s.min_body_paragraphs or removed + len(text) > s.max_share * total:
                break
            verdicts.append(verdict)
            removed += len(text)
        return sorted(verdicts, key=lambda v: v.index)
