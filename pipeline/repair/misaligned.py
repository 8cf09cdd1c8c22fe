"""GBK runs read one byte out of step, their edge bytes lost as `?`.

A GBK stream whose first byte was lost is read in the wrong pairs: 。活動 = A1A3 BBEE 84D3 read from
A3 gives ；顒 (A3BB EE84); the lost A1 shows as `?`, and the last lone byte D3, which cannot pair with
what follows, as another `?`. Undoing it: re-encode the run, add one unknown byte in front and one at
the end, read the bytes in step again, and choose the two unknown bytes from the characters that
fit the neighbours (jieba word frequencies, the text's own characters, and the character pairs an
edge makes with its neighbours in general web text: `bigrams`, weighted by `context_weight`).

Content-farm pages add two things. Their pinyin annotations confirm a character: `顒?dòng)` (the `(`
was eaten with the lone D3) says the last character is 84xx read dòng: 動. And a farm that
annotated the misread text leaves the annotation of a character made of the previous character's
trail byte and the run's lost lead byte (質量?jī)?yōu)勢: 量 = C1BF, 績 = BF83 read jī, so the lost lead
is 83 and ?yōu) is 83xx read yōu: 優); that character is dropped, its reading fixes the lead byte.

The farm also folds full-width punctuation to ASCII, so an ASCII punctuation mark inside a run
stands for A3xx (; for ；). A last character whose trail byte is an ASCII letter (質 = D9 7C, `|`)
ends the run without a `?` when its own annotation follows.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from . import choose
from .base import HAN_CHAR, Outcome, Rule
from .mojibake import Thresholds
from .questions import Questions
from .. import zhstats
from ..zhstats import SEG_PUNCT

FOLDED = "!\"#$%&'*+,-./:;<=>@[\\]^_`{|}~"  # ASCII folds of full-width A3xx punctuation (not ?())
STOPS = "。！？；，、：\n"  # punctuation that does not follow punctuation
SENTENCE_END = "。！？；…\n"
ECHO = 5.0  # log-odds for an edge pair the rest of the text has too (3.0 before the word-bigram model
# sharpened the corpus's preferences: 4 to 6 on the dev corpus alike, one run better than 3)
CACHE = 1.0  # log-odds per log(1 + n) for an edge character the rest of the text has n times (1.4 before
# the word-bigram model's weight went to 3; 1.0 was as good or better on both dev corpora)
ECHO_WORD = 3.0  # log-odds more when both edges were lost and the pair they make, the whole lost word,
# is one the text has elsewhere (挂历 ... 这些挂历); 3 was best on both dev corpora, 1 to 5 within 3 runs
# what a number stands before (dates, times, ages, amounts): fewer than zhstats.NUMBER's units, which
# include everyday characters (人 家 所 台) a lost character stands before far more often than a number
DIGIT_UNITS = "年月日号时点分秒岁万亿元％"
DECIMAL_POINT = "．"  # GBK A3AE, as a misread run's neighbour: between digits, a decimal point
MAX_RUNS = 1000  # runs repaired per text
TOP = 8  # candidates per edge kept for scoring the two edges together


def gbk_char(lead: int, trail: int) -> str | None:
    try:
        ch = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 else None


class MisalignedGbk(Rule):
    name = "gbk_misaligned"

    def __init__(self, syllables: frozenset[str], readings: dict[str, frozenset[str]], limits: Thresholds,
                 questions: Questions | None = None, bigrams=None, context_weight: float = 0.0,
                 word_lm=None, word_lm_weight: float = 0.0):
        self.bigrams_model = bigrams if context_weight else None
        self.context_weight = context_weight
        self.word_lm = word_lm if word_lm_weight else None
        self.word_lm_weight = word_lm_weight
        self.questions = questions
        self.syllables = syllables
        self.readings = readings
        # two-character words by first character: built here, before workers fork
        self.two_char_words: dict[str, list[tuple[int, str]]] = {}
        for w, n in zhstats.word_model()[0].items():
            if len(w) == 2 and n:
                self.two_char_words.setdefault(w[0], []).append((n, w[1]))
        self.limits = limits
        letters = re.escape("".join(sorted({c for s in syllables for c in s})))
        py = f"[{letters}]{{1,6}}\\)"
        run = f"(?:[^\\x00-\\x7f?\\ufffd(){{}}（）\\u2028\\u2029]|[{re.escape(FOLDED)}]){{0,40}}"
        # `??` is two lost characters, not the edge of a run: a region's `?` stands alone
        self.region = re.compile(
            f"(?<!\\?)\\?(?:(?P<s>{py}))?(?P<run>{run})"
            f"(?:\\?(?!\\?)(?:(?P<e>{py}))?|(?P<t>[\\x40-\\x7e])(?=[(（][{letters}]{{1,6}}[)）]))")
        self.annotation = re.compile(f"[(（][{letters}]{{1,6}}[)）]|[{letters}]{{1,6}}\\)")

    def wanted(self, text: str) -> bool:
        return "?" in text

    # ------------------------------------------------------------------ candidates
    def usable(self, ch: str | None) -> bool:
        return ch is not None and (ch in SEG_PUNCT or bool(HAN_CHAR.match(ch)) or "\uff01" <= ch <= "\uff5e")

    def known(self, ch: str) -> bool:
        """A candidate worth scoring: punctuation, a full-width form, or a character jieba's dictionary
        has (through t2s in Traditional text); the others can never win and cost time."""
        if not HAN_CHAR.match(ch):
            return True
        return bool(zhstats.word_model()[0].get(zhstats.simplified(ch) if self.traditional else ch))

    def reads(self, ch: str, syllable: str) -> bool:
        return syllable in self.readings.get(ch, ())

    def syllable(self, m: re.Match, group: str) -> str | None:
        s = m.group(group)
        if s is None:
            return None
        s = s[:-1]
        return s if s in self.syllables else ""

    def run_bytes(self, run: str) -> list[int] | None:
        out = []
        for ch in run:
            if ch in FOLDED:
                out += [0xA3, ord(ch) + 0x80]
                continue
            try:
                b = ch.encode("gbk")
            except UnicodeEncodeError:
                return None
            if len(b) != 2:
                return None
            out += b
        return out

    def leads(self, text: str, start: int, straddle: str | None, trail: int | None) -> list[int]:
        """Candidate lost lead bytes; with a straddle annotation, those its reading allows."""
        ok = range(0x81, 0xFF)
        if straddle:
            prev = text[start - 1] if start else ""
            try:
                pb = prev.encode("gbk")
            except UnicodeEncodeError:
                return []
            if len(pb) != 2:
                return []
            ok = [lead for lead in ok if (c := gbk_char(pb[1], lead)) and self.reads(c, straddle)]
        if trail is None:
            return list(ok)
        return [lead for lead in ok if self.usable(gbk_char(lead, trail))]

    # ------------------------------------------------------------------ the rule
    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        pieces, pos, lost = [], 0, 0
        # Traditional text is scored through t2s; Simplified text as it is, so that a Traditional
        # candidate (來 for 表) cannot win there.
        simple = zhstats.simplified(text)
        changed = sum(a != b for a, b in zip(text, simple)) if len(simple) == len(text) else len(text)
        self.traditional = changed >= 0.05 * max(1, len(HAN_CHAR.findall(text)))
        clean = self.region.sub("\n", text)
        self.bigrams = Counter(clean[k:k + 2] for k in range(len(clean) - 1))
        self.chars = Counter(clean)
        self.followers: dict[str, list[str]] = {}  # the text's pairs by first character, in text order
        for pair in self.bigrams:
            if len(pair) == 2:
                self.followers.setdefault(pair[0], []).append(pair[1])
        for k, m in enumerate(self.region.finditer(text)):
            if k == MAX_RUNS:  # each run costs ~10 ms: a text made of them would take minutes
                out.warnings.append(f"repair: {self.name}: more than {MAX_RUNS} `?` runs; the rest left to "
                                    "lost_characters")
                break
            fixed = self.repair(text, m)
            if fixed is None:
                continue
            new, dropped = fixed
            pieces += [text[pos:m.start()], new]
            pos = m.end()
            lost += dropped
            out.changes.append((m.group(0), new))
        if not out.changes:
            return out
        pieces.append(text[pos:])
        out.text = "".join(pieces)
        if lost:
            out.warnings.append(f"repair: {self.name}: {lost} character(s) at the edges of misaligned GBK runs "
                                "could not be told apart and were left out")
        return out

    def asks(self, text: str, pos: int) -> bool:
        """Whether the `?` at `pos` may end a question (questions.py)."""
        return self.questions is not None and self.questions.asks(text, pos, "。！？；，\n")

    def score(self, s: str) -> float:
        return zhstats.segment_logp(s, simplify=self.traditional)

    def choice_score(self, s: str, with_lm: bool) -> float:
        """What an edge character is chosen by: jieba's word model averaged with the word-bigram model
        (wordlm.py), weighted `word_lm_weight`, where `choose_edges` lets it speak. Whether a run is
        repaired at all stays with `score`, the scale its thresholds were set on."""
        if not with_lm:
            return self.score(s)
        w = self.word_lm_weight
        simple = zhstats.simplified(s) if self.traditional else s  # both models read Simplified: convert once
        return (zhstats.segment_logp(simple, simplify=False) + w * self.word_lm.logp(simple)) / (1 + w)

    def clean_context(self, s: str) -> str:
        return self.annotation.sub("", s)

    def repair(self, text: str, m: re.Match) -> tuple[str, int] | None:
        straddle, end_py = self.syllable(m, "s"), self.syllable(m, "e")
        if straddle == "" or end_py == "":
            return None  # letters that are no pinyin syllable: not an annotation
        run = m.group("run")
        if not run and not straddle:
            return None  # ?? or ?py) alone: lost characters, not a misread run
        if run and run.isascii():
            return None  # ?!? in English: a GBK run always has a double-byte character
        rb = self.run_bytes(run)
        if rb is None:
            return None
        trail = ord(m.group("t")) if m.group("t") else None
        left = self.clean_context(text[max(0, m.start() - 12):m.start()]).rsplit("\n", 1)[-1][-choose.WIDTH:]
        right = self.clean_context(text[m.end():m.end() + 12]).split("\n", 1)[0][:choose.WIDTH]
        if not rb:  # ?py)?py): one character, its lead from the straddle, its trail lost
            cands = [c for lead in self.leads(text, m.start(), straddle, None) for t in range(0x40, 0xFF)
                     if self.usable(c := gbk_char(lead, t)) and (end_py is None or self.reads(c, end_py))]
            self.line = None
            first, _, _ = self.choose_edges(left, cands, "", [""], right, True, True)
            return (first, 0) if first else None
        middle, inner_lost = self.in_step(rb[1:-1])
        if middle is None:
            return None
        firsts = [c for lead in self.leads(text, m.start(), straddle, rb[0]) if (c := gbk_char(lead, rb[0]))]
        lasts = [c for t in ([trail] if trail is not None else range(0x40, 0xFF))
                 if (c := gbk_char(rb[-1], t)) and (end_py is None or self.reads(c, end_py))]
        if left and left.rstrip("”’」』）\"'")[-1:] in STOPS:
            firsts = [c for c in firsts if c not in STOPS]
        if right and right[0] in STOPS:
            lasts = [c for c in lasts if c not in STOPS]
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        rest = text[m.end():len(text) if line_end < 0 else line_end]
        # the line before the run, the run's middle, what follows it as far as a closer is looked for,
        # and whether the line ends there: computed once per run, read for every pair of edges scored
        self.line = (text[line_start:m.start()], middle, rest[:choose.OPENER_REACH], not rest.strip())
        first, last, dropped = self.choose_edges(left, firsts, middle, lasts, right, bool(straddle),
                                                 end_py is not None or trail is not None)
        new = first + middle + last
        # A lost two-character word the text has elsewhere is confirmed by the text itself, as an
        # annotation confirms a character: jieba alone may still read the misread 依 better than 挂历.
        confirmed = bool(straddle or end_py or trail is not None) or (not middle and self.echoes(first + last))
        # In a clause with a question word the first `?` may end the question: the run is then real
        # text after it, and re-read in step it turns to gibberish; only a clear gain says otherwise.
        if not confirmed and not self.plausible(left, m.group(0), new, right,
                                                strict=self.asks(text, m.start())):
            return None
        return new, dropped + inner_lost

    @staticmethod
    def in_step(data: list[int]) -> tuple[str | None, int]:
        """The bytes between the edges read in step. Real runs sometimes lost a byte inside too
        (苏婧 FD A3 ...: no GBK pair): that byte is skipped and its character left out, counted.
        More than one such loss per eight characters: not a run read out of step after all."""
        if not data:
            return "", 0
        text = bytes(data).decode("gbk", errors="replace")
        lost = text.count("\ufffd")
        if lost * 8 > len(text):
            return None, 0
        return text.replace("\ufffd", ""), lost

    def choose_edges(self, left: str, firsts: list[str], middle: str, lasts: list[str], right: str,
                     first_sure: bool, last_sure: bool) -> tuple[str, str, int]:
        """The first and last characters that read best together around `middle`; an edge whose
        choice is not clear by `edge_margin` (`edge_punct_margin` for punctuation and digits, `margin` at a
        sentence start) is left out (""), unless an annotation confirms it."""
        # a digit is a candidate only beside a digit, or before a unit that counts it (?月 is ７月 as
        # often as 本月): nothing else predicts one (in a run of two the other edge is unknown: the
        # neighbour beyond it counts: ２０ in 以上?５?万元)
        before, after = left[-1:] or " ", right[:1] or " "
        # beside a decimal point (下降３．?５, ?．２５) only a digit can stand; not after a list's number
        # (；２．?已满: a digit with nothing before it in its clause)
        after_point = before == DECIMAL_POINT and left[-2:-1].isdigit() and (
            left[-3:-2].isdigit() or bool(HAN_CHAR.match(left[-3:-2])))
        before_point = after == DECIMAL_POINT and right[1:2].isdigit()
        next_first = middle[:1] or after
        last_before = middle[-1:] or before
        firsts = list(dict.fromkeys(c for c in firsts if self.usable(c) and (
            c.isdigit() if after_point else
            not c.isdigit() or before.isdigit() or next_first.isdigit() or next_first in DIGIT_UNITS)))
        lasts = list(dict.fromkeys(c for c in lasts if c == "" or self.usable(c) and (
            c.isdigit() if before_point else
            not c.isdigit() or last_before.isdigit() or after.isdigit() or after in DIGIT_UNITS)))
        if len(firsts) > 1 and not first_sure:
            firsts = [c for c in firsts if self.known(c)] or firsts
        if len(lasts) > 1 and not last_sure:
            lasts = [c for c in lasts if self.known(c)] or lasts
        if not firsts or not lasts:
            return "", "", 2
        inner = middle[:choose.WIDTH]
        # After a sentence end the lost character is often a separator (a paragraph mark, a space)
        # no candidate stands for: there a guess must be clear.
        at_start = not left or left.rstrip("”’」』）\"'")[-1:] in SENTENCE_END
        # The word-bigram model speaks where both edges may be Chinese characters, and not at a
        # sentence start: it knows which words follow which, not which mark or digit a sentence
        # needs (、 or 。, ， or ．), nor whether a separator was lost there; averaged in there it only
        # dilutes the evidence the margins were set on.
        lm = (self.word_lm is not None and not at_start
              and all(edge == [""] or any(HAN_CHAR.match(c) for c in edge) for edge in (firsts, lasts)))
        # each edge's candidates ranked alone by what the joint score weighs (the text's own pairs and
        # characters too: a character it repeats must not be cut before the pairs are scored)
        top_f = sorted(firsts, key=lambda c: -self.choice_score(left + c + (inner or right), lm)
                       - self.context(left, c, inner or right[:1], "", "")
                       - self.echo_one(left[-1:], c, (inner or right)[:1]))[:TOP]
        top_l = sorted(lasts, key=lambda c: -self.choice_score((middle[-choose.WIDTH:] or left) + c + right, lm)
                       - self.context("", "", middle[-1:] or left[-1:], c, right)
                       - self.echo_one((middle or left)[-1:], c, right[:1]))[:TOP]
        # The text's own pairs are scored too, however low the general models rank them: 挂 is not among
        # the eight likeliest firsts of ?依? (挂历), but the text says 这些挂历 further on.
        top_f += [c for c in firsts if c not in top_f and self.echoes(left[-1:] + c, c + (inner or right)[:1])]
        top_l += [c for c in lasts if c not in top_l and self.echoes((middle or left)[-1:] + c, c + right[:1])]
        # a list in a fixed order, not a set: max() keeps the first of equal scores, and a set's order
        # changes with the process's hash seed (the same input must give the same bytes anywhere)
        pairs = [(f, la) for f in top_f for la in top_l]
        if not middle:  # two characters side by side: also every pair that is a word (小时) or the text has
            last_set = set(lasts)
            pairs = list(dict.fromkeys(pairs + self.word_pairs(firsts, lasts) + [
                (f, la) for f in firsts for la in self.followers.get(f, ()) if la in last_set]))
        body = middle if len(middle) <= 2 * choose.WIDTH else middle[:choose.WIDTH] + "\n" + middle[-choose.WIDTH:]
        joint = {(f, la): self.choice_score(left + f + body + la + right, lm) + self.echo(left, f, body, la, right)
                 + self.punctuation(f, la) + self.context(left, f, middle, la, right) for f, la in pairs}
        (bf, bl), best = max(joint.items(), key=lambda kv: kv[1])
        dropped = 0

        def clear(alternatives: list[float], sure: bool, n: int, margin: float) -> bool:
            if sure and n == 1:
                return True
            return not alternatives or best - max(alternatives) >= margin

        # A word model barely tells punctuation marks or digits apart (、 or 。, ； or ，, ５ or ％): a
        # character that is not Chinese needs a clear lead.
        first_margin = (self.limits.margin if at_start else self.limits.edge_punct_margin if not HAN_CHAR.match(bf)
                        else self.limits.edge_margin)
        if not clear([s for (f, la), s in joint.items() if f != bf], first_sure, len(firsts), first_margin):
            bf, dropped = "", dropped + 1
            # the last character is then chosen without the first one it was paired with
            joint = {("", la): self.choice_score(left + body + la + right, lm) + self.echo(left, "", body, la, right)
                     + self.punctuation("", la) + self.context(left, "", middle, la, right) for la in top_l}
            bl, best = max(joint.items(), key=lambda kv: kv[1])[0][1], max(joint.values())
        last_margin = self.limits.edge_punct_margin if not HAN_CHAR.match(bl) else self.limits.edge_margin
        if not clear([s for (f, la), s in joint.items() if la != bl], last_sure, len(lasts), last_margin):
            bl, dropped = "", dropped + (bl != "")
        return bf, bl, dropped

    def context(self, left: str, first: str, middle: str, last: str, right: str) -> float:
        """The character-pair model's log P of the pairs an edge character makes with its neighbours,
        weighted (`context_weight`): what a word model cannot see (孩子们 vs 孩子是)."""
        if self.bigrams_model is None:
            return 0.0
        window = left[-1:] + first + middle + last + right[:1]
        if self.traditional:
            simple = zhstats.simplified(window)
            window = simple if len(simple) == len(window) else window
        at = [len(left[-1:])] if first else []
        if last:
            at.append(len(left[-1:]) + len(first) + len(middle))
        return self.context_weight * self.bigrams_model.around(window, at)

    def punctuation(self, first: str, last: str) -> float:
        """What a word model cannot see about punctuation at the edges (choose.punctuation_prior): a
        closer that closes an opener of its line, an opener that a later closer of its line closes,
        sentence-final punctuation at the end of a paragraph."""
        if self.line is None or (first.isalnum() and last.isalnum()):
            return 0.0
        before, middle, ahead, at_end = self.line
        score = 0.0
        if first and not first.isalnum():
            score += choose.punctuation_prior(first, before, at_end and not middle and not last,
                                              middle + last + ahead)
        if last and not last.isalnum():
            score += choose.punctuation_prior(last, before + first + middle, at_end, ahead)
        return score

    def word_pairs(self, firsts: list[str], lasts: list[str]) -> list[tuple[str, str]]:
        """The (first, last) pairs that make a two-character word, the most frequent first."""
        conv = zhstats.simplified if self.traditional else str
        simple_last: dict[str, list[str]] = {}
        for la in lasts:
            if la:
                simple_last.setdefault(conv(la), []).append(la)
        found = []
        for f in firsts:
            for n, second in self.two_char_words.get(conv(f), ()):
                for la in simple_last.get(second, ()):
                    found.append((n, f, la))
        found.sort(reverse=True)
        return [(f, la) for _, f, la in found[:2 * TOP]]

    def echo(self, left: str, first: str, body: str, last: str, right: str) -> float:
        """Bonus for a character pair at an edge that the rest of the text also has (a name or term
        repeated: 挂历 ... 这些挂历), and for edge characters it has: the text is its own best dictionary."""
        window = left[-1:] + first + body + last + right[:1]
        a, b = len(left[-1:]), len(left[-1:]) + len(first) + len(body)
        pairs = {window[max(0, a - 1):a + 1], window[a:a + 2], window[b - 1:b + 1], window[b:b + 2]}
        word = first + last if first and last and not body else ""
        return self._known(pairs, (first, last)) + (ECHO_WORD if self.echoes(word) else 0.0)

    def echoes(self, *pairs: str) -> bool:
        """Whether the rest of the text has any of these character pairs."""
        return any(len(p) == 2 and self.bigrams.get(p, 0) for p in pairs)

    def echo_one(self, before: str, ch: str, after: str) -> float:
        """`echo` for one edge character between its neighbours."""
        return self._known({before + ch, ch + after}, (ch,)) if ch else 0.0

    def _known(self, pairs: set[str], edges: tuple[str, ...]) -> float:
        """ECHO for each of `pairs` the text has elsewhere, plus a cache model of the edge characters:
        a text keeps to its subject, its characters come back, so a word model's frequent function
        characters (是, 了, 在) do not win every edge."""
        cached = sum(math.log1p(self.chars.get(c, 0)) for c in edges if c and HAN_CHAR.match(c))
        return ECHO * sum(self.echoes(p) for p in pairs) + CACHE * cached

    def plausible(self, left: str, old: str, new: str, right: str, strict: bool = False) -> bool:
        """A run with no annotation to confirm it is changed only when the result reads at least as
        well as the text with the `?` marks simply taken out (what lost_characters would do), and
        clearly better when the misread middle is long enough to judge (gibberish: 泼鳎合衷谖)."""
        if not new:
            return False
        base = old.replace("?", "")
        window = left + new + right
        base_window = left + base + right
        new_score = self.score(window) / len(window)
        base_score = self.score(base_window) / max(1, len(base_window))
        gain = self.limits.min_gain / 2 if len(base) >= 3 else 0.0
        if strict:  # a question may have ended at the first `?`: only a clear gain says it did not,
            gain = self.limits.min_gain / 2  # however short the middle (是否?匦?调整 is 是否重新调整)
        return new_score >= self.limits.min_score and new_score - base_score >= gain
