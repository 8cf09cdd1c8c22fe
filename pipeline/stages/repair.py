"""repair: undo encoding damage. Byte-level re-decodings, ftfy (CJK-safe), misaligned GBK runs,
content-farm pinyin, and what is lost for good (removed and flagged).

The rules live in `pipeline/repair/`; this stage builds them once and runs them in order, each only
when its cheap test finds something to look at, recording one edit per rule with a count. Clean text
must pass through unchanged: a rule that fires on clean text is a bug.
"""
from __future__ import annotations

from ..document import Document
from ..repair.base import Outcome, Rule
from .base import Stage, StageContext


PASSES = 3


class Repair(Stage):
    name = "repair"

    def __init__(self, context: StageContext):
        super().__init__(context)
        from ..repair import lexicon, lost, misaligned, mojibake, pinyin
        from ..repair.questions import Questions

        syllables = frozenset(s.lower() for s in context.read_lines(context.path("pinyin_syllables_file"),
                                                                    "pinyin_syllables_file"))
        readings = lexicon.parse_readings(context.read_lines(context.path("pinyin_readings_file"),
                                                             "pinyin_readings_file"))
        questions = Questions(
            context.read_lines(context.path("question_words_file"), "question_words_file"),
            context.read_lines(context.path("concessive_words_file"), "concessive_words_file"))
        limits = mojibake.Thresholds(
            min_gain=float(context.setting("min_gain", 2.0, (int, float))),
            min_score=float(context.setting("min_score", -9.0, (int, float))),
            margin=float(context.setting("margin", 1.5, (int, float))),
            edge_margin=float(context.setting("edge_margin", 0.0, (int, float))),
            edge_punct_margin=float(context.setting("edge_punct_margin", 1.0, (int, float))))
        from ..repair.bigrams import CharBigrams

        # the character-pair counts: hashed now, parsed only when a misaligned run is first scored
        bigrams = CharBigrams(context.read_bytes(context.path("char_bigrams_file"), "char_bigrams_file"))
        word_lm_weight = float(context.setting("word_lm_weight", 0.0, (int, float)))
        word_lm = None
        if word_lm_weight:
            from ..repair.wordlm import WordBigramModel

            # the same: hashed now, parsed when first needed
            word_lm = WordBigramModel(context.read_bytes(context.path("word_lm_file"), "word_lm_file"))
        from .. import zhstats

        zhstats.word_model()  # jieba's dictionary, loaded before workers fork, not in the first article
        suspicious = lexicon.suspicious_pattern(float(context.setting("rare_logp", -11.0, (int, float))))
        cluster = lexicon.cluster_pattern(suspicious)
        rules: list[Rule] = [
            mojibake.GbkAsLatin1(limits),
            mojibake.Utf8Misread("utf8_as_gbk", "gb18030", limits, suspicious, cluster),
            mojibake.Big5AsGbk(limits, suspicious, cluster),
            mojibake.Utf8Misread("utf8_as_big5", "big5hkscs", limits, suspicious, cluster),
        ]
        if context.setting("ftfy", True, bool):
            from ..repair.ftfyfix import Ftfy

            rules.append(Ftfy())
        rules += [
            misaligned.MisalignedGbk(syllables, readings, limits, questions, bigrams,
                                     float(context.setting("context_weight", 0.0, (int, float))),
                                     word_lm, word_lm_weight),
            pinyin.PinyinAnnotation(syllables, readings),
            lost.Unrecoverable(),
            lost.LostCharacters(syllables, questions),
            lost.StrayControls(),
        ]
        self.rules = rules

    def process(self, doc: Document) -> Document:
        # Until nothing changes (at most PASSES times): a repair can uncover another (锟斤拷 gone, the
        # GBK run beside it reads clean), and a second run of the pipeline over its own output must
        # find nothing left to do.
        text = doc.text
        for _ in range(PASSES):
            before = text
            for rule in self.rules:
                if not rule.wanted(text):
                    continue
                out = rule.apply(text)
                if out.text == text:
                    continue
                self.record(doc, rule, out)
                text = out.text
            if text == before:
                break
        doc.text = text
        return doc

    def record(self, doc: Document, rule: Rule, out: Outcome) -> None:
        kinds = out.by_kind or {"": out.changes}
        for kind, changes in kinds.items():
            before, after = _excerpts(*changes[0])
            doc.edit(self.name, f"{rule.name}:{kind}" if kind else rule.name, rule.action, before,
                     after if rule.action == "replace" else None, len(changes))
        for message in out.warnings:
            doc.warn(message)


def _excerpts(before: str, after: str, width: int = 40) -> tuple[str, str]:
    """The stretch where `before` and `after` differ, with a little context, for the edit log."""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    j = 0
    while j < min(len(before), len(after)) - i and before[-1 - j] == after[-1 - j]:
        j += 1
    a = max(0, i - 4)
    return before[a:min(len(before) - j + 4, a + width)], after[a:min(len(after) - j + 4, a + width)]
