"""Write configs/repair/char_bigrams.tsv.gz: character counts and character-pair counts of general
Chinese web text, the context model the misaligned-GBK rule weighs edge characters with.

A word-unigram model prefers a frequent character at a run's edge (就 for 植 in 植物油, 都 for 对 in
加强对); the characters around it tell them apart (孩子们 vs 孩子是). The counts come from the visible
text of the raw HTML pages in ../shared/eval/zh_news_raw_html_gne and
../shared/eval/zh_web_content_extraction/original: general news and web pages that are neither a
source of the corruption suite (People's Daily 1998, government reports) nor a test split. Text is
Simplified through OpenCC t2s (the rule scores Traditional text through t2s too); only Han characters
and Chinese punctuation are counted, anything else breaks a pair. Numbers are counted apart, each read
as the one character `0` (DIGIT), with the pairs they make (１日 and 第３ both count as 0日, 第0); `#total`
leaves them out, so the Han pairs' scores are as they were. Pairs seen once are left out.

Format (UTF-8, gzip): `#total<TAB>N`, then `c<TAB>count` for each character, then `ab<TAB>count` for
each pair; deterministic (sorted), so the same pages give the same bytes.

Maintainers only:
    .venv/bin/python -m pipeline.repair.make_bigrams ../shared configs/repair/char_bigrams.tsv.gz
(or `make repair-bigrams`).
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

from .base import HAN
from .bigrams import DIGIT

COUNTED = f"{HAN}，。、；：！？“”‘’（）《》…—·「」『』【】"  # Han characters and Chinese punctuation
KEEP = re.compile(f"[{COUNTED}]+")
KEEP_NUMBERS = re.compile(f"[{COUNTED}{DIGIT}]+")  # the same, with every number read as DIGIT
NUMBERS = re.compile("[0-9０-９]+(?:[.．][0-9０-９]+)?")  # as zhstats.NUMBER reads one, without its unit
MIN_PAIR = 2


def pages(shared: Path) -> list[Path]:
    return sorted((shared / "eval/zh_news_raw_html_gne/tests").rglob("*.html")) + sorted(
        (shared / "eval/zh_web_content_extraction/original").glob("*.html"))


def decode(raw: bytes) -> str:
    """The page's text: UTF-8 when it is, else its declared charset (as the read stage aliases it),
    else GB18030."""
    from ..html import declared_charset
    from ..stages.read import ALIASES

    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    name = declared_charset(raw) or "gb18030"
    try:
        return raw.decode(ALIASES.get(name, name), errors="replace")
    except LookupError:
        return raw.decode("gb18030", errors="replace")


def visible(html: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript|//textarea"):
        bad.drop_tree()
    return "\n".join(t for t in root.itertext())


def count(shared: Path) -> tuple[Counter, Counter]:
    from .. import zhstats

    chars, pairs = Counter(), Counter()
    numbers = 0
    seen = set()
    for path in pages(shared):
        text = zhstats.simplified(visible(decode(path.read_bytes())))
        for m in KEEP.finditer(text):
            s = m.group(0)
            if len(s) < 2 or s in seen:  # a repeated line (navigation, footers) counts once
                continue
            seen.add(s)
            chars.update(s)
            pairs.update(s[k:k + 2] for k in range(len(s) - 1))
        # numbers, every digit read as DIGIT: only the pairs with one (１日, 第３), so the pairs above
        # and the total stay as they were
        for m in KEEP_NUMBERS.finditer(NUMBERS.sub(DIGIT, text)):
            s = m.group(0)
            if DIGIT in s and len(s) >= 2 and s not in seen:
                seen.add(s)
                numbers += s.count(DIGIT)
                pairs.update(p for k in range(len(s) - 1) if DIGIT in (p := s[k:k + 2]))
    chars[DIGIT] = numbers
    return chars, pairs


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    chars, pairs = count(Path(argv[0]))
    lines = [f"#total\t{sum(n for c, n in chars.items() if c != DIGIT)}"]
    lines += [f"{c}\t{n}" for c, n in sorted(chars.items())]
    lines += [f"{p}\t{n}" for p, n in sorted(pairs.items()) if n >= MIN_PAIR]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(argv[1], "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"{len(chars)} characters, {sum(1 for n in pairs.values() if n >= MIN_PAIR)} pairs "
          f"(of {len(pairs)}), {sum(chars.values())} characters counted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
