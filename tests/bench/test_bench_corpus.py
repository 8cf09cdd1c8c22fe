"""The bench corpus is deterministic, has what the issue asks for, and is input the pipeline reads;
the naive peer and the I/O floor write one line per article."""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from pipeline.benchmark import corpus, peer
from conftest import make_document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

needs_shared = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is not there")


@pytest.fixture(scope="module")
def sources():
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared/eval is not there")
    return corpus.load_sources(ROOT / "raw", SHARED)


def files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@needs_shared
def test_same_seed_same_bytes(tmp_path, sources):
    a = corpus.build(tmp_path / "a", 60, seed=3, sources=sources)
    b = corpus.build(tmp_path / "b", 60, seed=3, sources=sources)
    c = corpus.build(tmp_path / "c", 60, seed=4, sources=sources)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert a["sha256"] == b["sha256"] != c["sha256"]


@needs_shared
def test_mix_of_languages_scripts_damage_and_boilerplate(tmp_path, sources):
    manifest = corpus.build(tmp_path / "c", 400, seed=1, sources=sources)
    zh, en = manifest["per_lang"]["zh"], manifest["per_lang"]["en"]
    assert zh["articles"] + en["articles"] == 400 and zh["articles"] > en["articles"] > 50
    for tag in ("traditional", "simplified", "pinyin", "lost_chars", "misaligned_gbk", "utf8_as_gbk",
                "dateline", "editor_line", "copyright", "comments", "end_marker", "file_gb18030", "file_big5"):
        assert zh["tags"].get(tag, 0) > 0, tag
    for tag in ("utf8_as_cp1252", "page_dump", "editor_line"):
        assert en["tags"].get(tag, 0) > 0, tag
    listed = files(tmp_path / "c")
    assert ".manifest.json" in listed and sum(name.endswith(".txt") for name in listed) == 400
    pinyin = [data.decode("utf-8") for name, data in listed.items()
              if name.startswith("zh/") and b"(w\xc7\x8eng)" in data]  # 網(wǎng)
    assert pinyin, "some Traditional articles carry pinyin annotations"


@needs_shared
def test_read_stage_reads_every_bench_article(tmp_path, sources, pipeline):
    """Damaged, but input the pipeline takes: every file decodes to text (in its right encoding)."""
    manifest = corpus.build(tmp_path / "raw", 200, seed=2, sources=sources)
    read = next(stage for stage in pipeline.stages if stage.name == "read")
    encodings = set()
    for path in sorted((tmp_path / "raw").rglob("*.txt")):
        doc = read.process(make_document(raw=path.read_bytes(), doc_id=path.stem))
        assert doc.text.strip(), path.name
        tags = manifest["files"][path.stem]["tags"]
        if "file_big5" in tags or "file_gb18030" in tags:
            encodings.add(doc.source.encoding)
            assert doc.source.encoding in ("big5", "gb18030"), (path.name, doc.source.encoding)
    assert encodings == {"big5", "gb18030"}


def test_floor_and_peer_one_line_per_article(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("新华社北京9月1日电 国务院总理李强在北京会见了来访的客人。", encoding="utf-8")
    (raw / "b.txt").write_bytes("臺灣的經濟發展".encode("big5"))
    (raw / "c.txt").write_bytes("中华人民共和国成立".encode("gb18030"))
    (raw / ".hidden").write_text("not an article")
    listed = peer.corpus_files(raw)
    assert [p.name for p in listed] == ["a.txt", "b.txt", "c.txt"]
    assert peer.run_lines(listed, tmp_path / "floor.jsonl", peer.floor_article) == 3
    texts = [orjson.loads(line)["text"] for line in (tmp_path / "floor.jsonl").read_bytes().splitlines()]
    assert texts[1] == "臺灣的經濟發展" and texts[2] == "中华人民共和国成立"  # each legacy file decoded right
    naive = peer.NaivePeer()
    record = orjson.loads(naive.article(raw / "a.txt"))
    assert record["entities"], "posseg tags names and places"
    for entity in record["entities"]:
        assert record["text"][entity["start"]:entity["end"]] == entity["text"]
    assert "台湾" in orjson.loads(naive.article(raw / "b.txt"))["text"]  # OpenCC t2s
