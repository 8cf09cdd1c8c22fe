"""Inputs are data, never instructions: HTML fetches nothing and expands no external entity, and
nothing from an input becomes a path."""
from __future__ import annotations

import socket

import pytest

from conftest import make_document
from pipeline.errors import InputError

HOSTILE_PAGE = """<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://203.0.113.7/entity.txt">
]>
<html><head>
<link rel="stylesheet" href="http://203.0.113.7/style.css">
<script src="https://203.0.113.7/tracker.js"></script>
<meta http-equiv="refresh" content="0; url=http://203.0.113.7/">
<base href="http://203.0.113.7/">
</head><body><article>
<h1>外部实体测试页面</h1>
<p>这一段是正文，正文足够长，可以被抽取出来。&secret; &remote;</p>
<p>第二段正文，同样足够长，用来确认页面被当作普通数据读取。<img src="http://203.0.113.7/pixel.gif"></p>
<iframe src="http://203.0.113.7/frame.html"></iframe>
<p>第三段正文：外部资源既不下载也不展开，文本中只留下页面本身的文字。</p>
</article></body></html>"""


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_hostile_html_fetches_nothing_and_expands_no_entity(pipeline, no_network):
    doc = make_document(raw=HOSTILE_PAGE.encode("utf-8"), fmt="html")
    try:
        doc = pipeline.run(doc)
    except InputError as e:  # a clean rejection is acceptable too; a fetch is not
        assert e.code in ("no_main_text",), e
    else:
        assert "这一段是正文" in doc.text
        assert "root:" not in doc.text and "/bin/" not in doc.text
    assert no_network == []


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b", "a\\b", "..", "x\x00y", "\n"])
def test_ids_that_could_name_paths_are_rejected(bad_id):
    from pipeline.inputs import check_id

    with pytest.raises(InputError) as info:
        check_id(bad_id)
    assert info.value.code == "bad_id"


def test_regexes_in_rule_files_are_checked_when_loaded(tmp_path):
    from pipeline.config import load_config
    from pipeline.errors import ConfigError
    from pipeline.stages import build_pipeline

    rules = tmp_path / "rules.toml"
    rules.write_text("[[rule]]\nname = \"bad\"\npattern = '''[unclosed'''\n", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[boilerplate.rules_files]\nzh = "{rules}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        build_pipeline(load_config(config))
    assert "rules.toml" in str(info.value) and "bad" in str(info.value)
