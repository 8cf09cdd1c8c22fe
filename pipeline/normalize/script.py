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

import operator
import re
from dataclasses import dataclass
from pathlib import Path

from ..patterns import longest_first
from .chardata import COMPAT_IDEOGRAPH, CharSet, char_class, is_han

# OpenCC configurations (the names of the JSON files the Python package ships, without .json)
# and the script they write. Japanese shinjitai targets are not a Chinese script.
TARGET_SCRIPT = {
    "t2s": "simplified", "tw2s": "simplified", "tw2sp": "simplified", "hk2s": "simplified", "hk2sp": "simplified",
    "s2t": "traditional", "s2tw": "traditional", "s2twp": "traditional", "s2hk": "traditional",
    "s2hkp": "traditional", "t2tw": "traditional", "t2hk": "traditional", "tw2t": "traditional",
    "hk2t": "traditional", "jp2t": "traditional",
}
CHAR_BLOCKS = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2EBF0), (0x30000, 0x31350)]


def cached_char_map(config_name: str) -> dict[str, str]:
    """char_map of an OpenCC configuration, kept in the disk cache (keyed by OpenCC's data files):
    converting every Han character three times costs a third of a second on every start."""
    import opencc

    from ..cache import cached_table

    data = sorted(Path(opencc.__file__).parent.rglob("*.ocd2")) + sorted(Path(opencc.__file__).parent.rglob("*.json"))
    return cached_table(f"opencc-{config_name}", data, lambda: char_map(opencc.OpenCC(config_name)))


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

        try:  # loaded here, before workers fork, rather than on the first article
            import numpy  # noqa: F401
        except ImportError:  # pragma: no cover
            pass
        self.config_name = config_name
        self.converter = opencc.OpenCC(config_name)  # raises for an unknown configuration
        self.target = TARGET_SCRIPT.get(config_name.removesuffix(".json"))
        to_simplified = cached_char_map("t2s")
        to_traditional = cached_char_map("s2t")
        compat = {ch for ch in to_simplified if COMPAT_IDEOGRAPH.match(ch)}
        self.traditional_only = frozenset(set(to_simplified) - set(to_traditional) - set(to_simplified.values())
                                          - set(shared_traditional) - compat)
        self.simplified_only = frozenset(set(to_traditional) - set(to_simplified) - set(to_traditional.values())
                                         - set(shared_simplified) - compat)
        # Hong Kong variant forms t2s does not know (衞 -> 卫, 敍 -> 叙): hk2s's own character table
        self.variants: dict[str, str] = {}
        if self.target == "simplified":
            from_hk = cached_char_map("hk2s")
            self.variants = {c: o for c, o in from_hk.items()
                             if c not in to_simplified and c not in shared_traditional and not COMPAT_IDEOGRAPH.match(c)}
        self.variants_re = re.compile(char_class(self.variants)) if self.variants else None
        self.traditional_chars = CharSet(self.traditional_only)
        self.simplified_chars = CharSet(self.simplified_only)
        # the listed form is protected too when conversion would change it: a second run must
        # leave 徐乾学 alone (t2s: 徐干学), while 什么 needs no protection
        self.protected = dict(protected)
        for written in list(protected.values()):
            if self.converter.convert(written) != written:
                self.protected.setdefault(written, written)
        self.protected_re = longest_first(self.protected)
        self.protected_first = CharSet(term[0] for term in self.protected)
        self._matters: dict[str, bool] = {}

    def detect(self, text: str, mixed_share: float) -> str:
        """traditional / simplified / mixed. Text with no script-specific character is reported as
        the target script (it is already valid in it), simplified when the target is not Chinese."""
        trad = self.traditional_chars.count(text)
        simp = self.simplified_chars.count(text)
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
        return self.traditional_chars.search(text) or self.simplified_chars.search(text)

    def convert(self, text: str, script: str) -> Conversion:
        strays_only = self.target is not None and script == self.target
        strays = self.traditional_chars if self.target == "simplified" else self.simplified_chars
        if strays_only and not strays.search(text) and not self._may_hold_protected(text):
            return Conversion(text, 0, 0, None, None)
        parts: list[str] = []
        changed = protected = 0
        example = first_protected = None

        def convert_piece(piece: str) -> None:
            nonlocal changed, example
            out = self._convert_strays(piece, strays) if strays_only else self.converter.convert(piece)
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
                if self._protection_matters(term):
                    protected += 1
                    first_protected = first_protected or term
                last = m.end()
        convert_piece(text[last:])
        return Conversion("".join(parts), changed, protected, example, first_protected)

    def fold_variants(self, text: str) -> tuple[str, int]:
        """Variant forms of a Traditional character that the target's tables miss."""
        if self.variants_re is None or not self.variants_re.search(text):
            return text, 0
        return self.variants_re.subn(lambda m: self.variants[m.group(0)], text)

    def _protection_matters(self, term: str) -> bool:
        """Whether the listed form differs from what conversion would have written (else: no news)."""
        if term not in self._matters:
            self._matters[term] = self.converter.convert(term) != self.protected[term]
        return self._matters[term]

    def _may_hold_protected(self, text: str) -> bool:
        return self.protected_re is not None and self.protected_first.search(text)

    def _convert_strays(self, text: str, strays: CharSet) -> str:
        """Convert the stray characters of the other script, each by OpenCC over its Han run."""
        out = []
        last = 0
        for start, end in _runs_around(text, strays.positions(text)):
            piece = text[start:end]
            converted = self.converter.convert(piece)
            if len(converted) == len(piece):  # keep every character both scripts share
                converted = "".join(c if o in strays.chars else o for o, c in zip(piece, converted))
            out.append(text[last:start])
            out.append(converted)
            last = end
        out.append(text[last:])
        return "".join(out)


def _runs_around(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of Han characters that holds one of the positions."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p < runs[-1][1]:
            continue
        start, end = p, p + 1
        while start > 0 and is_han(text[start - 1]):
            start -= 1
        while end < len(text) and is_han(text[end]):
            end += 1
        runs.append((start, end))
    return runs


def _count_changed(before: str, after: str) -> int:
    """Positions where two strings of one length differ (numpy, which spaCy brings, is 10x faster)."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with spaCy
        return sum(map(operator.ne, before, after))
    a = numpy.frombuffer(before.encode("utf-32-le"), dtype=numpy.uint32)
    b = numpy.frombuffer(after.encode("utf-32-le"), dtype=numpy.uint32)
    return int((a != b).sum())


def _difference(before: str, after: str) -> tuple[int, tuple[str, str]]:
    """How many characters changed, and the first change with a few characters of context."""
    if len(before) == len(after):
        i = next(k for k, (a, b) in enumerate(zip(before, after)) if a != b)
        lo = max(0, i - 4)
        return _count_changed(before, after), (before[lo:i + 6], after[lo:i + 6])
    i = next((k for k, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lo = max(0, i - 4)
    return max(1, abs(len(before) - len(after))), (before[lo:i + 8], after[lo:i + 8])


class ZhuZhe:
    """著 -> 着 outside zhù words, for text whose 著 also stands for zhuó and the particle zhe.

    Each 著 is decided by the listed word that covers it and starts furthest left (the longest one
    on a tie), as forward maximum matching segments: 显著实惠 is 显著 (zhù) + 实惠, 朝著有利 is 朝著
    (zhe) + 有利. No listed word: 着."""

    def __init__(self, lines: list[str]):
        # (word, where 著 sits in it, 着 or 著)
        self.words = tuple((w.lstrip("+"), w.lstrip("+").index("著"), "着" if w.startswith("+") else "著")
                           for w in lines if "著" in w)

    def apply(self, text: str) -> tuple[str, int]:
        count = 0

        def decide(m: re.Match) -> str:
            nonlocal count
            i = m.start()
            best = None
            for word, at, written in self.words:
                if i >= at and text.startswith(word, i - at):
                    key = (i - at, -len(word))
                    if best is None or key < best[0]:
                        best = (key, written)
            written = best[1] if best else "着"
            count += written == "着"
            return written

        out = re.sub("著", decide, text)
        return out, count
