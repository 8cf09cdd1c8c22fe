"""Tables the rules share, built once per process: the pinyin readings and the rare characters."""
from __future__ import annotations

import re

from ..zhstats import char_logp, simplified

HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def parse_readings(lines: list[str]) -> dict[str, frozenset[str]]:
    """`char<TAB>reading reading ...` lines (pinyin_readings.txt) -> {char: readings}."""
    out = {}
    for line in lines:
        ch, _, readings = line.partition("\t")
        if len(ch) == 1 and readings:
            out[ch] = frozenset(readings.split())
    return out


def suspicious_pattern(rare_logp: float) -> re.Pattern:
    """Characters mojibake is made of and clean text almost never has: Han characters rarer than
    `rare_logp` (log frequency in jieba's dictionary, Traditional ones through t2s), private-use
    characters, U+FFFD, the euro sign GB18030 decoders make of a lone 0x80, and GBK's symbol rows.

    Clean news has about 2 such Han characters per 1000; UTF-8 or Big5 read as GBK, most of its
    characters. Text without any skips the re-decoding rules."""
    table = char_logp()
    chars = [chr(cp) for lo, hi in HAN_RANGES for cp in range(lo, hi + 1)]
    simple = simplified("\n".join(chars)).split("\n")
    if len(simple) != len(chars):  # a conversion across lines would misalign the two lists
        simple = [simplified(c) for c in chars]
    rare = [c for c, s in zip(chars, simple) if table.get(s[:1], -99.0) < rare_logp]
    return re.compile("[" + _ranges(rare) + "\ue000-\uf8ff\ufffd\u20ac" + GBK_SYMBOL_ROWS + "]")


# What GBK's symbol rows hold (A2-A9: numbered ⒈ Ⅱ, kana, Greek, Cyrillic, pinyin letters, bopomofo,
# box drawing): Big5's most common characters read as GBK land there (新 B773 -> 穝, 的 AABA -> 
# private use, 人 A448 -> い...).
GBK_SYMBOL_ROWS = ("\u2474-\u249b\u2500-\u257f\u3041-\u30ff\u3105-\u3129"
                   "\u0391-\u03c9\u0401-\u0451\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8"
                   "\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9"
                   "\u01d6\u01d8\u01da\u01dc\u00fc\u00ea")


def cluster_pattern(suspicious: re.Pattern) -> re.Pattern:
    """Three suspicious characters within six: what text read with the wrong codec is full of, and
    clean text (a rare name, 垃圾, a stray private-use character) almost never has. Single spaces do
    not count: normalize removes one beside Chinese punctuation (鏄庣‘ 鍙戝竷), and a cluster found
    after it must be found before it too."""
    s = suspicious.pattern.replace("\ue000-\uf8ff", "")  # a private-use character repeated is no cluster
    gap = "(?: ?[^ \n]){0,2} ?"
    return re.compile(f"{s}{gap}{s}{gap}{s}")


def _ranges(chars: list[str]) -> str:
    out, run = [], []
    for c in chars:
        if run and ord(c) == ord(run[-1]) + 1:
            run.append(c)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [c]
    if run:
        out.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return "".join(out)


def windows(text: str, cluster: re.Pattern, pad: int = 40) -> list[tuple[int, int]]:
    """The stretches around the clusters in `text` (`pad` characters each side, within the line),
    merged: the re-decoding rules look there only, so clean text with one rare name pays little."""
    out: list[tuple[int, int]] = []
    for m in cluster.finditer(text):
        start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - pad)
        nl = text.find("\n", m.end())
        end = min(len(text) if nl < 0 else nl, m.end() + pad)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
