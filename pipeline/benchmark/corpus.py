"""The bench corpus: N article files, seeded, built from raw/ and the texts in ../shared/eval/.

Layout: `DIR/zh/<id>.txt` and `DIR/en/<id>.txt` (the Chinese and English halves can be run on their
own) and `DIR/.manifest.json` (hidden, so the pipeline does not read it as an input).

What goes in, per article (all choices drawn from one `random.Random(seed)`, so the same seed and
the same source files give the same bytes):
- Chinese text from People's Daily 1998 (paragraphs), Sogou news (one-line bodies; the SogouCA half
  has real misaligned-GBK damage), government work reports (windows of paragraphs) and the Chinese
  samples in raw/; a share converted to Traditional (OpenCC s2t/s2tw/s2hk), some of those with
  pinyin annotations as content farms write them (網(wǎng)), using the annotations found in raw/.
- English text from People's Daily Online pages (whole page dumps with menus, or the body with its
  dateline and editor line) and the English samples in raw/.
- Damage: '?' and U+FFFD runs, misaligned GBK runs, a paragraph of UTF-8 read as GBK or GBK read
  as latin-1, a whole article of UTF-8 read as windows-1252, unrecoverable 锟斤拷 runs; in English,
  UTF-8 quotes read as windows-1252 and '?' for a lost apostrophe.
- Boilerplate: datelines, source/time lines, editor lines, copyright notices, comment and share
  blocks, related-news lists, END markers.
- Files: mostly UTF-8; some GB18030 (Simplified) and Big5 (Traditional) without declaration, some
  with a BOM or CRLF line ends.
Article lengths follow a log-normal around 1,000 Chinese characters (mean about 1,500, ~4.5 KB).
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BUILDER_VERSION = 1
MANIFEST = ".manifest.json"
ZH_SHARE = 0.7
HAN = re.compile(r"[\u4e00-\u9fff]")
PINYIN_ANNOTATION = re.compile(r"([\u4e00-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6})\)")
SOGOU_DOC = re.compile(r"<contenttitle>(.*?)</contenttitle>\s*<content>(.*?)</content>", re.S)
EN_BODY = re.compile(r"\(\s*[^()]{2,60}?\s*\)\s*\d{1,2}:\d{2}, \w+ \d{1,2}, \d{4}")  # ( Xinhua ) 14:20, November 18, 2020
EN_END = re.compile(r"\(Web editor|\(For the latest|Add your comment")
SENTENCE_ZH = re.compile(r"(?<=[。！？])")
SENTENCE_EN = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")

# Byline material. Names are made up from common surnames and given-name characters.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华建国志红春辉宇晨欣怡浩然子轩佳琪文博思远晓东海燕玉兰立新永庆凯瑞"
SURNAMES_EN = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
               "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao"]
GIVEN_EN = ["Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie", "Juan", "Tao",
            "Ming", "Chao", "Xia", "Ping", "Gang", "Hua", "Hui", "Yu", "Chen", "Xin", "Hao", "Bo", "Yuan", "Dong", "Kai"]
OUTLETS = ["新华社", "人民网", "中国新闻网", "央视新闻", "光明网", "中国日报网", "澎湃新闻", "南方日报", "北京日报", "经济日报"]
CITIES = ["北京", "上海", "广州", "深圳", "成都", "武汉", "杭州", "南京", "西安", "重庆", "天津", "长沙", "郑州", "石家庄", "邯郸"]
OUTLETS_EN = ["Xinhua", "China Daily", "People's Daily Online", "CGTN", "Global Times", "chinadaily.com.cn", "Ecns.cn"]
CITIES_EN = ["Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Chengdu", "Wuhan", "Hangzhou", "Nanjing", "Xi'an", "Chongqing"]
MONTHS_EN = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
CP1252 = [bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(256)]  # WHATWG windows-1252


@dataclass
class SourceDoc:
    name: str  # which source: pd, sogou_sohu, sogou_ten, gov, raw, pdo_en, raw_en
    title: str | None
    paragraphs: list[str]
    joiner: str = "\n"  # how the scraper laid paragraphs out ("" for one-line bodies)
    whole: bool = True  # a news item taken whole (False: a long report cut into windows)
    page: str | None = None  # the whole page as text (menus, body, footer), when there is one
    dateline: str | None = None


@dataclass
class Sources:
    zh: dict[str, list[SourceDoc]] = field(default_factory=dict)
    en: dict[str, list[SourceDoc]] = field(default_factory=dict)
    pinyin: dict[str, str] = field(default_factory=dict)  # Traditional character -> tone-marked pinyin
    files: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading the sources
def _chunks(text: str, splitter: re.Pattern, size: int) -> list[str]:
    """Sentences packed into pieces of about `size` characters."""
    out, piece = [], ""
    for sentence in splitter.split(text):
        piece += sentence if splitter is SENTENCE_ZH else (" " if piece else "") + sentence
        if len(piece) >= size:
            out.append(piece.strip())
            piece = ""
    if piece.strip():
        out.append(piece.strip())
    return out


def _load_pd(path: Path) -> list[SourceDoc]:
    articles: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            tokens = line.split()
            if len(tokens) < 2:
                continue
            key = tokens[0].rsplit("/", 1)[0].rsplit("-", 1)[0]  # 19980101-01-001-002 -> article 19980101-01-001
            articles[key].append("".join(t.rsplit("/", 1)[0].lstrip("[") for t in tokens[1:]))
    return [SourceDoc("pd", paras[0], paras[1:]) for _, paras in sorted(articles.items()) if len(paras) >= 2]


def _load_sogou(path: Path, name: str, encoding: str) -> list[SourceDoc]:
    text = path.read_bytes().decode(encoding, errors="replace")
    out = []
    for title, content in SOGOU_DOC.findall(text):
        content = content.strip()
        if len(content) >= 80:
            out.append(SourceDoc(name, title.strip() or None, _chunks(content, SENTENCE_ZH, 150), joiner=""))
    return out


def _load_gov(directory: Path) -> list[SourceDoc]:
    out = []
    for path in sorted(directory.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                paras = [p.strip() for p in record.get("content", "").split("\n") if p.strip()]
                if paras:
                    out.append(SourceDoc("gov", None, paras, whole=False))
    return out


def _load_pdo_en(directory: Path) -> list[SourceDoc]:
    """People's Daily Online pages as text dumps: menus, the body, the footer, all on one line."""
    out = []
    for path in sorted(directory.glob("*.txt")):
        page = path.read_text(encoding="utf-8")
        start, end = EN_BODY.search(page), EN_END.search(page)
        if not start or not end or end.start() <= start.end():
            continue
        title = page[:start.start()].split(" - People's Daily Online")[0].strip()
        body = _chunks(page[start.end():end.start()].strip(), SENTENCE_EN, 400)
        out.append(SourceDoc("pdo_en", title[:200] or None, body, page=page, dateline=start.group(0)))
    return out


def _load_raw(raw_dir: Path) -> tuple[list[SourceDoc], list[SourceDoc], dict[str, str]]:
    zh, en, pinyin = [], [], {}
    for path in sorted(raw_dir.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        paras = [p.strip() for p in text.split("\n") if p.strip()]
        if len(paras) < 2:
            continue
        for ch, syllable in PINYIN_ANNOTATION.findall(text):
            pinyin.setdefault(ch, syllable)
        han = len(HAN.findall(text))
        if han * 3 > len(text):
            zh.append(SourceDoc("raw", None, paras))
        else:
            en.append(SourceDoc("raw_en", paras[0], paras[1:]))
    return zh, en, pinyin


def load_sources(raw_dir: Path, shared_dir: Path) -> Sources:
    """Every source text; raises FileNotFoundError naming what is missing."""
    eval_dir = Path(shared_dir) / "eval"
    needed = {
        "pd": eval_dir / "peoples_daily_1998_pos" / "199801.utf8.txt",
        "sogou_sohu": eval_dir / "zh_news_sogou_samples" / "news_sohusite_xml.smarty.dat",
        "sogou_ten": eval_dir / "zh_news_sogou_samples" / "news_tensite_xml.smarty.dat",
        "gov": eval_dir / "zh_gov_reports_wikisource",
        "pdo_en": eval_dir / "en_china_news" / "peoples_daily_online_en_2020-11",
    }
    missing = [str(p) for p in needed.values() if not p.exists()]
    if missing:
        raise FileNotFoundError(f"the bench corpus is built from ../shared/eval; missing: {', '.join(missing)}"
                                " (give --shared DIR)")
    raw_zh, raw_en, pinyin = _load_raw(Path(raw_dir)) if Path(raw_dir).is_dir() else ([], [], {})
    sources = Sources(pinyin=pinyin)
    sources.zh = {"pd": _load_pd(needed["pd"]),
                  "sogou_sohu": _load_sogou(needed["sogou_sohu"], "sogou_sohu", "utf-8"),
                  "sogou_ten": _load_sogou(needed["sogou_ten"], "sogou_ten", "gb18030"),
                  "gov": _load_gov(needed["gov"]), "raw": raw_zh}
    sources.en = {"pdo_en": _load_pdo_en(needed["pdo_en"]), "raw_en": raw_en}
    sources.files = sorted(str(p) for p in needed.values())
    return sources


# ---------------------------------------------------------------- boilerplate
def _name_zh(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _name_en(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_EN)}{rng.choice(['', '', rng.choice(GIVEN_EN).lower()])} {rng.choice(SURNAMES_EN)}"


def _when(rng: random.Random) -> tuple[int, int, int, int, int]:
    return rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.randint(6, 22), rng.randint(0, 59)


def _head_zh(rng: random.Random, paras: list[str], tags: Counter) -> list[str]:
    y, m, d, hh, mm = _when(rng)
    kind = rng.random()
    if kind < 0.3 and paras:
        tags["dateline"] += 1
        paras[0] = f"{rng.choice(OUTLETS)}{rng.choice(CITIES)}{m}月{d}日电（记者 {_name_zh(rng)}）" + paras[0]
    elif kind < 0.45 and paras:
        tags["dateline"] += 1
        paras[0] = f"本报讯（记者 {_name_zh(rng)} 通讯员 {_name_zh(rng)}）" + paras[0]
    if rng.random() < 0.45:
        tags["source_line"] += 1
        return [rng.choice([
            f"来源：{rng.choice(OUTLETS)}　　作者：{_name_zh(rng)}　　发布时间：{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}",
            f"{y}年{m}月{d}日 {hh:02d}:{mm:02d}　来源：{rng.choice(OUTLETS)}",
            f"时间：{y}.{m:02d}.{d:02d}　来源：{rng.choice(OUTLETS)}　【字号 大 中 小】",
        ])]
    return []


def _tail_zh(rng: random.Random, headlines: list[str], tags: Counter) -> list[str]:
    y = rng.randint(2012, 2024)
    out = []
    if rng.random() < 0.5:
        tags["editor_line"] += 1
        out.append(rng.choice([f"（责任编辑：{_name_zh(rng)}）", f"【责任编辑：{_name_zh(rng)} {_name_zh(rng)}】",
                               f"编辑：{_name_zh(rng)}　审核：{_name_zh(rng)}", f"(编辑 {_name_zh(rng)})"]))
    if rng.random() < 0.25:
        tags["end_marker"] += 1
        out.insert(0, rng.choice(["（完）", "[END]", "【完】", "(完)"]))
    if rng.random() < 0.2 and headlines:
        tags["related"] += 1
        out += ["相关新闻："] + [f"· {h[:28]}" for h in rng.sample(headlines, min(3, len(headlines)))]
    if rng.random() < 0.2:
        tags["comments"] += 1
        out += ["网友评论", f"{_name_zh(rng)}：说得好，支持！", f"{_name_zh(rng)}：希望落到实处。", "我要评论 | 分享到：微信 微博 QQ空间"]
    if rng.random() < 0.3:
        tags["copyright"] += 1
        out.append(rng.choice([f"版权所有 © {y} {rng.choice(OUTLETS)} 未经授权禁止转载",
                               f"本网站所刊登的各种新闻、信息和各种专题专栏资料，均为{rng.choice(OUTLETS)}版权所有，未经协议授权，禁止下载使用。",
                               "扫一扫在手机打开当前页　【打印】【关闭】"]))
    return out


def _head_en(rng: random.Random, paras: list[str], tags: Counter) -> list[str]:
    y, m, d, hh, mm = _when(rng)
    if rng.random() < 0.35 and paras:
        tags["dateline"] += 1
        paras[0] = f"{rng.choice(CITIES_EN).upper()}, {MONTHS_EN[m - 1]} {d} (Xinhua) -- " + paras[0]
    if rng.random() < 0.4:
        tags["source_line"] += 1
        return [rng.choice([f"By {_name_en(rng)} | {rng.choice(OUTLETS_EN)} | Updated: {y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}",
                            f"Source: {rng.choice(OUTLETS_EN)} | {y}-{m:02d}-{d:02d}",
                            f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:00"])]
    return []


def _tail_en(rng: random.Random, headlines: list[str], tags: Counter) -> list[str]:
    out = []
    if rng.random() < 0.5:
        tags["editor_line"] += 1
        out.append(rng.choice([f"(Web editor: {_name_en(rng)}, {_name_en(rng)})", f"Editor: {_name_en(rng)}",
                               f"[Editor: {_name_en(rng)}]"]))
    if rng.random() < 0.2:
        tags["end_marker"] += 1
        out.insert(0, "END")
    if rng.random() < 0.2 and headlines:
        tags["related"] += 1
        out += ["Related stories:"] + [h[:80] for h in rng.sample(headlines, min(3, len(headlines)))]
    if rng.random() < 0.2:
        tags["comments"] += 1
        out += ["Comments (0)", "Share this story: Facebook Twitter WeChat"]
    if rng.random() < 0.3:
        tags["copyright"] += 1
        out.append(f"Copyright © {rng.randint(2012, 2024)} {rng.choice(OUTLETS_EN)}. All Rights Reserved.")
    return out


# ---------------------------------------------------------------- damage
def _lost_chars(rng: random.Random, text: str) -> str:
    spots = [m.start() for m in HAN.finditer(text)]
    if not spots:
        return text
    chars = list(text)
    for k in rng.sample(spots, min(len(spots), rng.randint(1, 4))):
        mark = rng.choice(["?", "??", "\ufffd"])
        chars[k] = mark
        if len(mark) == 2 and k + 1 < len(chars) and HAN.match(chars[k + 1]):
            chars[k + 1] = ""
    return "".join(chars)


def _misaligned(rng: random.Random, text: str) -> str:
    """A run of GBK bytes read one byte out of step, both edge bytes lost: 。活动 -> ?；顒?"""
    for _ in range(20):
        n = rng.randint(2, 6)
        start = rng.randint(0, max(0, len(text) - n - 1))
        run = text[start:start + n]
        try:
            data = run.encode("gbk")
            middle = data[1:-1].decode("gbk")
        except UnicodeError:
            continue
        if len(data) == 2 * n and len(middle) == n - 1:
            return text[:start] + "?" + middle + "?" + text[start + n:]
    return text


def _utf8_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gb18030", errors="replace")


def _gbk_as_latin1(text: str) -> str:
    try:
        return text.encode("gbk").decode("latin-1")
    except UnicodeEncodeError:
        return text


def _utf8_as_cp1252(text: str) -> str:
    return "".join(CP1252[b] for b in text.encode("utf-8"))


def _annotate_pinyin(rng: random.Random, text: str, pinyin: dict[str, str], share: float) -> tuple[str, int]:
    out, n = [], 0
    for ch in text:
        out.append(ch)
        syllable = pinyin.get(ch)
        if syllable and rng.random() < share:
            out.append(f"({syllable})")
            n += 1
    return "".join(out), n


def _damage_zh(rng: random.Random, paras: list[str], tags: Counter) -> None:
    if not paras:
        return
    roll = rng.random()
    k = rng.randrange(len(paras))
    if roll < 0.12:
        paras[k] = _lost_chars(rng, paras[k])
        tags["lost_chars"] += 1
    elif roll < 0.20:
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(paras))
            paras[k] = _misaligned(rng, paras[k])
        tags["misaligned_gbk"] += 1
    elif roll < 0.22:
        paras[k] = _utf8_as_gbk(paras[k])
        tags["utf8_as_gbk"] += 1
    elif roll < 0.24:
        paras[k] = _gbk_as_latin1(paras[k])
        tags["gbk_as_latin1"] += 1
    elif roll < 0.26:
        paras[:] = [_utf8_as_cp1252(p) for p in paras]
        tags["utf8_as_cp1252"] += 1
    elif roll < 0.28:
        paras[k] = paras[k][: len(paras[k]) // 2] + "锟斤拷" * rng.randint(1, 3) + paras[k][len(paras[k]) // 2:]
        tags["unrecoverable"] += 1


def _damage_en(rng: random.Random, paras: list[str], tags: Counter) -> None:
    roll = rng.random()
    if roll < 0.10:
        paras[:] = [_utf8_as_cp1252(p.replace("'", "\u2019").replace(" -- ", " \u2014 ")) for p in paras]
        tags["utf8_as_cp1252"] += 1
    elif roll < 0.18:
        paras[:] = [re.sub(r"(?<=\w)'(?=s\b)", "?", p) for p in paras]
        tags["lost_chars"] += 1


# ---------------------------------------------------------------- articles
def _target_chars(rng: random.Random, median: float) -> int:
    return int(min(8000, max(150, rng.lognormvariate(math.log(median), 0.8))))


def _take(rng: random.Random, docs: list[SourceDoc], target: int) -> tuple[SourceDoc, list[str]]:
    """Paragraphs of about `target` characters: a whole news item (and the next ones when it is much
    shorter, as on a page of several items), or a window of a long report."""
    i = rng.randrange(len(docs))
    doc = docs[i]
    if not doc.whole:
        start = rng.randrange(max(1, len(doc.paragraphs) - 3))
        paras, size = [], 0
        for p in doc.paragraphs[start:]:
            paras.append(p)
            size += len(p)
            if size >= target:
                break
        return doc, paras
    paras = list(doc.paragraphs)
    size = sum(map(len, paras))
    j = i
    while size < target * 0.6 and len(docs) > 1:
        j = (j + 1) % len(docs)
        extra = docs[j]
        paras += ([extra.title] if extra.title else []) + extra.paragraphs
        size += sum(map(len, extra.paragraphs))
    return doc, paras


def _layout(paras: list[str], joiner: str, rng: random.Random) -> str:
    if joiner == "":
        return "".join(paras)
    return (rng.choice(["\n", "\n", "\n\n"])).join(paras)


def _encode(text: str, choices: list[tuple[str, float]], rng: random.Random, tags: Counter) -> bytes:
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
        tags["crlf"] += 1
    roll, acc = rng.random(), 0.0
    for encoding, p in choices:
        acc += p
        if roll < acc:
            # what a legacy encoder cannot write becomes '?', as converters do (realistic damage too)
            tags[f"file_{encoding}"] += 1
            return text.encode(encoding, errors="replace")
    tags["file_utf-8"] += 1
    return text.encode("utf-8")


def article_zh(rng: random.Random, sources: Sources, converters: dict, headlines: list[str]) -> tuple[bytes, Counter]:
    tags: Counter = Counter()
    names = [n for n in ("pd", "sogou_sohu", "sogou_ten", "gov", "raw") if sources.zh.get(n)]
    weights = {"pd": 0.38, "sogou_sohu": 0.2, "sogou_ten": 0.15, "gov": 0.24, "raw": 0.03}
    name = rng.choices(names, [weights[n] for n in names])[0]
    tags[f"src_{name}"] += 1
    doc, paras = _take(rng, sources.zh[name], _target_chars(rng, 1000))
    lines = ([doc.title] if doc.title and rng.random() < 0.8 else [])
    head = _head_zh(rng, paras, tags)
    body = _layout(paras, doc.joiner, rng)
    parts = lines + head + [body] + _tail_zh(rng, headlines, tags)
    traditional = name != "raw" and rng.random() < 0.35
    if traditional:
        converter = converters[rng.choice(["s2tw", "s2tw", "s2t", "s2hk"])]
        parts = [converter.convert(p) for p in parts]
        tags["traditional"] += 1
        if rng.random() < 0.4:
            share = rng.choice([1.0, 0.6])
            parts = [_annotate_pinyin(rng, p, sources.pinyin, share)[0] for p in parts]
            tags["pinyin"] += 1
    else:
        tags["simplified"] += 1
    damaged_before = sum(tags.values())
    _damage_zh(rng, parts, tags)
    damaged = sum(tags.values()) != damaged_before
    text = "\n".join(parts) + "\n"
    if damaged or name == "raw":  # damage is what the scraper saved: UTF-8
        choices = [("utf-8", 1.0)]
    elif traditional:
        choices = [("utf-8", 0.85), ("big5", 0.12), ("utf-8-sig", 0.03)]
    else:
        choices = [("utf-8", 0.87), ("gb18030", 0.10), ("utf-8-sig", 0.03)]
    return _encode(text, choices, rng, tags), tags


def article_en(rng: random.Random, sources: Sources, headlines: list[str]) -> tuple[bytes, Counter]:
    tags: Counter = Counter()
    names = [n for n in ("pdo_en", "raw_en") if sources.en.get(n)]
    name = rng.choices(names, [{"pdo_en": 0.93, "raw_en": 0.07}[n] for n in names])[0]
    tags[f"src_{name}"] += 1
    doc, paras = _take(rng, sources.en[name], _target_chars(rng, 2500))
    if doc.page and rng.random() < 0.4:
        tags["page_dump"] += 1
        parts = [doc.page]
    else:
        if doc.dateline and rng.random() < 0.5:
            paras[0] = doc.dateline + " " + paras[0]
            tags["dateline"] += 1
        parts = ([doc.title] if doc.title else []) + _head_en(rng, paras, tags) + paras + _tail_en(rng, headlines, tags)
    _damage_en(rng, parts, tags)
    text = rng.choice(["\n", "\n\n"]).join(parts) + "\n"
    return _encode(text, [("utf-8", 0.97), ("utf-8-sig", 0.03)], rng, tags), tags


def build(out_dir: Path, n: int, seed: int = 1, raw_dir: Path = Path("raw"), shared_dir: Path = Path("../shared"),
          sources: Sources | None = None) -> dict:
    """Write N articles under out_dir (replacing what is there) and return the manifest."""
    import opencc

    out_dir = Path(out_dir)
    sources = sources or load_sources(raw_dir, shared_dir)
    converters = {c: opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")}
    headlines_zh = [d.title for d in sources.zh.get("sogou_sohu", []) + sources.zh.get("pd", []) if d.title]
    headlines_en = [d.title for d in sources.en.get("pdo_en", []) if d.title]
    rng = random.Random(f"newsclean-bench:{seed}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for lang in ("zh", "en"):
        (out_dir / lang).mkdir(parents=True)
    totals: dict[str, Counter] = {"zh": Counter(), "en": Counter()}
    sizes = {"zh": 0, "en": 0}
    counts = {"zh": 0, "en": 0}
    digest = hashlib.sha256()
    files: dict[str, dict] = {}  # article id -> its size and what went into it
    for i in range(n):
        lang = "zh" if rng.random() < ZH_SHARE else "en"
        if lang == "zh":
            data, tags = article_zh(rng, sources, converters, headlines_zh)
        else:
            data, tags = article_en(rng, sources, headlines_en)
        name = f"{lang}-{i:06d}.txt"
        (out_dir / lang / name).write_bytes(data)
        files[name[:-4]] = {"bytes": len(data), "tags": sorted(tags)}
        digest.update(name.encode() + b"\0" + data)
        totals[lang].update(tags)
        sizes[lang] += len(data)
        counts[lang] += 1
    manifest = {"builder": BUILDER_VERSION, "articles": n, "seed": seed,
                "per_lang": {lang: {"articles": counts[lang], "bytes": sizes[lang], "tags": dict(sorted(totals[lang].items()))}
                             for lang in ("zh", "en")},
                "sha256": digest.hexdigest(), "sources": sources.files, "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest
