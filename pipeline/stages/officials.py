"""officials: named office-holders, with every title/organisation pair the article gives them.

Built on the entities stage's PERSON and ORG entities and the title lexicons in configs/officials/.

Chinese puts the titles before the name and chains them with 、 (市委副书记、市长郑建新): the text
left of a name is read backwards, title by title, each with the organisation right before it (an
ORG entity, or a bare 市政府/市委); a title without one takes the chain's organisation when it
belongs to it (湛江市市场监管局党组书记、局长: 局长 is the 局's; 市长 is not the 市委's). A title right
after a name counts too (郑建新市长), and a name listed after an official (副市长张三、李四) shares
that official's titles.

English uses appositions and prefixes: "Wang Pu, deputy director of the Provincial Market
Supervision Bureau", "the director of the ... Office, Wang Pu,", "General Secretary Xi Jinping",
"Chief Executive of the Hong Kong Special Administrative Region Carrie Lam", "Russian President
Vladimir Putin" (the organisation is Russia).

One entry per person; `spans` are every mention of the name (and of its short form, Putin or 李,
when only that person has it). Names in the byline are credits, never officials.
"""
from __future__ import annotations

import re

from .. import zhstats
from ..document import Document, Official, Role
from ..ner import lexicons
from ..ner.zh_rules import PLACE_ENDINGS
from .base import Stage, StageContext



def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _inside_word(seg: str, at: int, n: int, words: dict[str, int]) -> bool:
    """Whether the n characters at `at` are inside a longer dictionary word of seg (及 in 阿尔及利亚,
    由 in 自由党): a mark there breaks nothing."""
    return any(words.get(seg[i:j]) for i in range(max(0, at - 4), at + 1)
               for j in range(at + n, min(len(seg), at + n + 4) + 1) if j - i > n)


def _add_roles(into: list[Role], roles: list[Role]) -> None:
    """Append the roles `into` does not have yet (the same title, in any case, and organisation)."""
    for r in roles:
        if all((r.title.lower(), r.org) != (q.title.lower(), q.org) for q in into):
            into.append(r)


CHAIN_JOINERS = "、兼"  # 市委副书记、市长; 副理事长兼秘书长
# "by" (由, 被), "of" (的), "and" (以及, 及): what stands before them is not part of the organisation after them
ZH_ORG_BREAKS = ("由", "被", "的", "以及", "及")
ZH_CLAUSE_END = re.compile(r"[，。；、,;：:！？\n（(]")
ZH_NAME_NOTE = re.compile(r"[（(][^）)]{1,6}[）)]")
ZH_REFERRED = "该这那此"  # 该中心主任: an organisation referred to, not named
ZH_FORMER = "原前"  # title prefixes that say "former"
ZH_PLACE_ENDINGS = tuple(PLACE_ENDINGS)
ZH_NOT_A_NAME_START = ZH_REFERRED + "本全各我"  # 该市市长, 全县: a place referred to, not named (全国政协 is an organisation's name)
ZH_NOT_IN_SHORT_ORG = "有是在只为了"  # verbs and particles: a clause, not an organisation's short name
ZH_BARE_ORG = re.compile(r"(?:(?:省|市|县|区|州|镇|乡|自治区|全国|中央|党)(?:委|政府|人民政府|人大常委会|人大|政协|纪委|监委|"
                         r"党委|委员会))$")
# where an organisation after "title of|for" ends; "and" ends it only before another title
# (deputy secretary of the party committee and mayor), not inside a name (University of Science
# and Technology of China)
EN_END = (r"(?=[ \t]*(?:[,.;:)\"“”\n]|--|\band\s+(?:(?:the|a|an|also)\s+)?(?:(?:{demonym})\s+)?(?:{title})\b|\band\s+(?-i:[a-z])|\bwho\b|{verbs}|"
          r"\bon\b|\bat\b|\bin\b|\bto\b|\bwill\b|\bhas\b|\bhad\b|\bwas\b|\bis\b|$))")


# what may stand between a title's organisation and the name the title is before: more of the
# organisation's name, with no punctuation and no other word (in the HKSAR, of the State Council)
EN_ORG_TAIL = re.compile(r"\s*(?:(?:in|of|at|for|the)\s+|[A-Z][\w'’.&-]*\s+)*")
# one or two capitalised words before 's: whose title or organisation it is (China's, Beijing's)
EN_POSSESSOR = r"(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"


class Officials(Stage):
    name = "officials"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.zh = lexicons.titles(context, "titles_zh_file")
        self.en = lexicons.titles(context, "titles_en_file")
        country_rows = lexicons.tsv_rows(context, "countries_file", 3)
        self.adjective_country = {a: r[1].split("|")[0] for r in country_rows for a in r[2].split("|") if a}
        self.country_names = {n for r in country_rows for n in r[1].split("|") if n}
        self.max_zh_rank = int(context.setting("max_zh_rank", 6, int))
        zh_titles = sorted((t for t, r in self.zh.ranks.items() if r <= self.max_zh_rank), key=len, reverse=True)
        self.zh_prefixes = sorted(self.zh.prefixes, key=len, reverse=True)
        self.zh_leading = sorted(self.zh.leading_words, key=len, reverse=True)
        self.zh_not_titles = tuple(self.zh.not_titles)
        self.zh_elected_after = sorted(self.zh.elected_after, key=len, reverse=True)  # 当选为 before 当选
        self.zh_elected_by = tuple(self.zh.elected_by)
        zh_prefix = "|".join(map(re.escape, self.zh_prefixes))
        zh_title = rf"(?:{zh_prefix})*(?:{'|'.join(map(re.escape, zh_titles))})"
        self.zh_title_end = re.compile(rf"{zh_title}$")
        self.zh_org_endings = tuple(sorted(self.zh.org_endings, key=len, reverse=True))
        self.zh_title_start = re.compile(zh_title)
        en_prefix = "|".join(map(re.escape, sorted(self.en.prefixes, key=len, reverse=True)))
        en_titles = "|".join(re.escape(t).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"\s+")
                             for t in sorted(self.en.ranks, key=len, reverse=True))
        # a posting's place is part of the title (Ambassador to the US, to South Africa): capitalised words
        # (before a name the window ends at the name, so the place cannot run into it)
        # dots only inside (U.S.); not the honorific after it (Ambassador to India H.E. Sun Weidong)
        place = r"(?!H\.E\.)[A-Z](?:[\w'’&-]|\.(?=\w)|(?<=\.\w)\.)*"
        posted = "|".join(rf"(?<={re.escape(t)})" for t in self.en.destination_titles)
        destination = rf"(?:(?:{posted})\s+to\s+(?:the\s+)?(?-i:{place}(?:[ \t]+{place})*))?" if posted else ""
        title = rf"(?:(?:{en_prefix})[\s-]+)*(?:{en_titles}){destination}"
        # a word of an organisation's name: dots only inside (U.S.), or an acronym in brackets (CPC);
        # a lower-case portfolio whose "and" would otherwise end it is one word (housing and urban-rural development)
        phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(self.en.org_phrases, key=len, reverse=True))
        word = (rf"(?:{phrases}|" if phrases else "(?:") + r"[A-Za-z0-9](?:[\w'’&-]|\.(?=\w)|(?<=\.\w)\.)*|\([A-Z]{2,6}\))"
        org = rf"(?:the\s+)?{word}(?:[ \t]+{word})*?"
        acronym = r"(?:\s*\([A-Z]{2,6}\))?"  # chief executive officer (CEO) of BioNTech
        # a clause's verb (configs/officials/titles_en.toml clause_verbs): no organisation's word
        self.en_verbs = re.compile(rf"\b(?:{'|'.join(map(re.escape, self.en.clause_verbs))})\b", re.IGNORECASE) \
            if self.en.clause_verbs else None
        # a country adjective before a title in a chain (..., a member of X and Chinese premier)
        demonym = "(?-i:" + "|".join(map(re.escape, sorted(self.adjective_country, key=len, reverse=True))) + ")" \
            if self.adjective_country else "(?!)"
        end = EN_END.replace("{title}", title).replace("{verbs}", self.en_verbs.pattern if self.en_verbs else "(?!)")
        end = end.replace("{demonym}", demonym)
        # whose title it is, said by a possessive (Zhang Ming, China's ambassador to the EU)
        possessor = rf"{EN_POSSESSOR}['’]s"
        # \b: not "chairs"; or a posting's place that ends in a dot (Ambassador to the U.S.)
        one = rf"(?P<t>{title})(?:\b|(?<=\.)){acronym}(?:\s+(?:of|for)\s+(?P<o>{org}){end})?"
        plain = rf"(?:{title})(?:\b|(?<=\.)){acronym}(?:\s+(?:of|for)\s+(?:{org}){end})?"
        article = r"(?:(?:also|now|currently|formerly)\s+)?(?:(?:the|a|an)\s+)?"
        self.en_after = re.compile(rf"(?:,\s*(?:who\s+(?:is|was|has\s+been)\s+)?|\s+as\s+){article}((?:(?:{demonym}\s+)?{plain}|{possessor}\s+{plain}(?=\s*(?:[,.;:)\"”]|(?:and|of|for|to|in)\b)))(?:(?:\s*,\s*|\s*,?\s+and\s+){article}(?:{demonym}\s+)?{plain})*)",
                                   re.IGNORECASE)
        # the items of such a chain, after a comma or "and" (general secretary of X, Chinese president and chairman of Y)
        self.en_chain_item = re.compile(rf"(?:^|\s*,\s*|\s*,?\s+and\s+){article}(?:(?P<adj>{demonym})\s+|(?P<poss>{possessor})\s+)?{one}",
                                        re.IGNORECASE)
        self.en_before = re.compile(rf"(?:^|[\s,(])(?:the\s+)?{one}\s*,\s*$", re.IGNORECASE)
        # (His Excellency between the title and the name: Ambassador to India H.E. Sun Weidong)
        self.en_prefix_title = re.compile(rf"(?:^|[\s(\"“]){one}\s+(?-i:H\.E\.\s+)?$", re.IGNORECASE)
        self.en_ends_in_title = re.compile(rf"\band\s+(?:(?:the|a|an)\s+)?(?:{demonym}\s+)?{title}$", re.IGNORECASE)
        self.en_prefix_chain = re.compile(rf"(?:^|[\s(\"“]){one}\s+and\s*$", re.IGNORECASE)  # the title before "and <title> Name"
        # "..., a spokesperson for the Ministry of National Defense said Thursday. Wu Qian said ...":
        # an unnamed speaker at the end of one sentence, named as the speaker of the next
        self.en_unnamed_speaker = re.compile(rf"\b(?:a|an|the)\s+{one}\s+(?:said|says|told\s+[\w ]+?|noted|added)"
                                             rf"(?:\s+on)?(?:\s+(?:\w+day|today|yesterday))?\s*\.\s+$", re.IGNORECASE)
        self.en_speaks = re.compile(r"\s+(?:said|says|told|noted|added|stressed|stated)\b")
        # what may stand before such a title as its organisation: Russian, FAA, Tokyo 2020
        self.en_adjective = re.compile(r"(?:^|[\s(\"“])((?:[A-Z][\w.'’-]*)(?:\s+(?:[A-Z][\w.'’-]*|\d{4}))?)\s+$")

    # --- Chinese ------------------------------------------------------------------------------
    def zh_roles(self, text: str, s: int, e: int, org_ends: dict[int, str], person_ends: dict[int, int],
                 place_ends: dict[int, str]) -> list[Role]:
        start = s
        while start > 0 and s - start < 60 and (_han(text[start - 1]) or text[start - 1].isalnum() or text[start - 1] in CHAIN_JOINERS):
            start -= 1
        chain: list[tuple[str, str | None]] = []
        pos = s
        while pos > start:
            m = self.zh_title_end.search(text, start, pos)
            if m is None or self.zh_not_titles and text.endswith(self.zh_not_titles, start, pos):
                break
            org, a = self._zh_org_before(text, start, m.start(), m.group(), org_ends, place_ends)
            chain.append((m.group(), org))
            if a > start and text[a - 1] in CHAIN_JOINERS:
                pos = a - 1
                continue
            break
        chain.reverse()
        roles, shared = [], None
        for title, org in chain:
            if org:
                shared = org
            elif shared and self._zh_belongs(title, shared):
                org = shared
            roles.append(Role(title, org))
        # a title right after the name: 郑建新市长; not one a name follows, which is that name's
        # (联发科总经理陈冠州: the company, then its manager)
        m = self.zh_title_start.match(text, e)
        if m and m.end() not in person_ends:
            roles.append(Role(m.group(), None))
        return roles

    def _zh_org_before(self, text: str, start: int, a: int, title: str, org_ends: dict[int, str],
                       place_ends: dict[int, str]) -> tuple[str | None, int]:
        """The organisation of the title at `a` and where it starts (`a` when there is none), from the
        first of: an ORG entity or a written organisation ending there, a bare level body (市委), an
        organisation whose last character is the title's first (国防部长), a place entity (韩国总统), the
        sender of a posting (以色列驻华大使), a place written out (黄泥河镇党委书记)."""
        org = org_ends.get(a) or self._zh_written_org(text, start, a)
        org_start = a - len(org) if org else a
        if org is None:
            b = ZH_BARE_ORG.search(text, start, a)
            org, org_start = (b.group(), b.start()) if b else (None, a)
        if org is None and title in self.zh.shared_suffix_titles:
            # the organisation's last character is the title's first: 国防部长 = 国防部 + 部长
            shared = org_ends.get(a + 1) or self._zh_written_org(text, start, a + 1)
            # written out, only a short name that reads as one (not 全分局只有局 in 全分局只有局长)
            if shared and 3 <= len(shared) and (org_ends.get(a + 1) or len(shared) <= 6 and not
                                                any(c in ZH_NOT_IN_SHORT_ORG for c in shared)):
                org, org_start = shared, a + 1 - len(shared)
        # 韩国总统金泳三, 武汉市市长: the place's office; not 驻华大使 (the posting), nor a one-character
        # abbreviation (阿总理: Albania's, Argentina's?)
        place = place_ends.get(a)
        if org is None and place and len(place) >= 2 and text[a - len(place) - 1:a - len(place)] != "驻":
            org, org_start = place, a - len(place)
        # 以色列驻华大使南月明: the office is the sending country's (or body's: 欧盟驻华大使), also
        # where the posting is an organisation (美国驻联合国大使: not the 联合国's)
        if org is not None and text[org_start - 1:org_start] == "驻":
            org, org_start = None, a
        posted_at = text.rfind("驻", max(start, a - 7), a)
        if org is None and posted_at > start and not ZH_CLAUSE_END.search(text, posted_at, a):
            sender = place_ends.get(posted_at) or org_ends.get(posted_at)
            if sender and len(sender) >= 2:
                org, org_start = sender, posted_at - len(sender)
        if org is None:  # a place written out and not found as one: 黄泥河镇党委书记
            written = self._zh_written_org(text, start, a, ZH_PLACE_ENDINGS)
            if written and written[0] in ZH_FORMER and len(written) >= 4 and written[:2] not in self._dictionary():
                written = written[1:]  # 原五里桥乡党委书记: the title's former, not the place's (原平市 stays)
            # a place's name holds no title or conjunction (赵文和该县县长: two people's words)
            if (written and written[0] not in ZH_NOT_A_NAME_START and not self.zh_title_start.search(written)
                    and not any(c in written for c in "和与及")):
                org, org_start = written, a - len(written)
        return org, org_start

    @staticmethod
    def _dictionary() -> dict[str, int]:
        """jieba's word table (the entities stage loaded it): which strings are words, or their prefixes."""
        return zhstats.word_model()[0]

    def zh_elected(self, text: str, s: int, e: int, person_ends: dict[int, int]) -> list[Role]:
        """The office a name is elected or appointed to (王守海当选为武汉市市长; 选举宋宝瑞、秦玉琴为省委
        副书记): the title ending the words after 当选为 (or after 为, in a sentence that elects), with
        what is written before it as its organisation."""
        pos = self._zh_skip_note(text, e)
        q = next((pos + len(w) for w in self.zh_elected_after if text.startswith(w, pos)), None)
        if q is None:
            sentence = max(text.rfind(c, 0, s) for c in "。；！？\n") + 1
            if not any(w in text[sentence:s] for w in self.zh_elected_by):
                return []
            while text.startswith("、", pos) and pos + 1 in person_ends:  # the rest of a list of names
                pos = self._zh_skip_note(text, person_ends[pos + 1])
            if not text.startswith("为", pos):
                return []
            q = pos + 1
        end = ZH_CLAUSE_END.search(text, q, q + 30)
        seg = text[q:end.start() if end else min(len(text), q + 30)]
        m = self.zh_title_end.search(seg)
        if m is None or self.zh_not_titles and seg.endswith(self.zh_not_titles):
            return []
        org = seg[:m.start()].split("驻", 1)[0].removeprefix("了")  # 首任驻华大使: 驻华 is the posting; 担任了
        for prefix in self.zh_prefixes:  # 首任, 原: the title's, not the organisation's
            if org.startswith(prefix):
                org = org[len(prefix):]
                break
        if org and m.group() in self.zh.shared_suffix_titles and org[-1] != m.group()[0]:
            org += m.group()[0]  # 市公安局长: the 局's 局长, written once
        return [Role(m.group(), org if len(org) >= 2 else None)]

    @staticmethod
    def _zh_skip_note(text: str, pos: int) -> int:
        """After a note in brackets after a name (阿古拉（蒙古族）, 刘淑莹（女）)."""
        m = ZH_NAME_NOTE.match(text, pos)
        return m.end() if m else pos

    def _zh_written_org(self, text: str, start: int, a: int, endings: tuple[str, ...] | None = None) -> str | None:
        """The words between the last separator and a title, when they end like an organisation (or
        with one of `endings`)."""
        seg_start = max([start] + [text.rfind(j, start, a) + 1 for j in CHAIN_JOINERS])
        seg = text[seg_start:a]
        # a clause's agent before it (报告会由总政治部副主任...主持: 由 is "by"; not the 由 of 自由党), and
        # what a 的 or a 及 ties to it (陪同总统访华的贝宁外交和合作部, 谈话及宇航局) are not part of it
        words = self._dictionary()
        for mark in ZH_ORG_BREAKS + self.zh_elected_by:  # nor what elects or appoints it (任命)
            cut = seg.rfind(mark)
            if cut > 0 and len(seg) - cut - len(mark) >= 2 and not _inside_word(seg, cut, len(mark), words):
                seg = seg[cut + len(mark):]
        for word in self.zh_leading:  # 根据社会科学院...中心主任: the organisation starts after 根据
            # ... unless it begins a word there (经济开发区, 对外友好协会, 自治区: not 经, 对, 自)
            if seg.startswith(word) and len(seg) - len(word) >= 2 and not words.get(seg[:len(word) + 1]):
                seg = seg[len(word):]
                break
        if (2 <= len(seg) <= 24 and seg.endswith(endings or self.zh_org_endings) and not self.zh_title_end.search(seg)
                and seg[0] not in ZH_REFERRED):
            return seg
        return None

    def _zh_belongs(self, title: str, org: str) -> bool:
        return any(org.endswith(sfx) for sfx in self.zh.org_suffixes.get(self._zh_base(title), []))

    def _zh_base(self, title: str) -> str:
        """The title without its prefixes: 常务副市长 -> 市长."""
        stripped = True
        while stripped:
            stripped = False
            for p in self.zh_prefixes:
                if title.startswith(p) and len(title) > len(p):
                    title, stripped = title[len(p):], True
                    break
        return title

    # --- English ------------------------------------------------------------------------------
    def en_roles(self, text: str, s: int, e: int, people: list[tuple[int, int]], named: dict[int, str]) -> list[Role]:
        roles: list[Role] = []
        m = self.en_after.match(text, e)
        if m:
            base = m.start(1)
            for item in self.en_chain_item.finditer(m.group(1)):
                a, b = base + item.start(), base + item.end()
                following = min((ps for ps, _ in people if ps >= b), default=None)
                if any(ps < b and a < pe for ps, pe in people) or (
                        following is not None and EN_ORG_TAIL.fullmatch(text[b:following])):
                    # "..., Chairman of the Board Henry Tang", "... and President Xi Jinping", "..., deputy director
                    # of the Office ... in the HKSAR Li Jiangzhou": a title before the next person's name is theirs
                    break
                org = (self._org(item.group("o")) or (self.adjective_country[item.group("adj")] if item.group("adj") else None)
                       or (item.group("poss")[:-2] if item.group("poss") else None))
                roles.append(Role(self._clean(item.group("t")), org))
            for i in range(len(roles) - 2, -1, -1):  # president and chief executive officer of X: both of X
                if roles[i].org is None and roles[i + 1].org:
                    roles[i] = Role(roles[i].title, roles[i + 1].org)
        window = text[max(0, s - 160):s]
        offset = s - len(window)
        b = self.en_before.search(window)
        if b and not self._holds_person(b, "o", offset, people):  # "... in the HKSAR Li Jiangzhou, Geoffrey Ma": Li's
            roles.append(Role(self._clean(b.group("t")), self._org(b.group("o"))))
        p = self.en_prefix_title.search(window)
        while p and (self._holds_person(p, "o", offset, people)
                     or (p.group("o") and self.en_ends_in_title.search(p.group("o")))):
            # not across another person's name; not "mayor of Wuhan and President" before Xi Jinping
            p = self.en_prefix_title.search(window, p.start() + 1)
        # a title in capitals is a crosshead's word (NEW CHIEF / Trump tweeted ...), not an office; an
        # "organisation" with a verb in it is a clause (Zhou, manager of a restaurant ... told Luo): the
        # title is the speaker's, not this name's
        if p and not (p.group("t").isupper() and len(p.group("t")) > 3) and not self._clause(p):
            org = self._org(p.group("o")) or self._en_adjective(window[:p.start("t")], offset, named)
            # two titles before one name (Chinese State Councilor and Foreign Minister Wang Yi): both are
            # the name's, and a country adjective before the first is the second's too
            q = self.en_prefix_chain.search(window[:p.start()])
            if q and not self._holds_person(q, "o", offset, people) and not self._clause(q):
                first_org = self._org(q.group("o")) or self._en_adjective(window[:q.start("t")], offset, named)
                roles.append(Role(self._clean(q.group("t")), first_org))
                org = org or (first_org if not q.group("o") else None)
            roles.append(Role(self._clean(p.group("t")), org))
        return roles

    def _clause(self, m: re.Match) -> bool:
        """Whether the match's organisation holds a clause's verb: then it is no organisation."""
        return bool(m.group("o") and self.en_verbs and self.en_verbs.search(m.group("o")))

    @staticmethod
    def _holds_person(m: re.Match, group: str, offset: int, people: list[tuple[int, int]]) -> bool:
        """Whether the match's `group` (found in a window starting at `offset`) overlaps a person's name."""
        return bool(m.group(group)) and any(ps < offset + m.end(group) and offset + m.start(group) < pe
                                            for ps, pe in people)

    def _en_speaker(self, text: str, s: int, e: int, people: list[tuple[int, int]]) -> list[Role]:
        """A name that opens a sentence as its speaker (Wu Qian said) takes the role of the unnamed
        speaker that closes the sentence before it (a spokesperson for the Ministry ... said Thursday.),
        when no other person stands between them."""
        if not self.en_speaks.match(text, e):
            return []
        window = text[max(0, s - 300):s]
        m = self.en_unnamed_speaker.search(window)
        if not m or any(ps < s and max(0, s - 300) + m.start() < pe for ps, pe in people):
            return []
        return [Role(self._clean(m.group("t")), self._org(m.group("o")))]

    def _en_adjective(self, before: str, offset: int, named: dict[int, str]) -> str | None:
        """The organisation a title's prefix names: a country adjective (Russian -> Russia), an ORG or
        GPE entity right before the title, an acronym (FAA), a place and a year (Tokyo 2020)."""
        m = self.en_adjective.search(before)
        if not m:
            return None
        words = m.group(1).split()
        last = words[-1]
        if m.group(1) in self.adjective_country:  # two words: South African, Sri Lankan
            return self.adjective_country[m.group(1)]
        if last in self.adjective_country:
            return self.adjective_country[last]
        end = offset + m.end(1)
        if end in named:
            return named[end]
        if last.endswith(("'s", "’s")) and (end - 2 in named or last[:-2] in self.country_names):
            return named.get(end - 2) or last[:-2]  # Beijing's mayor Chen Jining
        if last.isupper() and len(last) >= 2 and last.isalpha():
            return last
        if len(words) == 2 and words[1].isdigit() and offset + m.start(1) + len(words[0]) in named:
            return m.group(1)
        return None

    @staticmethod
    def _clean(title: str) -> str:
        return re.sub(r"\s+", " ", title.strip())

    def _org(self, org: str | None) -> str | None:
        if not org:
            return None
        org = re.sub(r"^the\s+", "", org.strip(), flags=re.IGNORECASE)
        # China's Ministry of National Defense: the ministry (the country is said by the possessive);
        # not the People's Bank of China, whose possessive is part of its name
        m = re.match(rf"({EN_POSSESSOR})['’]s\s+(?=[A-Z])", org)
        if m and m.group(1) in self.country_names:
            org = org[m.end():]
        return re.sub(r"\s+", " ", org) or None

    # --- both ---------------------------------------------------------------------------------
    def process(self, doc: Document) -> Document:
        credited = {n for n in doc.byline.authors + doc.byline.editors + doc.byline.reviewers if n}
        text = doc.text
        people = [x for x in doc.entities if x.label == "PERSON" and x.text not in credited]
        org_ends = {x.end: x.text for x in doc.entities if x.label == "ORG"}
        spans_of_people = [(x.start, x.end) for x in people]
        person_ends = {x.start: x.end for x in people}  # where each name starts -> where it ends
        named_ends = {x.end: x.text for x in doc.entities if x.label in ("ORG", "GPE")}
        place_ends = {x.end: x.text for x in doc.entities if x.label == "GPE"}
        found: dict[str, list[Role]] = {}
        order: list[str] = []
        listed_after: dict[int, str] = {}
        for x in people:
            if doc.lang == "zh":
                roles = self.zh_roles(text, x.start, x.end, org_ends, person_ends, place_ends)
                roles += self.zh_elected(text, x.start, x.end, person_ends)
                if not roles and x.start > 0 and text[x.start - 1] == "、" and x.start - 1 in listed_after:
                    roles = list(found.get(listed_after[x.start - 1], []))  # 副市长张三、李四
            elif doc.lang == "en":
                roles = self.en_roles(text, x.start, x.end, spans_of_people, named_ends)
                if not roles and " " in x.text:
                    roles = self._en_speaker(text, x.start, x.end, spans_of_people)
                if " " not in x.text:  # a short mention (Xi, also general secretary of ...): the full name's
                    full = [p.text for p in people if " " in p.text and x.text in p.text.split()]
                    if len(set(full)) != 1 or not roles:
                        continue
                    x = next(p for p in people if p.text == full[0])
            else:
                continue
            if roles:
                listed_after[x.end] = x.text
                if x.text not in found:
                    found[x.text] = []
                    order.append(x.text)
                _add_roles(found[x.text], roles)
        merged: set[str] = set()
        if doc.lang == "zh":
            order, merged = self._zh_surnames_to_names(found, order)
        doc.officials = [Official(name, self._ranked(found[name]), self._spans(doc, name, people, name in merged))
                         for name in order]
        return doc

    @staticmethod
    def _zh_surnames_to_names(found: dict[str, list[Role]], order: list[str]) -> tuple[list[str], set[str]]:
        """A surname alone with a title (陈校长) is the article's one official of that surname
        (陈立群, 校长) when it has exactly one: the mentions and titles join that entry. With none or
        several, the surname stays an entry of its own (曲局长: the article never gives the name)."""
        kept, merged = [], set()
        for name in order:
            full = [n for n in order if len(n) > 1 and n[0] == name] if len(name) == 1 else []
            if len(full) == 1:
                _add_roles(found[full[0]], found[name])
                merged.add(full[0])
                continue
            kept.append(name)
        return kept, merged

    def _ranked(self, roles: list[Role]) -> list[Role]:
        """Drop a role that repeats another's title without its organisation."""
        with_org = {r.title.lower() for r in roles if r.org}
        return [r for r in roles if r.org or r.title.lower() not in with_org]

    def _spans(self, doc: Document, name: str, people, with_surname: bool = False) -> list[tuple[int, int]]:
        """Every mention: the name itself, the short form (last word or surname) of an English name
        when no other person of the article shares it, and a Chinese surname alone that was found to
        be this official (`with_surname`: 陈校长 for 陈立群)."""
        spans = {(x.start, x.end) for x in people if x.text == name or with_surname and x.text == name[0]}
        if doc.lang == "en" and " " in name:
            parts = name.split()
            others = [p.text for p in people if p.text != name and " " in p.text]
            for short in (parts[-1], parts[0]):
                if not any(short in o.split() for o in others):
                    spans |= {(x.start, x.end) for x in people if x.text == short}
        text = doc.text
        if doc.lang == "zh" and len(name) == 1:
            return sorted(spans)  # a surname alone (高所长): its character elsewhere is any word's (高温, 提高)
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            whole = doc.lang != "en" or not ((start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()))
            if whole and not any(s < end and start < e for s, e in spans):
                spans.add((start, end))
            start = text.find(name, end)
        return sorted(spans)
