"""Chinese entity rules: organisation names built from parts, the place gazetteer, one-character
place abbreviations, a title before a name (the stoplist is applied where candidates are resolved,
components.ResolveComponent). Data in configs/entities/ and configs/officials/."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

Candidate = tuple[int, int, str, int]  # start, end, label, priority (higher wins an overlap)

DIVISION_ENDINGS = "省市县区州旗盟"  # the last characters of a division's name
DIVISION_END = re.compile(f"[{DIVISION_ENDINGS}]")
MODEL, RULE, NAMED = 2, 3, 4  # priorities: rule-built names beat the tagger, fixed names beat both
GAZETTEER = 1
# characters that end a Chinese given name's run: a verb or particle right after a name
NAME_STOP = set("出在说表强指讲主参等和与同及率到一向对为是也就代宣致作介陪会带分先还今近日上下前后的了提捐透接介认称"
                "、，。；：！？“”（）《》 \n")
# the last characters of a place's name: the divisions' and 镇 乡 村
PLACE_ENDINGS = DIVISION_ENDINGS + "镇乡村"
# last characters of buildings, bodies and places, never of a person's name
NOT_NAME_END = set("馆园站厅院所局部会社场楼宫寺塔桥港湾岛山河湖" + PLACE_ENDINGS)
# surnames that are far more often a function word right after a title (副理事长和全体理事,
# 主任由本级人大选举, 局长向记者介绍)
NOT_AFTER_TITLE = set("和于向由时党也都")
# surnames that are far more often a word of their own before a title (由省长, 原副镇长, 连局长办公室)
NOT_BEFORE_TITLE = set("由但连应任原前方国从于在对向为把被将和与及同时党也都新老代现总正副")


@dataclass
class ZhData:
    levels: list[str]
    bodies: set[str]
    suffixes: list[str]
    named: list[str]
    places: set[str]  # lexicons.place_names: divisions, countries, cities abroad
    place_suffix_ok: set[str]  # suffixes a bare place may take: 邯郸市 + 人民政府
    titles: list[str]  # Chinese titles (with their prefixes), longest first
    surnames: set[str]
    abbrev_countries: str = ""
    pair_followers: list[str] = field(default_factory=list)
    abbrev_verbs: list[str] = field(default_factory=list)
    places_after_verbs: str = ""
    words: dict[str, int] | None = None  # jieba's lexicon classes (1: a word that is not a name)
    side_before: str = ""
    not_sides: set[str] = field(default_factory=set)  # 西方 (the West), 南方 (the south): no country's side
    eponyms: list[str] = field(default_factory=list)  # people trophies are named after: 汤姆斯 (汤姆斯杯)
    leading_verbs: list[str] = field(default_factory=list)  # 逼平 (逼平四川全兴队): never the start of a name


class ZhRules:
    def __init__(self, data: ZhData):
        self.data = data
        alts = sorted(set(data.suffixes) | set(data.named), key=len, reverse=True)
        self.suffix_re = re.compile("|".join(map(re.escape, alts))) if alts else None
        self.named = set(data.named)
        self.body_lengths = sorted({len(b) for b in data.bodies}, reverse=True)
        self.place_lengths = sorted({len(p) for p in data.places}, reverse=True)
        self.levels = sorted(data.levels, key=len, reverse=True)
        verbs = "|".join(map(re.escape, sorted(data.leading_verbs, key=len, reverse=True)))
        self.leading_verb = re.compile(rf"(?:{verbs})(?=[\u4e00-\u9fff])") if verbs else None
        self.pairs = self.after_verb = None
        if data.abbrev_countries and data.pair_followers:
            chars = re.escape(data.abbrev_countries)
            followers = "|".join(map(re.escape, sorted(data.pair_followers, key=len, reverse=True)))
            self.pairs = re.compile(rf"(?<![\u4e00-\u9fff])[{chars}]{{2,4}}(?={followers})|(?<=[，、。；：\s“（])[{chars}]{{2,4}}(?={followers})")
        self.side = None
        if data.abbrev_countries:
            before = re.escape(data.side_before + "\n")
            self.side = re.compile(rf"(?:^|(?<=[{before}]))([{re.escape(data.abbrev_countries)}])方(?![面法向式案针])", re.M)
        if data.abbrev_verbs and data.places_after_verbs:
            verbs = "|".join(map(re.escape, sorted(data.abbrev_verbs, key=len, reverse=True)))
            self.after_verb = re.compile(rf"(?:{verbs})([{re.escape(data.places_after_verbs)}])")
        self.eponym_re = None
        if data.eponyms:
            alts = "|".join(map(re.escape, sorted(data.eponyms, key=len, reverse=True)))
            self.eponym_re = re.compile(rf"({alts})(?:[、和与及]?({alts}))?杯(?![子具])")
        title_alts = "|".join(map(re.escape, data.titles))
        # a title right before a name the tagger took for a place (部长阿比托): see title_person
        self.title_before = re.compile(rf"(?:{title_alts})$") if data.titles else None
        # a title right before a surname and one or two more characters: 局长龙小艾
        single = "".join(sorted(s for s in data.surnames if len(s) == 1 and s not in NOT_AFTER_TITLE))
        self.title_name_re = re.compile(rf"(?:{title_alts})(?=([{single}]))") \
            if data.titles and data.surnames else None
        # a surname alone before a title, at a clause's start or after a word of its own: 汤局长, 项市长
        # (not a word that is more often a function word or a country's abbreviation: 由省长, 原副镇长, 巴总理)
        lone = "".join(sorted(set(single) - NOT_BEFORE_TITLE - set(data.abbrev_countries)))
        self.surname_title_re = re.compile(rf"(?:^|(?<=[，。；：、！？“（\s当由请据向对找托让]))([{lone}])(?={title_alts})", re.M) \
            if data.titles and data.surnames else None

    def person_span(self, text: str, s: int, e: int) -> tuple[int, int]:
        """A person's bounds, mended where a name ran into the words around it: a function word
        before a surname (曲局长为景甜: 为 is "for", 景甜 the name), and a third character that starts
        the next word (局长龙峰不知道: 不知; 余弦信心满满: 信心) when the text also has the name without
        it (龙峰自己, 余弦主持): the text is the best judge of its own names."""
        surnames, words = self.data.surnames, self.data.words or {}
        if e - s >= 3 and text[s] in NAME_STOP and text[s] not in surnames and text[s + 1] in surnames:
            s += 1
        if (e - s == 3 and text[s] in surnames
                and (words.get(text[e - 1:e + 1]) == 1 or words.get(text[e - 1:e + 2]) == 1)
                and text.count(text[s:e - 1]) > text.count(text[s:e])):
            e -= 1
        return s, e

    def organisations(self, text: str) -> list[Candidate]:
        out: list[Candidate] = []
        if self.suffix_re is None:
            return out
        d = self.data
        for m in self.suffix_re.finditer(text):
            s, e = m.span()
            word = m.group()
            if word in self.named:
                out.append((s, e, "ORG", NAMED))
                continue
            start = None
            for n in self.body_lengths:
                if n <= s and text[s - n:s] in d.bodies:
                    start = s - n
                    break
            if start is None and word not in d.place_suffix_ok:
                continue
            begin = s if start is None else start
            placed = False
            for n in self.place_lengths:
                if n <= begin and text[begin - n:begin] in d.places:
                    begin -= n
                    placed = True
                    break
            if not placed:
                for lv in self.levels:
                    if text.startswith(lv, begin - len(lv)) and begin >= len(lv):
                        begin -= len(lv)
                        placed = True
                        break
            if start is None and not placed:
                continue  # a bare 人民政府
            out.append((begin, e, "ORG", RULE))
        return out

    def abbreviations(self, text: str, word_starts: frozenset[int] = frozenset()) -> list[Candidate]:
        """One-character places: each of 中美 in 中美关系 (over the tagger's reading), 华 in 访华 (where
        the tagger found nothing), 中 in 中方. After a verb, a character that starts a longer word
        (`word_starts`: 深化, 日记, 美好, 港口) is that word, not a place: 在深化改革, 对美好生活."""
        out: list[Candidate] = []
        if self.pairs is not None:
            for m in self.pairs.finditer(text):
                out += [(i, i + 1, "GPE", RULE) for i in range(m.start(), m.end())]
        if self.after_verb is not None:
            for m in self.after_verb.finditer(text):
                if m.start(1) not in word_starts:
                    out.append((m.start(1), m.end(1), "GPE", GAZETTEER))
        if self.side is not None and "方" in text:
            for m in self.side.finditer(text):
                if m.group() not in self.data.not_sides:
                    out.append((m.start(1), m.end(1), "GPE", RULE))
        return out

    def division_names(self, text: str) -> list[Candidate]:
        """Full division names ending at a 省/市/县/区/州/旗/盟 character, also inside a longer word
        (河北省政府, 邯郸市市场监督管理局: the tagger and the word gazetteer see one word there)."""
        out: list[Candidate] = []
        places = self.data.places
        for m in DIVISION_END.finditer(text):
            e = m.end()
            for n in range(min(9, e), 1, -1):
                if text[e - n:e] in places:
                    out.append((e - n, e, "GPE", GAZETTEER))
                    break
        return out

    def surname_titles(self, text: str) -> list[Candidate]:
        """A surname alone right before a title is a person (汤局长, 常副局长, 托项市长), unless the two
        characters before the title make a word (常务: not 常)."""
        if self.surname_title_re is None:
            return []
        words = self.data.words or {}
        return [(m.start(1), m.end(1), "PERSON", GAZETTEER) for m in self.surname_title_re.finditer(text)
                if words.get(text[m.start(1):m.start(1) + 2]) is None]

    def eponym_names(self, text: str) -> list[Candidate]:
        """The person a trophy is named after is a person: 汤姆斯 in 汤姆斯杯, 汤 and 尤 in 汤杯 and 汤、尤杯
        (as the People's Daily NER data marks them)."""
        if self.eponym_re is None or "杯" not in text:
            return []
        return [(m.start(g), m.end(g), "PERSON", RULE) for m in self.eponym_re.finditer(text)
                for g in (1, 2) if m.group(g)]

    def title_person(self, text: str, s: int, e: int, label: str) -> str:
        """The label of a tagger's place right after a person's title: a person, unless the gazetteer
        knows the place (总统阿比托, 部长阿比托; not 省长河北)."""
        if (label in ("GPE", "LOC") and self.title_before is not None and text[s:e] not in self.data.places
                and e - s <= 5 and text[e - 1] not in NOT_NAME_END  # 田中角荣纪念馆: a building, not a name
                and self.title_before.search(text, max(0, s - 8), s)
                and text[e - 1:e + 1] not in (self.data.words or {})):  # 总统廉政委|员会: it ends inside a word
            return "PERSON"
        return label

    def titled_names(self, text: str) -> list[Candidate]:
        """A surname and one or two characters right after a title: a person (局长龙小艾), unless they
        start an everyday word (主任商量过: 商量)."""
        out: list[Candidate] = []
        if self.title_name_re is None:
            return out
        for m in self.title_name_re.finditer(text):
            s = m.end()
            given = 0
            for ch in text[s + 1:s + 3]:
                if ch in NAME_STOP or not ("\u4e00" <= ch <= "\u9fff"):
                    break
                given += 1
            words = self.data.words or {}
            if given and not any(words.get(text[s:s + n]) == 1 for n in (2, 3)):  # 主任商量过, 局长全面实施
                out.append((s, s + 1 + given, "PERSON", GAZETTEER))
        return out
