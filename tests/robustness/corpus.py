"""Good articles and every kind of bad input issue 8 names, built in a temporary raw/ by the tests."""
from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "raw").glob("*.txt"))

ZH_SENTENCES = [
    "国务院新闻办公室举行发布会，介绍上半年经济运行情况。",
    "会议强调，要坚持稳中求进工作总基调，推动高质量发展。",
    "据悉，该市今年新建保障性住房一万余套，惠及群众三万多人。",
    "市场监管部门将开展专项检查，严厉打击假冒伪劣行为。",
    "活动期间，各地将组织开展质量宣传、咨询服务等系列活动。",
]
EN_SENTENCES = [
    "The city government held a meeting on Tuesday to review the progress of the project.",
    "Officials said the new measures would take effect at the beginning of next month.",
    "The report noted that the quality of products had improved steadily over the year.",
    "Local authorities pledged to strengthen supervision and protect consumers' rights.",
]


def good_articles(n: int) -> dict[str, bytes]:
    """n distinct, clean articles: the samples, then generated Chinese and English ones."""
    out = {f.name: f.read_bytes() for f in SAMPLES[:n]}
    i = 0
    while len(out) < n:
        if i % 3 == 2:
            body = "\n".join(EN_SENTENCES[(i + k) % len(EN_SENTENCES)] for k in range(3))
            out[f"good_en_{i:03d}.txt"] = f"Article number {i} on city affairs\n\n{body}\n".encode()
        else:
            body = "\n".join(ZH_SENTENCES[(i + k) % len(ZH_SENTENCES)] for k in range(3))
            data = f"第{i}号稿件。{body}\n".encode("utf-8" if i % 2 else "gb18030")
            out[f"good_zh_{i:03d}.txt"] = data
        i += 1
    return out


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(range(48)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jsonl(*records) -> bytes:
    return b"\n".join(r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode() for r in records) + b"\n"


# name -> (bytes, [(expected code, line or None)]); built by build_bad_inputs
def bad_inputs(max_bytes: int) -> dict[str, tuple[bytes, list[tuple[str, int | None]]]]:
    zh = "这是一篇正常的文章。" * 3
    return {
        "empty.txt": (b"", [("empty_input", None)]),
        "blank.txt": (b"  \n\n \t\n", [("empty_input", None)]),
        "image_saved_as.txt": (png_bytes(), [("binary_input", None)]),
        "undecodable.txt": (b"\x81\xff\xfd" * 7, [("undecodable", None)]),  # odd length: not UTF-16 either
        "nul_bytes.txt": ("正文开始\x00正文继续".encode("utf-8"), [("nul_bytes", None)]),
        "surrogate.jsonl": (b'{"id": "surrogate", "text": "abc \\ud800 def"}\n', [("lone_surrogate", 1)]),
        "one_huge_line.txt": (b"a" * (max_bytes * 5), [("oversize", None)]),
        "oversize.txt": (("很长的文章。" * (max_bytes // 18 + 10)).encode("utf-8"), [("oversize", None)]),
        "mixed.jsonl": (jsonl({"id": "mixed-1", "text": zh}, b'{"id": "mixed-2", "text": ', {"id": "mixed-3", "text": zh}),
                        [("bad_json", 2)]),
        "no_text.jsonl": (jsonl({"id": "no-text", "title": "只有标题"}), [("bad_record", 1)]),
        "dup_a.jsonl": (jsonl({"id": "dup", "text": zh}), []),
        "dup_b.jsonl": (jsonl({"id": "dup", "text": zh + "另一篇。"}), [("duplicate_id", 1)]),
        "scripts_only.html": (b"<html><head><script>var a = 1;</script></head><body><script>track();</script></body></html>",
                              [("no_main_text", None)]),
        "deep.html": (b"<html><body>" + b"<div>" * 5000 + "<p>深层嵌套的正文。</p>".encode() + b"</div>" * 5000
                      + b"</body></html>", [("html_too_deep", None)]),
        "bad_ids.jsonl": (jsonl({"id": "../escape", "text": zh}, {"id": "a/b", "text": zh}, {"id": "c\\d", "text": zh}),
                          [("bad_id", 1), ("bad_id", 2), ("bad_id", 3)]),
        "notes.docx": (b"PK\x03\x04 not a text file", [("unsupported_format", None)]),
    }


def build(raw: Path, max_bytes: int, good: int = 100) -> tuple[dict[str, bytes], dict]:
    raw.mkdir(parents=True, exist_ok=True)
    goods = good_articles(good)
    for name, data in goods.items():
        (raw / name).write_bytes(data)
    bads = bad_inputs(max_bytes)
    (raw / "bad").mkdir()
    for name, (data, _) in bads.items():
        (raw / "bad" / name).write_bytes(data)
    # a symlink loop, a dangling symlink and a directory cycle
    os.symlink("loop_b.txt", raw / "bad" / "loop_a.txt")
    os.symlink("loop_a.txt", raw / "bad" / "loop_b.txt")
    os.symlink("missing_target.txt", raw / "bad" / "dangling.txt")
    os.symlink("..", raw / "bad" / "cycle")
    extra = {"loop_a.txt": [("unreadable", None)], "loop_b.txt": [("unreadable", None)],
             "dangling.txt": [("unreadable", None)], "cycle": [("unreadable", None)]}
    expected = {name: codes for name, (_, codes) in bads.items()} | extra
    return goods, expected
