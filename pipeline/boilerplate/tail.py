"""The tail classifier: paragraphs at the end of an article that no marker announces but that are
not about the article — reader comments, teasers for other stories, advertisements, footer menus.

It walks back from the last paragraph and stops at the first one that belongs to the article.
A paragraph goes when one of these holds (thresholds in `[boilerplate.tail]`):

- menu: it is one of a run of lines of short links at the very end (no punctuation of prose);
- comment: it comes after the article's end (a byline or credit line a rule removed from the
  tail) and is short;
- teaser: it is cut off with "..." and shares little vocabulary with the text above it;
- unrelated: it shares almost no vocabulary with the text above it (below `min_similarity`),
  with enough words of its own and enough text above to tell.

Similarity is the share of the paragraph's vocabulary that the text above it uses too: Chinese
character bigrams (no segmenter needed; looked up in the text, a substring search in C) or
English words less stop words. The last paragraph of a news story brings new words (a quote, a
new name), so similarity alone decides only at a low floor; position and form decide the rest.
Each removal records its evidence in a `flag` edit next to the `remove` edit.

Precision first: the first `min_body_paragraphs` paragraphs always stay, and a run of such
paragraphs longer than `max_paragraphs` or `max_share` of the text is kept whole (the article's own:
a poem's short lines, a list) — all or nothing, so that what is left does not end the same way and a
second run of the pipeline over it finds nothing more to take.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
PROSE = re.compile(r"[。！？，；、：,.!?;:]")  # a menu has none of these; a list of facts has colons
ITEM_SEPARATOR = re.compile(r"\s*[|｜]\s*")
# a teaser cut off mid-sentence: "...", or one "…" (a Chinese sentence may end with "……")
TRUNCATED = re.compile(r"(?:[^.]\.{3}|(?<!…)…)\s*$")


@dataclass(frozen=True)
class TailSettings:
    """`[boilerplate.tail]`; the mappings are per language ({zh = …, en = …, default = …})."""
    enabled: bool = True
    max_paragraphs: int = 8  # at most this many paragraphs go (a longer run stays whole)
    min_body_paragraphs: int = 2  # paragraphs that must stay
    max_share: float = 0.4  # of the text's characters that may go (a larger run stays whole)
    min_similarity: Mapping[str, float] | None = None  # below it: unrelated
    teaser_similarity: float = 0.5  # a cut-off paragraph below it: a teaser
    comment_max_chars: Mapping[str, int] | None = None  # a comment after the byline is at most this long
    min_chars: int = 8  # shorter paragraphs are never judged by similarity
    min_vocabulary: Mapping[str, int] | None = None  # an unrelated paragraph has this many words/bigrams
    min_reference_chars: Mapping[str, int] | None = None  # and this much text above it to compare with
    unrelated_max_chars: Mapping[str, int] | None = None  # longer paragraphs are never judged by similarity
    menu_item_chars: Mapping[str, int] | None = None  # a link of a menu is at most this long
    menu_min_lines: int = 4  # a menu at the end: at least this many such lines in a row

    DEFAULTS = {"min_similarity": 0.05, "comment_max_chars": 80, "min_vocabulary": 30, "min_reference_chars": 500,
                "unrelated_max_chars": 500, "menu_item_chars": 12}

    def per_lang(self, name: str, lang: str) -> float:
        values = getattr(self, name) or {}
        return values.get(lang, values.get("default", self.DEFAULTS[name]))


@dataclass
class Verdict:
    index: int
    kind: str  # menu, comment, teaser, unrelated
    evidence: str


class TailClassifier:
    def __init__(self, settings: TailSettings, stop_words: Mapping[str, frozenset[str]]):
        self.settings = settings
        self.stop_words = stop_words

    def vocabulary(self, text: str, lang: str) -> set[str]:
        if lang == "zh":
            pairs: set[str] = set()
            for run in HAN_RUN.findall(text):
                pairs.update(run[k:k + 2] for k in range(len(run) - 1))
            return pairs
        stop = self.stop_words.get(lang, frozenset())
        return {self.stem(w) for w in WORD.findall(text.lower()) if w not in stop and len(w) > 2}

    @staticmethod
    def stem(word: str) -> str:
        # enough to match "enterprises" with "enterprise" and "quality" with "qualities"
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[:-len(suffix)] + repl
        return word

    def similarity(self, paragraph: str, above: str, lang: str) -> tuple[float, int]:
        """(share of the paragraph's vocabulary the text above uses, size of that vocabulary)."""
        vocab = self.vocabulary(paragraph, lang)
        if not vocab:
            return 1.0, 0
        if lang == "zh":
            shared = sum(1 for pair in vocab if pair in above)
        else:
            shared = len(vocab & self.vocabulary(above, lang))
        return shared / len(vocab), len(vocab)

    @staticmethod
    def is_menu_line(line: str, limit: int) -> bool:
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
        # never the first min_body_paragraphs
        candidates = kept[s.min_body_paragraphs:]
        menu_limit = int(s.per_lang("menu_item_chars", lang))
        menu: list[int] = []
        for i in reversed(candidates):  # the whole run, however long: a part of it is no menu's end
            if not self.is_menu_line(lines[i], menu_limit):
                break
            menu.append(i)
        if len(menu) < s.menu_min_lines:
            menu = []
        total = sum(len(lines[i]) for i in kept)
        verdicts: list[Verdict] = []
        removed = 0
        for i in reversed(candidates):
            text = lines[i].strip()
            verdict = self.judge(i, text, lines, kept, body_end, lang, menu, menu_limit)
            if verdict is None:
                break
            verdicts.append(verdict)
            removed += len(text)
            if len(verdicts) > s.max_paragraphs:
                break
        # All or nothing, precision first: a run of such paragraphs longer than max_paragraphs or
        # max_share of the text is the article's own (a poem's short lines, a list), and is kept
        # whole. Taking only its end would leave a text whose new end looks the same: a second run
        # would take more, and more again.
        if len(verdicts) > s.max_paragraphs or removed > s.max_share * total:
            return []
        return sorted(verdicts, key=lambda v: v.index)

    def judge(self, i: int, text: str, lines: list[str], kept: list[int], body_end: int | None, lang: str,
              menu: list[int], menu_limit: int) -> Verdict | None:
        s = self.settings
        if i in menu:
            return Verdict(i, "menu", f"one of {len(menu)} lines of short links at the end (items <= {menu_limit} chars)")
        comment_limit = int(s.per_lang("comment_max_chars", lang))
        if body_end is not None and i > body_end and len(text) <= comment_limit:
            return Verdict(i, "comment", f"after the byline (line {body_end + 1}), {len(text)} chars <= {comment_limit}")
        # compared with everything above it; a long paragraph has words the text above does not,
        # so only what is short beside that text is judged by its words
        above = "\n".join(lines[j] for j in kept if j < i)
        if len(text) < s.min_chars or len(text) > s.per_lang("unrelated_max_chars", lang) or len(above) < 2 * len(text):
            return None
        sim, size = self.similarity(text, above, lang)
        if TRUNCATED.search(text) and size and sim < s.teaser_similarity:
            return Verdict(i, "teaser", f"cut off with '...', similarity to the text above {sim:.2f} < {s.teaser_similarity}")
        floor = s.per_lang("min_similarity", lang)
        if (size >= s.per_lang("min_vocabulary", lang) and len(above) >= s.per_lang("min_reference_chars", lang)
                and sim < floor):
            after = ", after the byline" if body_end is not None and i > body_end else ""
            return Verdict(i, "unrelated", f"similarity to the text above {sim:.2f} < {floor}"
                                           f" ({size} {'bigrams' if lang == 'zh' else 'words'}){after}")
        return None
