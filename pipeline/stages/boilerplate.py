"""boilerplate: strip what is not the article, and keep what it says in title, published and byline.

Rules are data (`configs/boilerplate/<lang>.toml`, format in the file's header); the engine, the
tail classifier and the field helpers are in `pipeline/boilerplate/`. The order:

1. the rules of the article's language, in file order, on the head, the tail or every line;
2. the tail classifier on the last paragraphs no rule removed (comments, teasers, ads);
3. the title: the first line when it reads as a headline (or repeats the given title);
4. the fields: given metadata first (JSON title/published, the page's title and date), then what
   the rules read from the text, then what they read from the page's lines around the text. Two
   exceptions, both measured: the article's own credits name its authors and outlet before the
   page's author and site-name metadata, which are often the site itself ("www.yunnan.cn",
   "Discuz Team", "网易版权所有"); those fill only what the credits leave empty.

Every removal is one `remove` or `extract` edit with its rule's name and the removed text.
"""
from __future__ import annotations

import re
import unicodedata

from ..boilerplate import (Found, Outcome, RuleSet, TailClassifier, TailSettings, Zones, article_year, iso,
                           parse_date, same_headline)
from ..document import Document
from ..errors import ConfigError, InputError
from .base import Stage, StageContext

SENTENCE_END_EN = (".", ";", ",", ":")
SENTENCE_END_ZH = ("。", "；", "，", "：", "、", "…", ".", ";", ",", ":")
NUMERIC_DATE = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")
CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")  # a time of day: a time line, not a headline
SOURCES = ("text", "head", "head_bare", "tail")  # where a field value was read, most trusted first
# what a page's <title> adds after the headline: " - 要闻云南 - 云南日报网", "_新浪网", "--大河网"
SITE_SUFFIX = re.compile(r"^\s*(?:-{1,2}|_{1,2}|[|｜·—–]|::)\s*\S")
# a page line that is only a label ("作者：", "Editor:"): its value is on the next line
LABEL_ONLY = re.compile(r"^[^\s：:]{1,8}\s*[：:]$")
# reruns of the text stages before the output must be a fixed point (one is almost always enough)
FIXPOINT_ROUNDS = 3


class Boilerplate(Stage):
    name = "boilerplate"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.zones = Zones(int(context.setting("head_lines", 4, int)), int(context.setting("tail_lines", 12, int)),
                           float(context.setting("rest_from", 0.5, (int, float))),
                           float(context.setting("head_max_share", 0.5, (int, float))))
        self.max_title_chars = dict(context.setting("max_title_chars", {"en": 120, "zh": 40}, dict))
        self.rules: dict[str, RuleSet] = {}
        surnames: frozenset[str] = frozenset()
        if context.settings.get("surnames_file"):
            # one surname per line, before a tab (the entities lexicon, with its pinyin column)
            surnames = frozenset(line.split("\t")[0].strip()
                                 for line in context.read_lines(context.path("surnames_file"), "surnames_file"))
        for lang, path in context.setting("rules_files", {}, dict).items():
            self.rules[lang] = RuleSet.load(context, path, f"rules_files.{lang}")
            self.rules[lang].surnames = surnames
        tail = dict(context.setting("tail", {}, dict))
        known = set(TailSettings.__dataclass_fields__)
        if set(tail) - known:
            raise ConfigError(f"unknown keys {sorted(set(tail) - known)}; known: {sorted(known)}", *context.where("tail"))
        self.tail = TailClassifier(TailSettings(**tail), {
            lang: frozenset(w.lower() for w in rs.extra.get("tail", {}).get("stop_words", []))
            for lang, rs in self.rules.items()})
        self.context_opencc = context.setting("context_opencc", "t2s", str)
        # the text stages before this one, for the fixpoint (the read, repair and normalize stages)
        self.earlier = context.earlier
        self._converter = None

    def process(self, doc: Document) -> Document:
        """One pass of the rules, then the fixpoint: the text must come out of a rerun unchanged."""
        doc = self.strip(doc)
        for rounds in range(FIXPOINT_ROUNDS + 1):
            again = self.rerun(doc)
            if again is None or again.text == doc.text:
                break
            if rounds == FIXPOINT_ROUNDS:  # never seen; said rather than looping on
                doc.warn(f"boilerplate: the text still changes after {FIXPOINT_ROUNDS} reruns of the text stages")
                break
            self.adopt(doc, again)
        return doc

    def rerun(self, doc: Document) -> Document | None:
        """What a second run of the pipeline makes of this stage's output, given the title, date and
        language found: the earlier stages (read, repair, normalize) and this stage's rules again.
        A later stage's decision can depend on what this one cut (a credit line that a removed
        parenthesis hid, the head zone once the headline is gone, a line's punctuation once part of
        it went, mojibake that a cut or normalize's widths made readable), so the output is the
        fixed point, not the first pass. None when there is nothing to rerun (no text left)."""
        if not doc.text.strip():
            return None
        given = {k: v for k, v in (("title", doc.title), ("published", doc.published), ("lang", doc.lang)) if v}
        again = Document(id=doc.id, source=doc.source, given=given, text=doc.text, lang=doc.lang,
                         title=doc.title, published=doc.published)
        try:
            for stage in self.earlier:
                again = stage.process(again)
        except InputError:
            return None
        return self.strip(again)

    @staticmethod
    def adopt(doc: Document, again: Document) -> None:
        """The rerun's text and its edits; fields it found that the first pass left empty."""
        doc.text = again.text
        doc.edits.extend(again.edits)
        for warning in again.warnings:
            doc.warn(warning)
        doc.title = doc.title or again.title
        doc.published = doc.published or again.published
        for name in ("authors", "editors", "reviewers"):
            names = getattr(doc.byline, name)
            names.extend(x for x in getattr(again.byline, name) if x not in names)
        doc.byline.outlet = doc.byline.outlet or again.byline.outlet

    def strip(self, doc: Document) -> Document:
        lang = doc.lang or ""
        ruleset = self.rules.get(lang)
        lines = doc.text.split("\n")
        out = ruleset.apply(lines, self.zones) if ruleset else Outcome(list(lines), [True] * len(lines))
        for removal in out.removals:
            doc.edit(self.name, removal.rule.name, "extract" if removal.rule.action == "extract" else "remove",
                     removal.text, None)
        for verdict in self.tail.classify(out.lines, out.keep, out.body_end, lang):
            out.keep[verdict.index] = False
            doc.edit(self.name, f"tail_{verdict.kind}", "remove", out.lines[verdict.index], None)
            doc.edit(self.name, f"tail_{verdict.kind}", "flag", None, verdict.evidence)
        found = list(out.found)
        if ruleset is not None:
            title = doc.title or doc.given.get("page_title")
            title = self.normalize_context([title], lang)[0] if title else None

            def is_title(line: str, last: bool) -> bool:
                # the known title; without one, a headline-like line just above the text
                if title:
                    return same_headline(line, title)
                return last and len(line) >= 8 and self.reads_as_headline(line, None, 0, lang)

            for source in ("head", "tail"):
                context = doc.given.get(f"page_{source}") or []
                if context:
                    found.extend(ruleset.read_context(self.normalize_context(context, lang), source, is_title))
        removals, read = len(out.removals), len(out.found)
        self.fill_title(doc, out, found, ruleset)
        for removal in out.removals[removals:]:  # a byline under the headline
            doc.edit(self.name, removal.rule.name, "extract", removal.text, None)
        found[0:0] = out.found[read:]
        body = [x for x, k in zip(out.lines, out.keep) if k]
        self.fill_fields(doc, found, body, ruleset)
        doc.text = "\n".join(body)
        if not doc.text.strip() and any(x.strip() for x in lines):
            doc.text = ""
            doc.warn("boilerplate: nothing is left of the text (a page with no article, e.g. a video page)")
        return doc

    def normalize_context(self, lines: list[str], lang: str) -> list[str]:
        """Page lines come straight from the page; the text came through normalize. Chinese context
        lines get the same script conversion, so names read from them match the text's. A label
        alone on its line ("作者:") is joined to the value on the next one."""
        joined: list[str] = []
        for line in lines:
            if joined and LABEL_ONLY.match(joined[-1]):
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        lines = joined
        if lang != "zh" or not self.context_opencc:
            return lines
        if self._converter is None:
            import opencc

            try:
                self._converter = opencc.OpenCC(self.context_opencc)
            except Exception as e:  # OpenCC raises a bare RuntimeError for an unknown config
                raise ConfigError(f"OpenCC cannot load {self.context_opencc!r}: {e}", *self.context.where("context_opencc"))
        return [self._converter.convert(x) for x in lines]

    # -- title ----------------------------------------------------------------------------------

    def after_title(self, title_line: int, out: Outcome, ruleset: RuleSet | None) -> None:
        """A byline under the headline ("茉莉"): the after_title rules on the next line."""
        nxt = out.next_line(title_line)
        if ruleset is None or nxt is None:
            return
        ruleset.apply_after_title(nxt, out)

    def fill_title(self, doc: Document, out: Outcome, found: list[Found], ruleset: RuleSet | None) -> None:
        first = out.next_line(-1)
        if first is None:
            return
        line = out.lines[first].strip()
        # a line is the headline only when everything before it went as head boilerplate
        at_top = first < self.zones.head_lines
        lang = doc.lang or ""
        if not doc.title and doc.given.get("page_title"):
            doc.title = self.page_title(doc, line, lang)
        if doc.title:
            if at_top and self.repeated_headline(doc, out, first, doc.title):
                self.after_title(first, out, ruleset)
            return
        ruled = next((f.value for f in found if f.field == "title" and f.source == "text"), None)
        if ruled:
            doc.title = ruled
            return
        if at_top and self.reads_as_headline(line, out, first, lang):
            doc.title = line
            out.keep[first] = False
            doc.edit(self.name, "headline_first_line", "extract", line, None)
            # the headline printed twice: a rerun, given this title, would drop the repeat too
            nxt = out.next_line(first)
            if nxt is not None and nxt < self.zones.head_lines and self.repeated_headline(doc, out, nxt, line):
                first = nxt
            self.after_title(first, out, ruleset)

    def repeated_headline(self, doc: Document, out: Outcome, i: int, title: str) -> bool:
        """Line i repeats the title: it goes (headline_repeated). True when it went."""
        line = out.lines[i].strip()
        if not same_headline(line, title):
            return False
        out.keep[i] = False
        doc.edit(self.name, "headline_repeated", "remove", line, None)
        return True

    def page_title(self, doc: Document, first_line: str, lang: str) -> str:
        """The page's title; when the page repeats it without the site's name ("… - 云南日报网"), as
        the text's first line or a line just above the text, that shorter form."""
        title = self.normalize_context([doc.given["page_title"].strip()], lang)[0]
        candidates = [first_line] + list(reversed(self.normalize_context(doc.given.get("page_head") or [], lang)))
        folded = unicodedata.normalize("NFKC", title)
        for candidate in candidates:
            candidate = candidate.strip()
            key = unicodedata.normalize("NFKC", candidate)
            if len(key) >= 4 and folded.startswith(key) and SITE_SUFFIX.match(folded[len(key):]):
                return candidate
        return title

    def reads_as_headline(self, line: str, out: Outcome | None, first: int, lang: str) -> bool:
        """Short, more text follows, and it neither ends nor runs like a sentence of the body."""
        limit = int(self.max_title_chars.get(lang, self.max_title_chars.get("en", 120)))
        if not line or len(line) > limit or NUMERIC_DATE.search(line) or CLOCK.search(line):
            return False
        if out is not None:  # more text must follow
            rest = sum(len(x) for x, k in zip(out.lines[first + 1:], out.keep[first + 1:]) if k)
            if rest < 2 * len(line):
                return False
        if lang == "zh":
            # 同志们！ 各位代表！: a short exclamation opens a speech, it is no headline
            salutation = len(line) <= 8 and line.endswith(("！", "!"))
            return (len(line) >= 5 and not line.endswith(SENTENCE_END_ZH) and "。" not in line
                    and line.count("，") <= 1 and not salutation)
        words = line.split()
        return len(words) >= 2 and not line.endswith(SENTENCE_END_EN) and not line[0].islower()

    # -- fields ---------------------------------------------------------------------------------

    def fill_fields(self, doc: Document, found: list[Found], body: list[str], ruleset: RuleSet | None) -> None:
        by = doc.byline
        by_source = {s: [f for f in found if f.source == s] for s in SOURCES}
        check = ruleset.outlet if ruleset else (lambda v: (v or "").strip() or None)
        if not by.outlet:
            by.outlet = next((o for s in SOURCES for f in by_source[s] if f.field == "outlet"
                              for o in [check(f.value)] if o), None)
        people = ruleset.people if ruleset else None
        for name in ("authors", "editors", "reviewers"):
            names = getattr(by, name)
            if names:
                continue
            for s in SOURCES:  # the first place that names any wins: the text's own credits before the page's
                for f in by_source[s]:
                    if f.field == name:
                        for person in (people.people(f.value) if people else [f.value]):
                            if person not in names:
                                names.append(person)
                if names:
                    break
        if not by.authors and doc.given.get("page_author") and people:
            by.authors.extend(people.people(doc.given["page_author"]))
        if not by.outlet and doc.given.get("page_sitename"):
            by.outlet = check(doc.given["page_sitename"])
        if not doc.published:
            doc.published = self.published(doc, found, body)

    def published(self, doc: Document, found: list[Found], body: list[str]) -> str | None:
        """Given metadata, then a full date from the text's time lines and datelines, then from the
        page's lines; a month and day alone take the year the article talks about."""
        if doc.given.get("page_date"):
            value = iso(*parse_date(doc.given["page_date"]))
            if value:
                return value
        partial = None
        for s in SOURCES:
            for f in found:
                if f.field != "published" or f.source != s:
                    continue
                year, month, day = parse_date(f.value)
                if year is not None:
                    value = iso(year, month, day)
                    if value:
                        return value
                elif month is not None and partial is None:
                    partial = (month, day)
        if partial is not None:
            return iso(article_year(doc.title, "\n".join(body)), *partial)
        return None
