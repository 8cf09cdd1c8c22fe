"""Read.decode's choice for the legacy files of the corruption suite (issue 3 may improve that
method): UTF-16 without a byte order mark, GB18030 and Big5 without a declaration."""
from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.stages.base import StageContext
from pipeline.stages.read import Read

EN = "Putin said this during the summit hosted by Russia via video conference.\n"
ZH = "国家统计局今天发布数据，上半年全国居民人均可支配收入实际增长。\n"
ZH_TW = "國家統計局今天發佈數據，上半年全國居民人均可支配收入實際增長。\n"


@pytest.fixture(scope="module")
def read():
    config = load_config()
    return Read(StageContext("read", config.section("read"), config.files[-1]))


@pytest.mark.parametrize("text", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(read, text, codec):
    assert read.decode(text.encode(codec)) == (text, codec)


def test_legacy_chinese_codecs(read):
    assert read.decode(ZH.encode("gb18030")) == (ZH, "gb18030")
    assert read.decode(ZH_TW.encode("big5")) == (ZH_TW, "big5")


def test_binary_with_nuls_is_still_rejected(read):
    data = bytes(range(256)) * 8 + b"\x00\x01" * 200
    with pytest.raises(InputError):
        read.decode(data)
