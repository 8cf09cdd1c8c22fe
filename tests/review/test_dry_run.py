"""`newsclean process --dry-run --diff`: changing one boilerplate rule lists exactly the articles whose
text that rule touches, and writes nothing to OUT (issue 7's acceptance test).

The corpus is made here: Chinese articles with a promotional line of three kinds (matched by the old
rule only, by the new rule only, by both) or none, and English articles the rule never sees. The rule
under test goes first in a copy of the shipped Chinese rule file, so no shipped rule can take its lines
first; a `--config` overlay points `[boilerplate.rules_files].zh` at the copy.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_CONFIG_DIR, load_config
from pipeline.review.preview import dry_run
from pipeline.runner import run
from pipeline.stages import build_pipeline

OLD_PATTERN = r"^(?:扫码关注|长按识别)\S{0,20}$"
NEW_PATTERN = r"^(?:扫码关注|点击阅读原文)\S{0,20}$"
PROMO = {"old_only": "长按识别二维码关注我们", "new_only": "点击阅读原文查看更多", "both": "扫码关注本报公众号", "none": None}
ZH_BODY = ["{n}月{d}日，省市场监管局召开全省质量工作会议，部署下一阶段重点任务。",
           "会议指出，要坚持质量第一，推动企业落实质量主体责任，提升产品和服务质量。",
           "会议要求，各地要加强计量、标准、认证认可和检验检测等质量基础设施建设。",
           "与会代表围绕质量提升行动进行了交流发言。"]
EN_BODY = ["The provincial market regulator held a quality conference on Monday.",
           "Officials asked companies to take responsibility for the quality of their products.",
           "Scan the code to follow us"]  # the rule is for Chinese articles: English ones never change


def toml_value(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # JSON strings, numbers and booleans are TOML


def toml_document(data: dict, prefix: str = "") -> list[str]:
    """TOML text for `data` (tables as [name], lists of tables as [[name]]): no TOML writer needed."""
    lines, tables, arrays = [], [], []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            arrays.append((k, v))
        else:
            lines.append(f"{json.dumps(k)} = {toml_value(v)}")
    for k, v in arrays:
        for item in v:
            lines += ["", f"[[{prefix}{json.dumps(k)}]]"] + toml_document(item, f"{prefix}{json.dumps(k)}.")
    for k, v in tables:
        lines += ["", f"[{prefix}{json.dumps(k)}]"] + toml_document(v, f"{prefix}{json.dumps(k)}.")
    return lines


def rule_file(path: Path, pattern: str) -> Path:
    """The shipped Chinese rules with the rule under test first."""
    shipped = tomllib.loads((DEFAULT_CONFIG_DIR / "boilerplate" / "zh.toml").read_text(encoding="utf-8"))
    test_rule = {"name": "review_test_promo", "where": "anywhere", "action": "drop", "pattern": pattern}
    shipped["rule"] = [test_rule] + shipped.get("rule", [])
    text = "\n".join(toml_document(shipped)) + "\n"
    assert tomllib.loads(text) == shipped, "the rule file did not survive the round trip"
    path.write_text(text, encoding="utf-8")
    return path


def overlay(folder: Path, pattern: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rule_file(folder / "zh.toml", pattern)
    (folder / "overlay.toml").write_text('[boilerplate.rules_files]\nzh = "zh.toml"\n', encoding="utf-8")
    return folder / "overlay.toml"


def make_corpus(raw: Path) -> dict[str, str | None]:
    """Files under raw/, and which promotional line each Chinese article has."""
    raw.mkdir(parents=True)
    kinds: dict[str, str | None] = {}
    for n, kind in enumerate([k for k in PROMO for _ in range(3)]):
        body = [p.format(n=n % 12 + 1, d=n + 3) for p in ZH_BODY]
        if PROMO[kind]:
            body.insert(2, PROMO[kind])
        doc_id = f"zh_{n:02d}_{kind}"
        (raw / f"{doc_id}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        kinds[doc_id] = kind
    for n in range(2):
        (raw / f"en_{n:02d}.txt").write_text("\n".join(EN_BODY) + "\n", encoding="utf-8")
    return kinds


def touched_by_change(raw: Path) -> set[str]:
    """The oracle, from the inputs alone: Chinese articles with a line one pattern matches and the other not."""
    out = set()
    for path in raw.glob("zh_*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        if any(bool(re.search(OLD_PATTERN, x)) != bool(re.search(NEW_PATTERN, x)) for x in lines):
            out.add(path.stem)
    return out


def listed(diff_text: str) -> dict[str, str]:
    """Article id -> status mark (~ + -) of the article lines of a diff."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^([~+-]) (\S+)  ", diff_text, re.M) if m.group(2) != "error"}


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    base = tmp_path_factory.mktemp("dry_run")
    raw, out = base / "raw", base / "out"
    kinds = make_corpus(raw)
    old_config, new_config = overlay(base / "old", OLD_PATTERN), overlay(base / "new", NEW_PATTERN)
    # built once: the digest covers the package's code too, which must not change between the run
    # and the dry runs that expect to reuse its state
    old_pipeline = build_pipeline(load_config(old_config))
    summary = run(old_pipeline, raw, out, jobs=1)
    assert summary.articles == len(kinds) + 2 and summary.errors == 0
    return raw, out, kinds, old_pipeline, new_config


def test_the_oracle_is_what_the_old_rule_did(setup):
    """Sanity: in OUT the rule fired exactly where its old pattern matched (so the corpus tests it)."""
    raw, out, kinds, _, _ = setup
    fired = {r["id"] for r in map(json.loads, (out / "articles.jsonl").read_text(encoding="utf-8").splitlines())
             if any(e["rule"] == "review_test_promo" for e in r["edits"])}
    assert fired == {i for i, k in kinds.items() if k in ("old_only", "both")}
    assert touched_by_change(raw) == {i for i, k in kinds.items() if k in ("old_only", "new_only")}


def test_dry_run_diff_lists_exactly_the_touched_articles(setup):
    raw, out, kinds, _, new_config = setup
    before = fingerprint(out)
    text = dry_run(build_pipeline(load_config(new_config)), raw, out, jobs=1, show_diff=True, color=False)
    assert fingerprint(out) == before, "a dry run wrote into OUT"
    got = listed(text)
    assert set(got) == touched_by_change(raw) and set(got.values()) == {"~"}, text
    for doc_id, kind in kinds.items():
        if kind == "old_only":  # the line is no longer removed: it comes back into the text
            assert f"{{+{PROMO[kind]}+}}" in text
        if kind == "new_only":
            assert f"[-{PROMO[kind]}-]" in text
    assert "rule now fires: boilerplate/review_test_promo in 3 more articles" in text
    assert "rule no longer fires: boilerplate/review_test_promo in 3 articles" in text
    assert f"6 changed, 0 added, 0 removed, {len(kinds) + 2 - 6} unchanged" in text


def test_dry_run_without_a_change_reprocesses_nothing(setup):
    raw, out, kinds, old_pipeline, _ = setup
    before = fingerprint(out)
    text = dry_run(old_pipeline, raw, out, jobs=1, show_diff=True)
    assert fingerprint(out) == before
    n = len(kinds) + 2
    assert f"inputs: {n} files (0 processed, {n} unchanged)" in text
    assert listed(text) == {} and "0 changed, 0 added, 0 removed" in text


def test_dry_run_sees_new_and_removed_inputs(setup, tmp_path):
    raw, out, kinds, old_pipeline, _ = setup
    import shutil

    raw2 = tmp_path / "raw"
    shutil.copytree(raw, raw2)
    first = sorted(kinds)[0]
    (raw2 / f"{first}.txt").unlink()
    (raw2 / "zz_new.txt").write_text("新来的文章。\n第二段。\n", encoding="utf-8")
    # both folders are named raw/, so source.path and the run state match: 13 inputs are reused
    text = dry_run(old_pipeline, raw2, out, jobs=1, show_diff=True)
    assert listed(text) == {first: "-", "zz_new": "+"}, text
    assert "(1 processed, 13 unchanged, 1 removed since the last run)" in text
    stat = dry_run(old_pipeline, raw2, out, jobs=1, show_diff=False)  # without --diff: the summary table
    rows = {line.split()[1]: line.split()[0] for line in stat.splitlines() if re.match(r"^[~+-]  \S", line)}
    assert rows == {first: "-", "zz_new": "+"}, stat


def test_cli_dry_run_diff(setup, newsclean):
    raw, out, kinds, _, new_config = setup
    before = fingerprint(out)
    done = newsclean("process", str(raw), str(out), "--config", str(new_config), "--dry-run", "--diff", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert fingerprint(out) == before
    assert set(listed(done.stdout)) == touched_by_change(raw)
    assert "dry run: nothing was written to" in done.stdout
