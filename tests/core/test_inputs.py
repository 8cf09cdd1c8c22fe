"""Every input format and encoding the README promises, with small files the tests make themselves."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.runner import run
from pipeline.stages import build_pipeline

ZH = "国务院新闻办公室今天举行发布会，介绍经济运行情况。\n会议强调，要继续推动高质量发展。"
ZH_TRAD = "國務院新聞辦公室今天舉行發布會，介紹經濟運行情況。\n會議強調，要繼續推動高質量發展。"
EN = "The State Council held a press conference on Monday.\nOfficials said growth remained stable."


@pytest.fixture(scope="module")
def processed(tmp_path_factory, pipeline):
    raw = tmp_path_factory.mktemp("raw")
    files = {
        "utf8.txt": ZH.encode("utf-8"),
        "utf8bom.txt": b"\xef\xbb\xbf" + ZH.encode("utf-8"),
        "gb18030.txt": ZH.encode("gb18030"),
        "big5.txt": ZH_TRAD.encode("big5"),
        "utf16bom.txt": ZH.encode("utf-16"),
        "utf16le.txt": ZH.encode("utf-16-le"),
        "english.txt": EN.encode("utf-8"),
        "page.html": ("<html><head><meta charset='gbk'><title>经济运行情况发布会</title></head><body>"
                      "<nav>首页 | 新闻 | 财经</nav><article><h1>经济运行情况发布会</h1>"
                      + "".join(f"<p>{line}这是正文的第{i}段，内容足够长，可以被正文抽取识别出来。</p>"
                                for i, line in enumerate(ZH.split("\n") * 3))
                      + "</article><footer>版权所有</footer></body></html>").encode("gbk"),
        "records.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in [
            {"id": "rec-1", "text": ZH, "title": "给定的标题", "published": "2021-09-01 10:00"},
            {"id": "rec-2", "text": EN, "lang": "en", "url": "https://example.com/a"},
        ]).encode("utf-8"),
        "single.json": json.dumps({"id": "one", "text": ZH}, ensure_ascii=False).encode("utf-8"),
        "list.json": json.dumps([{"id": "l1", "text": EN}, {"id": "l2", "text": ZH}]).encode("utf-8"),
    }
    for name, data in files.items():
        (raw / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    summary = run(pipeline, raw, out, jobs=1)
    records = {r["id"]: r for r in map(json.loads, (out / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, records, errors


@pytest.mark.parametrize("doc_id, encoding", [
    ("utf8", "utf-8"), ("utf8bom", "utf-8"), ("gb18030", "gb18030"), ("big5", "big5"),
    ("utf16bom", "utf-16-le"), ("utf16le", "utf-16-le"),
])
def test_encodings_are_detected_and_recorded(processed, doc_id, encoding):
    _, records, errors = processed
    assert not errors
    rec = records[doc_id]
    assert rec["source"]["encoding"] == encoding
    assert rec["lang"] == "zh"
    assert "国务院新闻办公室" in rec["text"] and "高质量发展" in rec["text"]


def test_big5_input_is_traditional_and_converted(processed):
    rec = processed[1]["big5"]
    assert rec["script"] == "traditional"
    assert "國" not in rec["text"]


def test_english_text(processed):
    rec = processed[1]["english"]
    assert rec["lang"] == "en" and rec["script"] is None
    assert "press conference" in rec["text"]


def test_html_main_text_is_extracted(processed):
    rec = processed[1]["page"]
    assert rec["source"]["format"] == "html" and rec["source"]["encoding"] == "gb18030"  # GBK, read as its superset
    assert "这是正文的第0段" in rec["text"]
    assert "首页 | 新闻" not in rec["text"]


def test_jsonl_records_keep_their_given_metadata(processed):
    records = processed[1]
    assert records["rec-1"]["title"] == "给定的标题"
    assert records["rec-1"]["published"] == "2021-09-01"
    assert records["rec-1"]["source"]["format"] == "jsonl" and records["rec-1"]["source"]["line"] == 1
    assert records["rec-2"]["lang"] == "en" and records["rec-2"]["source"]["line"] == 2


def test_json_single_record_and_list(processed):
    records = processed[1]
    assert records["one"]["source"]["format"] == "json"
    assert {"l1", "l2"} <= set(records)
    assert records["l1"]["lang"] == "en" and records["l2"]["lang"] == "zh"


def test_every_input_is_accounted_for(processed):
    summary, records, errors = processed
    assert summary.articles == len(records) == 13 and summary.errors == len(errors) == 0
