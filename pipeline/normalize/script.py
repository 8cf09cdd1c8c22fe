"""Which Chinese script an article is in, and its conversion to the target script with OpenCC.

Detection counts characters that only one script uses. The sets come from OpenCC itself (every Han
character converted one at a time by t2s and s2t), minus the characters both scripts share, which a
data file lists (configs/normalize/script.toml). Conversion:
- an article in the other script, or mixed: OpenCC over the whole text;
- an article already in the target script: only its stray characters of the other script, each with
  the OpenCC conversion of its run of Han characters (so phrases still decide 發/髮 -> 发), and no
  character both scripts share is touched (乾, 於 stay in a Simplified text);
- protected terms are cut out before OpenCC runs and written in their listed form, in every mode.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .chardata import COMPAT_IDEOGRAPH, HAN

# OpenCC configurations (the names of the JSON files the Python package ships, without .json)
# and the script they write. Japanese shinjitai targets are not a Chinese script.
TARGET_SCRIPT = {
    "t2s": "simplified", "tw2s": "simplified", "tw2sp": "simplified", "hk2s": "simplified", "hk2sp": "simplified",
    "s2t": "traditional", "s2tw": "traditional", "s2twp": "traditional", "s2hk": "traditional",
    "s2hkp": "traditional", "t2tw": "traditional", "t2hk": "traditional", "tw2t": "traditional",
    "hk2t": "traditional", "jp2t": "traditional",
}
CHAR_BLOCKS = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2EBF0), (0x30000, 0x31350)]


def char_map(converter) -> dict[str, str]:
    """Every Han character the converter changes when it stands alone -> what it becomes."""
    chars = [chr(c) for lo, hi in CHAR_BLOCKS for c in range(lo, hi)]
    out = converter.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # never seen: a one-character entry that maps to several characters
        raise RuntimeError("OpenCC changed the number of lines of a character list")
    return {c: o for c, o in zip(chars, out) if o != c and len(o) == 1}


@dataclass(frozen=True)
class Conversion:
    text: str
    changed: int  # characters OpenCC changed (outside protected terms)
    protected: int  # protected terms met
    example: tuple[str, str] | None  # the first change, with a little context: (before, after)
    first_protected: str | None


class ScriptTables:
    """Built once per process: the OpenCC converters, evidence sets and protected terms."""

    def __init__(self, config_name: str, shared_traditional: str, shared_simplified: str,
                 protected: dict[str, str]):
        import opencc

        self.config_name = config_name
        self.converter = opencc.OpenCC(config_name)  # raises for an unknown configuration
        self.target = TARGET_SCRIPT.get(config_name.removesuffix(".json"))
        to_simplified = char_map(opencc.OpenCC("t2s"))
        to_traditional = char_map(opencc.OpenCC("s2t"))
        compat = {ch for ch in to_simplified if COMPAT_IDEOGRAPH.match(ch)}
        self.traditional_only = frozenset(set(to_simplified) - set(to_traditional) - set(to_simplified.values())
                                          - set(shared_traditional) - compat)
        self.simplified_only = frozenset(set(to_traditional) - set(to_simplified) - set(to_traditional.values())
                                         - set(shared_simplified) - compat)
        self.traditional_re = re.compile("[%s]" % "".join(sorted(self.traditional_only)))
        self.simplified_re = re.compile("[%s]" % "".join(sorted(self.simplified_only)))
        # both forms of a protected term are protected: a second run must leave the target alone
        self.protected = dict(protected)
        for target in list(protected.values()):
            self.protected.setdefault(target, target)
        self.protected_re = (re.compile("|".join(map(re.escape, sorted(self.protected, key=len, reverse=True))))
                             if self.protected else None)
        self.protected_first = frozenset(term[0] for term in self.protected)

    def detect(self, text: str, mixed_share: float) -> str:
        """traditional / simplified / mixed. Text with no script-specific character is reported as
        the target script (it is already valid in it), simplified when the target is not Chinese."""
        trad = len(self.traditional_re.findall(text))
        simp = len(self.simplified_re.findall(text))
        if trad + simp == 0:
            return self.target or "simplified"
        share = trad / (trad + simp)
        if share >= 1 - mixed_share:
            return "traditional"
        if share <= mixed_share:
            return "simplified"
        return "mixed"

    def evidence(self, text: str) -> bool:
        """Whether the text holds any character only one script uses."""
        return bool(self.traditional_re.search(text) or self.simplified_re.search(text))

    def convert(self, text: str, script: str) -> Conversion:
        strays_only = self.target is not None and script == self.target
        stray_re = self.traditional_re if self.target == "simplified" else self.simplified_re
        if strays_only and not stray_re.search(text) and not self._may_hold_protected(text):
            return Conversion(text, 0, 0, None, None)
        parts: list[str] = []
        changed = protected = 0
        example = first_protected = None

        def convert_piece(piece: str) -> None:
            nonlocal changed, example
            out = self._convert_strays(piece, stray_re) if strays_only else self.converter.convert(piece)
            if out != piece:
                n, ex = _difference(piece, out)
                changed += n
                example = example or ex
            parts.append(out)

        last = 0
        if self._may_hold_protected(text):
            for m in self.protected_re.finditer(text):
                convert_piece(text[last:m.start()])
                term = m.group(0)
                parts.append(self.protected[term])
                protected += 1
                first_protected = first_protected or term
                last = m.end()
        convert_piece(text[last:])
        return Conversion("".join(parts), changed, protected, example, first_protected)

    def _may_hold_protected(self, text: str) -> bool:
        return self.protected_re is not None and not self.protected_first.isdisjoint(text)

    def _convert_strays(self, text: str, stray_re: re.Pattern) -> str:
        """Convert the stray characters of the other script, each by OpenCC over its Han run."""
        out = []
        last = 0
        for run in _runs_around(text, stray_re):
            start, end = run
            piece = text[start:end]
            converted = self.converter.convert(piece)
            if len(converted) == len(piece):  # keep every character both scripts share
                converted = "".join(c if stray_re.match(o) else o for o, c in zip(piece, converted))
            out.append(text[last:start])
            out.append(converted)
            last = end
        out.append(text[last:])
        return "".join(out)


HAN_CLASS = re.compile(f"[{HAN}]")


def _runs_around(text: str, stray_re: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of each run of Han characters that holds a stray character."""
    runs: list[tuple[int, int]] = []
    for m in stray_re.finditer(text):
        if runs and m.start() < runs[-1][1]:
            continue
        start, end = m.start(), m.end()
        while start > 0 and HAN_CLASS.match(text, start - 1):
            start -= 1
        while end < len(text) and HAN_CLASS.match(text, end):
            end += 1
        runs.append((start, end))
    return runs


def _difference(before: str, after: str) -> tuple[int, tuple[str, str]]:
    """How many characters changed, and the first change with a few characters of context."""
    if len(before) == len(after):
        diffs = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        i = diffs[0]
        lo = max(0, i - 4)
        return len(diffs), (before[lo:i + 6], after[lo:i + 6])
    i = next((k for k, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lo = max(0, i - 4)
    return max(1, abs(len(before) - len(after))), (before[lo:i + 8], after[lo:i + 8])


class ZhuZhe:
    """著 -> 着 outside zhù words, for text whose 著 also stands for zhuó and the particle zhe."""

    def __init__(self, lines: list[str]):
        self.zhuo = tuple(w[1:] for w in lines if w.startswith("+"))
        # each zhù word, and where 著 sits in it
        self.zhu = tuple((w, w.index("著")) for w in lines if not w.startswith("+") and "著" in w)

    def apply(self, text: str) -> tuple[str, int]:
        count = 0

        def decide(m: re.Match) -> str:
            nonlocal count
            i = m.start()
            if not text.startswith(self.zhuo, i):
                for word, at in self.zhu:
                    if i >= at and text.startswith(word, i - at):
                        return "著"
            count += 1
            return "着"

        out = re.sub("著", decide, text)
        return out, count
