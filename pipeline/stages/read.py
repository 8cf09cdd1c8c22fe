"""read: bytes -> text. Detects the encoding, extracts the main text of HTML, guesses the language."""
from __future__ import annotations

import codecs
import re

from ..document import Document
from ..errors import ConfigError, InputError
from .. import html as html_extraction
from ..zhstats import han_share, plausibility
from .base import Stage, StageContext

# Magic numbers of files people save as .txt by mistake.
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM", b"RIFF",
                b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*", b"\x7fELF", b"7z\xbc\xaf")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
LATIN = re.compile(r"[A-Za-z]")
ISO_DATE = re.compile(r"^\s*(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?)?")
SURROGATE = re.compile(r"[\ud800-\udfff]")
# GBK and GB2312 as declared are read as their superset: a page that says gb2312 often uses GBK
ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}
DAMAGE_MARGIN = 1.0  # a decoding with replaced bytes must be this much more plausible than a clean one


def iso_date(value: str | None) -> str | None:
    """'2021-9-1 10:00' -> '2021-09-01'; None when it does not start with a year."""
    m = ISO_DATE.match(value or "")
    if not m:
        return None
    parts = [m.group(1)] + [f"{int(x):02d}" for x in m.groups()[1:] if x]
    return "-".join(parts)


VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def nesting_depth(html: str, limit: int) -> int:
    """How deeply the page's elements nest (stops counting past `limit`)."""
    from html.parser import HTMLParser

    class Depth(HTMLParser):
        depth = deepest = 0

        def handle_starttag(self, tag, attrs):
            if tag not in VOID_ELEMENTS:
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)
                if self.deepest > limit:
                    raise StopIteration

        def handle_endtag(self, tag):
            self.depth = max(0, self.depth - 1)

    parser = Depth()
    try:
        parser.feed(html)
    except StopIteration:
        pass
    return parser.deepest


def guess_lang(text: str, han_ratio: float) -> str:
    """zh when Han characters make up a real share of the letters, else en."""
    han = han_share(text) * len(text)
    latin = len(LATIN.findall(text[:20000]))
    return "zh" if han >= han_ratio * max(1.0, han + latin / 5) else "en"


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte order mark (Notepad "Unicode" minus the BOM): Latin text has a NUL
    in every other byte, which UTF-8 would take as valid text full of NULs. Chinese UTF-16 has few
    NULs but never passes as UTF-8; the plausibility choice finds it."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even + odd < len(data) // 4 or min(even, odd) > (even + odd) // 10:
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
    return (text, enc) if printable >= 0.95 * len(text) else None  # binary data with NULs: not text


class Read(Stage):
    name = "read"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.candidates = tuple(context.setting("encodings", ["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be"], list))
        for enc in self.candidates:
            try:
                codecs.lookup(enc)
            except LookupError:
                raise ConfigError(f"unknown encoding {enc!r}", *context.where("encodings")) from None
        self.han_ratio = float(context.setting("zh_han_ratio", 0.5, (int, float)))
        self.max_html_depth = int(context.setting("max_html_depth", 250, int))
        self.max_bad_share = float(context.setting("max_bad_bytes_share", 0.002, (int, float)))
        self.min_plausibility = float(context.setting("min_plausibility", -12.5, (int, float)))
        self.html_settings = dict(context.setting("html", {}))

    def process(self, doc: Document) -> Document:
        if doc.raw is not None:
            declared = html_extraction.declared_charset(doc.raw) if doc.source.format == "html" else None
            try:
                text, encoding = self.decode(doc.raw, declared)
                strict_error = None
            except InputError as e:
                if e.code != "undecodable":
                    raise
                text, encoding, strict_error = None, None, e
            if strict_error or (encoding != "utf-8" and not doc.raw.startswith(tuple(b for b, _ in BOMS))):
                # a legacy encoding, or none: a few damaged bytes may hide the right one
                damaged = self.decode_damaged(doc.raw, declared)
                if damaged and (text is None or damaged[3] > plausibility(text[:4000]) + DAMAGE_MARGIN):
                    text, encoding, bad, _ = damaged
                    doc.edit(self.name, "undecodable_bytes", "flag", None, "\ufffd", bad)
                    doc.warn(f"read: {bad} byte(s) that are not {encoding} replaced by U+FFFD (a truncated or damaged file)")
                elif strict_error:
                    raise strict_error
            doc.source.encoding = encoding
            doc.raw = None
            if doc.source.format == "html":
                doc.html = text
            else:
                doc.text = text
        if doc.html is not None:
            page = doc.html
            try:
                self.extract_html(doc)
            except InputError as e:
                # lxml stops building the tree past a few hundred levels, so a page nested deeper
                # loses its text: say so, rather than "no main text"
                if e.code == "no_main_text" and nesting_depth(page, self.max_html_depth) > self.max_html_depth:
                    raise InputError("html_too_deep", f"the HTML is nested more than {self.max_html_depth} levels deep"
                                     " ([read].max_html_depth); its text cannot be extracted reliably") from None
                raise
        if "\x00" in doc.text:
            raise InputError("nul_bytes", "the text contains NUL bytes (a binary file, or UTF-16 read as something else)")
        if SURROGATE.search(doc.text):
            raise InputError("lone_surrogate", "the text contains lone UTF-16 surrogates, which no encoding can write")
        if not doc.text.strip():
            raise InputError("empty_input", "there is no text")
        doc.text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
        given = doc.given
        if given.get("title"):
            doc.title = given["title"].strip()
        if given.get("published"):
            doc.published = iso_date(given["published"])
        doc.lang = given.get("lang") or guess_lang(doc.text, self.han_ratio)
        doc.read_text = doc.text
        return doc

    def decode(self, data: bytes, declared: str | None = None) -> tuple[str, str]:
        """(text, encoding): a BOM decides; else UTF-8 when it decodes; else the charset the page
        declares when the bytes decode in it; else the most plausible candidate."""
        if not data.strip():
            raise InputError("empty_input", "the file is empty")
        for bom, enc in BOMS:
            if data.startswith(bom):
                try:
                    return data.decode(enc), enc.replace("-sig", "")
                except UnicodeDecodeError as e:
                    raise InputError("undecodable", f"starts with a {enc} byte order mark but does not decode: {e.reason} at byte {e.start}") from None
        if data.startswith(BINARY_MAGIC):
            raise InputError("binary_input", "the bytes start like an image, archive or executable, not text")
        utf16 = utf16_without_bom(data)
        if utf16:
            return utf16
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        if declared:
            declared = ALIASES.get(declared, declared)
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back to detection
        best, best_score = None, float("-inf")
        for enc in self.candidates:
            if enc == "utf-8":
                continue
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            score = plausibility(text[:4000])
            if score > best_score:
                best, best_score = (text, enc), score
        if best is None:
            raise InputError("undecodable", f"decodes in none of {', '.join(self.candidates)}")
        if best_score < self.min_plausibility:
            raise InputError("binary_input", f"decodes only as implausible text (best: {best[1]}, score {best_score:.1f}"
                             f" < [read].min_plausibility {self.min_plausibility}): binary data, not text")
        if best[0].count("\x00") > len(best[0]) // 10:
            raise InputError("binary_input", "the bytes contain many NUL bytes: a binary file, not text")
        return best

    def decode_damaged(self, data: bytes, declared: str | None) -> tuple[str, str, int, float] | None:
        """(text, encoding, bad bytes, plausibility) of the most plausible decoding that needs a few
        damaged sequences (a page cut mid-character, a stray byte) replaced: at most
        [read].max_bad_bytes_share of the input. None when there is none."""
        allowed = int(len(data) * self.max_bad_share)
        best = None
        encodings = ([declared] if declared else []) + [e for e in self.candidates if e != declared]
        written = data.count("\ufffd".encode("utf-8"))  # U+FFFD the file itself holds, not a decoder's
        for enc in encodings:
            enc = ALIASES.get(enc, enc)
            try:
                text = data.decode(enc, errors="replace")
            except LookupError:
                continue
            bad = text.count("\ufffd") - written
            if not 0 < bad <= allowed:
                continue
            score = plausibility(text[:4000])
            if score >= self.min_plausibility and (best is None or score > best[3]):
                best = (text, enc, bad, score)
        return best

    def extract_html(self, doc: Document) -> None:
        page = html_extraction.extract(doc.html, self.html_settings, doc.given.get("url"))
        doc.html = None
        doc.text = page.text
        doc.edit(self.name, f"html_main_text_{page.mode}" if page.mode else "html_main_text", "extract", None, None)
        if page.title and not doc.given.get("title"):
            doc.given["page_title"] = page.title
        if page.date and not doc.given.get("published"):
            doc.given["page_date"] = page.date
        if page.author:
            doc.given["page_author"] = page.author
        if page.sitename:
            doc.given["page_sitename"] = page.sitename
        # the page's lines around the main text, where bylines and time lines sit (boilerplate reads them)
        if page.head:
            doc.given["page_head"] = page.head
        if page.tail:
            doc.given["page_tail"] = page.tail
