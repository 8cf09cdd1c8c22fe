"""English entity rules over spaCy tokens: organisations by their head word, places from the
gazetteers (countries, Chinese divisions in pinyin, world places), geographic names by their head,
and people by their shape and context: a pinyin name (Zheng Jianxin), a title before a name
(Premier Li Keqiang, Chairman of the ... Board Henry Tang), a name before a title (Markus Soeder,
minister president of Bavaria), an honorific (Mr. ...), a name before "said"; then later mentions
of a person by the last part of the name (Putin said). Data in configs/entities/en.toml."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .components import text_of
from .zh_rules import GAZETTEER, NAMED, RULE, Candidate

PLACE_WORDS = {"Region", "Province", "City", "County", "District", "State", "Prefecture", "Municipality", "Town",
               "Village", "Street", "Road", "Avenue", "Square", "Park", "Stadium", "Stadion", "Airport", "Port"}
PARTICLES = {"de", "De", "van", "Van", "von", "bin", "al", "Al", "el", "da", "der", "del", "la", "Le", "le", "Mac", "di"}


@dataclass
class EnData:
    org_heads: set[str]
    org_joiners: set[str]
    not_names: set[str]
    demonyms: set[str]  # Chinese, Russian: never part of a person's name (but of an organisation's)
    named_orgs: list[str]
    loc_heads: set[str]
    loc_before: set[str]
    places: list[str]  # countries, Chinese divisions in pinyin, other places
    honorifics: set[str]
    person_verbs: set[str]
    titles: list[str]  # lower case
    title_prefixes: list[str]  # lower case: vice, deputy ...
    surnames: set[str]  # pinyin surnames, capitalised
    syllables: set[str]
    event_heads: set[str] = field(default_factory=set)  # Meeting, Forum: end an event's name, never a person's
    compound_ends: set[str] = field(default_factory=set)  # -based, -led: after a hyphen, not a given name's part
    org_stops: set[str] = field(default_factory=set)  # Minister, President: an organisation's name does not cross one


class Tokens(list):
    """A Doc's tokens as a list, with the Doc's text."""

    def __init__(self, doc):
        super().__init__(doc)
        self.text = text_of(doc)
        self.doc = doc

    @functools.cached_property
    def lower(self) -> str:
        """The text lower-cased, once per Doc (titles are matched on it)."""
        return self.text.lower()


def is_cap(t) -> bool:
    s = t.text
    return bool(s) and s[0].isupper() and any(c.isalpha() for c in s)


class EnRules:
    def __init__(self, data: EnData, nlp):
        from spacy.matcher import PhraseMatcher

        self.data = data
        self.places = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.places.add("GPE", list(nlp.tokenizer.pipe(sorted(set(data.places)))))
        self.orgs = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.orgs.add("ORG", list(nlp.tokenizer.pipe(sorted(set(data.named_orgs)))))
        alts = "|".join(re.escape(t).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"\s+")
                        for t in sorted(data.titles, key=len, reverse=True))
        prefixes = "|".join(map(re.escape, sorted(data.title_prefixes, key=len, reverse=True)))
        # matched on the lower-cased text (faster than IGNORECASE over many alternatives)
        self.title_re = re.compile(rf"\b(?:(?:{prefixes})[\s-]+)*(?:{alts})\b") if alts else None
        self.max_syllables = 3
        self.place_set = set(data.places)
        # single words of titles (President, Premier, Vice ...): never part of a name
        self.title_words = ({w for t in data.titles for w in re.split(r"[\s-]+", t)} | set(data.title_prefixes)) \
            - {"of", "the", "and", "state", "first", "second", "senior", "former"}

    # --- shapes -------------------------------------------------------------------------------
    def pinyin_given(self, word: str) -> bool:
        """Jianxin, Pu, Xiaoming: one to three toneless pinyin syllables."""
        w = word.lower().replace("-", "").replace("'", "")
        if not w.isalpha() or not w.isascii() or len(w) > 12:
            return False
        syl = self.data.syllables
        ok = [True] + [False] * len(w)
        count = [0] + [99] * len(w)
        for i in range(len(w)):
            if not ok[i]:
                continue
            for n in range(1, 7):
                if i + n <= len(w) and w[i:i + n] in syl and count[i] + 1 < count[i + n]:
                    ok[i + n] = True
                    count[i + n] = count[i] + 1
        return ok[len(w)] and count[len(w)] <= self.max_syllables

    def name_token(self, t) -> bool:
        d = self.data
        return (is_cap(t) and t.text not in d.not_names and t.text not in d.demonyms and t.text not in d.org_heads and t.text not in d.loc_heads
                and t.text not in d.honorifics and t.text not in d.event_heads and t.text not in PLACE_WORDS and t.lower_ not in self.title_words and not t.text.isupper() and t.text.replace(".", "").isalpha())

    def _joined(self, doc, j: int) -> bool:
        """A hyphen inside a name (no space on either side): a name part after it (Frank-Walter), or a
        short lower-case part of a given name after a short part (Chun-ying, Jong-un, Chan-o-cha), not
        a compound's end (York-based)."""
        if not (doc[j].text == "-" and j > 0 and not doc[j - 1].whitespace_ and not doc[j].whitespace_
                and j + 1 < len(doc)):
            return False
        before, after = doc[j - 1].text, doc[j + 1].text
        return self.name_token(doc[j + 1]) or (
            after.isascii() and after.isalpha() and after.islower() and len(after) <= 5
            and after not in self.data.compound_ends and before.isascii() and before.isalpha() and len(before) <= 5
            and (self.name_token(doc[j - 1]) or (j >= 3 and self._joined(doc, j - 2))))  # not 97-year-old

    def _hyphen_end(self, doc, j: int) -> int:
        """End (exclusive) of the name part at token j with the parts hyphenated to it (Chun-ying)."""
        while j + 1 < len(doc) and self._joined(doc, j + 1):
            j += 2
        return j + 1

    def name_after(self, doc, i: int, limit: int = 4) -> int:
        """End (exclusive) of a personal name starting at token i, or i when there is none."""
        j = i
        while j < len(doc) and j - i < limit:
            if self.name_token(doc[j]) or (doc[j].text in PARTICLES and j > i):
                j += 1
            elif j > i and self._joined(doc, j):  # the hyphen and the part after it
                limit += 2
                j += 2
            else:
                break
        while j > i and (doc[j - 1].text in PARTICLES or doc[j - 1].text == "-"):
            j -= 1
        return j

    def name_before(self, doc, i: int, limit: int = 3) -> int:
        """Start of a personal name ending at token i (exclusive), or i when there is none."""
        j = i
        while j > 0 and i - j < limit:
            if self.name_token(doc[j - 1]) or doc[j - 1].text in PARTICLES:
                j -= 1
            elif j >= 3 and self._joined(doc, j - 2):  # a hyphenated part (Chun-ying): both tokens
                limit += 2
                j -= 2
            else:
                break
        while j < i and doc[j].text in PARTICLES:
            j += 1
        return j

    # --- finders ------------------------------------------------------------------------------
    def find(self, doc) -> list[Candidate]:
        """Candidates of the Doc. The rules below index a plain list of its tokens: indexing the Doc
        makes a new Token object on every access."""
        toks = Tokens(doc)
        out: list[Candidate] = []
        out += [(toks[s].idx, toks[e - 1].idx + len(toks[e - 1]), "GPE", RULE) for _, s, e in self.places(doc)]
        out += [(toks[s].idx, toks[e - 1].idx + len(toks[e - 1]), "ORG", NAMED) for _, s, e in self.orgs(doc)]
        out += self.organisations(toks)
        out += self.locations(toks)
        people = self.people(toks)
        out += people
        out += self.mentions(toks, people)
        return out

    def organisations(self, doc) -> list[Candidate]:
        d, out = self.data, []
        n = len(doc)
        i = 0
        while i < n:
            t = doc[i]
            if t.text not in d.org_heads or not is_cap(t) or self._title_at(doc, i):
                i += 1  # not a head; nor one that starts a person's title (Shenzhen Party Secretary Wang Weizhong)
                continue
            j = i
            while j > 0 and ((is_cap(doc[j - 1]) and doc[j - 1].text not in d.not_names
                              and (doc[j - 1].text not in d.org_stops or doc[j].text in ("'s", "’s")))
                             or doc[j - 1].text in ("'s", "’s", "&")
                             or (doc[j - 1].text in ("-", "and") and j > 1 and is_cap(doc[j - 2])
                                 and doc[j - 2].text not in d.not_names)):
                j -= 1
            if j > 0 and doc[j - 1].text in d.org_stops:  # a title's name, then "and": the organisation starts after it
                j = max([x + 1 for x in range(j, i) if doc[x].text == "and"], default=j)
            while j < i and doc[j].text in ("'s", "’s", "&", "-"):
                j += 1
            k = i + 1
            while k < n:
                if doc[k].text in ("Co.", "Ltd.", "Inc.", "Ltd", "Co", "Corp."):
                    k += 1
                elif doc[k].text == "," and k + 1 < n and doc[k + 1].text in ("Ltd.", "Ltd", "Inc.", "Inc"):
                    k += 2
                elif doc[k].text in d.org_joiners and doc[k].text != "and" or (doc[k].text == "and" and k + 1 < n and is_cap(doc[k + 1])):
                    m = k + 1
                    if m < n and doc[m].lower_ == "the":
                        m += 1
                    e = m
                    while e < n and (is_cap(doc[e]) or doc[e].text in ("'s", "’s")) and doc[e].text not in d.not_names \
                            and (doc[e].text not in d.org_stops or e == m) and not self._pinyin_name_at(doc, e):
                        e += 1  # "of the Director of ...": a title opening a part; "... Congress Wang Chen": a name ends it
                    if e == m:
                        break
                    k = e
                elif doc[k].text in d.org_heads and is_cap(doc[k]):
                    k += 1
                else:
                    break
            if k - j >= 2 or k > i + 1:
                out.append((doc[j].idx, doc[k - 1].idx + len(doc[k - 1]), "ORG", RULE))
            i = k
        return out

    def locations(self, doc) -> list[Candidate]:
        d, out = self.data, []
        for i, t in enumerate(doc):
            if t.text in d.loc_heads and i > 0 and is_cap(doc[i - 1]) and doc[i - 1].text not in d.not_names:
                j = i
                while j > 0 and is_cap(doc[j - 1]) and doc[j - 1].text not in d.not_names and i - j < 4:
                    j -= 1
                out.append((doc[j].idx, t.idx + len(t), "LOC", RULE))
            elif t.text in d.loc_before and i + 1 < len(doc) and is_cap(doc[i + 1]):
                out.append((t.idx, doc[i + 1].idx + len(doc[i + 1]), "LOC", RULE))
        return out

    def people(self, doc) -> list[Candidate]:
        d, out = self.data, []
        n = len(doc)
        # pinyin names: Zheng Jianxin, Ouyang Xia
        for i in range(n - 1):
            a, b = doc[i], doc[i + 1]
            if self._pinyin_name_at(doc, i) \
                    and not (i + 2 < n and (doc[i + 2].text in d.org_heads or doc[i + 2].text in d.loc_heads)):
                if i > 0 and is_cap(doc[i - 1]) and doc[i - 1].text not in d.not_names and doc[i - 1].text not in d.honorifics \
                        and not self._title_word(doc[i - 1]) and not doc[i - 1].text.isupper():
                    continue  # part of a longer capitalised name (an acronym is not: the HKSAR Li Jiangzhou)
                b = doc[self._hyphen_end(doc, i + 1) - 1]
                out.append((a.idx, b.idx + len(b), "PERSON", RULE))
        # a title, maybe "of the <organisation>", then a name
        if self.title_re is not None:
            starts, ends = self._bounds(doc)
            titles = list(self.title_re.finditer(doc.lower))
            for m in titles:
                if m.end() not in ends:
                    continue
                k = ends[m.end()] + 1
                if k < n and doc[k].lower_ == "of":
                    k = self._skip_organisation(doc, k + 1)
                    if k is None:
                        continue
                e = self.name_after(doc, k)
                if (e == k + 1 and doc[k].text in d.surnames and e < n and doc[e].text in d.not_names
                        and is_cap(doc[e]) and self.pinyin_given(doc[e].text)):
                    e += 1  # Vice Premier Liu He: after a title and a surname, a given name that is also a word
                if e < n and (doc[e].text in d.event_heads or doc[e].text in d.org_heads):
                    continue  # Corps Commander Level Meeting: the title is part of a longer name
                if e > k and m.start() in starts:
                    out.append((doc[k].idx, doc[e - 1].idx + len(doc[e - 1]), "PERSON", RULE))
            # a name, a comma, (a|the) title: Markus Soeder, minister president of Bavaria
            for m in titles:
                ti = starts.get(m.start())
                if ti is None:
                    continue
                c = ti - 1
                if c >= 0 and doc[c].lower_ in ("the", "a", "an"):
                    c -= 1
                if c >= 0 and doc[c].lower_ in ("also", "now", "formerly"):
                    c -= 1
                if c < 1 or doc[c].text != ",":
                    continue
                if m.end() in ends and self.name_after(doc, ends[m.end()] + 1) - (ends[m.end()] + 1) >= 2:
                    continue  # head of Counter Terrorism Policing, Assistant Commissioner Neil Basu: the next name's title
                s = self.name_before(doc, c)
                if c - s >= 2:
                    out.append((doc[s].idx, doc[c - 1].idx + len(doc[c - 1]), "PERSON", RULE))
        # honorifics and verbs of saying
        for i, t in enumerate(doc):
            if t.text in d.honorifics:
                e = self.name_after(doc, i + 1, 3)
                if e > i + 1:
                    out.append((doc[i + 1].idx, doc[e - 1].idx + len(doc[e - 1]), "PERSON", RULE))
            elif t.text in d.person_verbs:
                s = self.name_before(doc, i, 3)
                if i - s >= 2 and (s == 0 or not is_cap(doc[s - 1])):
                    out.append((doc[s].idx, doc[i - 1].idx + len(doc[i - 1]), "PERSON", GAZETTEER))
                e = self.name_after(doc, i + 1, 3)  # says Stephen Roach.
                if e - (i + 1) >= 2 and (e == len(doc) or doc[e].is_punct):
                    out.append((doc[i + 1].idx, doc[e - 1].idx + len(doc[e - 1]), "PERSON", GAZETTEER))
        return out

    def _title_at(self, doc, i: int) -> bool:
        """Whether a person's title of two or more words starts at token i (Party Secretary)."""
        if self.title_re is None:
            return False
        m = self.title_re.match(doc.lower, doc[i].idx)
        return bool(m) and " " in m.group().strip()

    def _pinyin_name_at(self, doc, i: int) -> bool:
        """Whether tokens i, i+1 are a pinyin surname and given name (Zheng Jianxin, Wang Chen), not a
        place written so."""
        if i + 1 >= len(doc):
            return False
        a, b = doc[i], doc[i + 1]
        return (a.text in self.data.surnames and len(a.text) > 1 and is_cap(b) and self.name_token(b)
                and self.pinyin_given(b.text) and f"{a.text} {b.text}" not in self.place_set)

    def _title_word(self, t) -> bool:
        return self.title_re is not None and bool(self.title_re.fullmatch(t.lower_))

    @staticmethod
    def _bounds(doc) -> tuple[dict[int, int], dict[int, int]]:
        """Token index by start offset and by end offset."""
        from spacy.attrs import IDX, LENGTH

        arr = doc.doc.to_array([IDX, LENGTH])
        idx = arr[:, 0].tolist()
        ends = (arr[:, 0] + arr[:, 1]).tolist()
        return dict(zip(idx, range(len(idx)))), dict(zip(ends, range(len(ends))))

    def _skip_organisation(self, doc, k: int) -> int | None:
        """After "of": skip "the" and the capitalised organisation or place up to the first of its head
        words that a name follows (Chairman of ... Authority Board Henry Tang); None when there is no
        such head (president of the German Paul-Ehrlich-Institut: no name after it)."""
        d, n = self.data, len(doc)
        if k < n and doc[k].lower_ == "the":
            k += 1
        j = k
        while j < n and (is_cap(doc[j]) or doc[j].text in ("'s", "’s", "-", "of", "for", "the")):
            if doc[j].text in d.org_heads or doc[j].text in PLACE_WORDS:
                e = self.name_after(doc, j + 1)
                if e - (j + 1) >= 2:
                    return j + 1
            j += 1
        return None

    def mentions(self, doc, people: list[Candidate]) -> list[Candidate]:
        """Later mentions by one part of a name found above: the last part of a foreign name
        (Vladimir Putin -> Putin), the surname of a pinyin name (Li Keqiang -> Li), when only one
        person of the article has that part."""
        text = doc.text
        parts: dict[str, set[str]] = {}
        for s, e, _, _ in people:
            words = text[s:e].split()
            if len(words) < 2:
                continue
            key = words[0] if words[0] in self.data.surnames and self.pinyin_given(words[-1]) else words[-1]
            parts.setdefault(key, set()).add(text[s:e])
        out = []
        for t in doc:
            names = parts.get(t.text)
            if names and len(names) == 1 and t.text not in self.data.not_names:
                out.append((t.idx, t.idx + len(t), "PERSON", GAZETTEER))
        return out
