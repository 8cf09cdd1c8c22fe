"""pipeline.zhstats: the plausibility scores other stages use (read calls plausibility and han_share)."""
from __future__ import annotations

from pipeline import zhstats


def test_plausibility_prefers_real_chinese():
    clean = "国家统计局今天发布数据"
    mojibake = clean.encode("utf-8").decode("gb18030", "replace")
    assert zhstats.plausibility(clean) > zhstats.plausibility(mojibake)
    assert zhstats.plausibility("") == float("-inf")


def test_plausibility_scores_traditional_through_t2s():
    assert abs(zhstats.plausibility("國家統計局") - zhstats.plausibility("国家统计局")) < 0.5


def test_han_share():
    assert zhstats.han_share("中文ab") == 0.5
    assert zhstats.han_share("") == 0.0


def test_segment_logp_prefers_words():
    # 地铁 is a word, 胸膛 too, but only 地铁 fits 三号线; 学。的: a particle never opens a clause
    assert zhstats.segment_logp("地铁三号线", simplify=False) > zhstats.segment_logp("靥三号线", simplify=False)
    assert zhstats.segment_logp("这所学校的孩子") > zhstats.segment_logp("这所学。的孩子")


def test_segment_logp_numbers_are_one_token():
    # 30日 is one token, so 日 cannot also start 日常
    assert zhstats.segment_logp("30日。活动") > zhstats.segment_logp("30日常活动")
