"""The read stage: bytes to text, and the named errors of inputs that are not text."""
from __future__ import annotations

import pytest

from pipeline.errors import InputError


@pytest.mark.parametrize("data, code", [
    (b"", "empty_input"),
    (b"\n \n", "empty_input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_input"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", "binary_input"),
    (b"\x81\xff\xfd" * 3, "undecodable"),
    ("正文\x00正文".encode("utf-8"), "nul_bytes"),
    # rare Han characters only: what random bytes look like when read as UTF-16
    ("".join(chr(0x9F00 + (i * 37) % 0xA0) for i in range(300)).encode("utf-16-le"), "binary_input"),
])
def test_inputs_that_are_not_text_get_named_errors(run_stages, data, code):
    with pytest.raises(InputError) as info:
        run_stages(raw=data, upto="read")
    assert info.value.code == code


@pytest.mark.parametrize("text, encoding", [
    ("经济运行总体平稳，就业形势保持稳定。", "gb18030"),
    ("經濟運行總體平穩，就業形勢保持穩定。", "big5"),
    ("经济运行总体平稳，就业形势保持稳定。", "utf-16-le"),
    ("经济运行总体平稳，就业形势保持稳定。", "utf-16-be"),
])
def test_legacy_encodings_without_declaration(run_stages, text, encoding):
    doc = run_stages(raw=text.encode(encoding), upto="read")
    assert doc.text == text and doc.source.encoding == encoding


def test_crlf_becomes_newline(run_stages):
    assert run_stages(raw=b"line one\r\nline two\rthree", upto="read").text == "line one\nline two\nthree"


def test_given_metadata_is_kept(run_stages):
    doc = run_stages("Some text here.", upto="read", title="Given title", published="2024-8-7 10:00", lang="en")
    assert (doc.title, doc.published, doc.lang) == ("Given title", "2024-08-07", "en")


def test_a_few_damaged_bytes_are_replaced_and_flagged(run_stages):
    text = "经济运行总体平稳，就业形势保持稳定。" * 20
    data = text.encode("gbk")[:-1] + b"\xff" + text.encode("gbk")  # cut mid-character, then a stray byte
    doc = run_stages(raw=data, upto="read")
    assert doc.source.encoding == "gb18030"
    assert "\ufffd" in doc.text and doc.text.count("\ufffd") <= 2
    assert any(e.rule == "undecodable_bytes" and e.action == "flag" for e in doc.edits)
    assert any("U+FFFD" in w for w in doc.warnings)
