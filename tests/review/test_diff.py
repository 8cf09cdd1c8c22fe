"""`newsclean diff`: record-level comparison of two outputs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.review.diff import Tally, compare, compare_records, render, text_diff
from pipeline.review.records import RecordSource, SourceError, resolve
from pipeline.review.style import Painter

CASES = json.loads((Path(__file__).parent / "data" / "text_diff_cases.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(diff) -> list[str]:
    paint = Painter(False)
    return [f"¶{h.paragraph} " + "".join(t if op == " " else paint.removed(t) if op == "-" else paint.added(t)
                                         for op, t in h.segments) for h in diff.hunks]


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_text_diff_golden(case):
    assert plain(text_diff(case["old"], case["new"])) == case["expect"]


@pytest.mark.parametrize("text", CASES["unchanged"])
def test_same_text_has_no_hunks(text):
    assert text_diff(text, text).hunks == []


def test_text_diff_counts_characters():
    d = text_diff("邯郸市市场监督管理局", "邯郸市市场监管局")
    assert (d.removed_chars, d.added_chars) == (2, 0)


def test_fields_compared_each_in_its_own_way(record):
    old = record("a", "张三在北京开会。", entities=[("张三", "PERSON"), ("北京", "GPE")],
                 edits=[{"stage": "boilerplate", "rule": "zh_end_marker", "action": "remove", "before": "—完—",
                         "after": None, "count": 1}], title="旧标题")
    new = record("a", "张三在上海开会。", entities=[("张三", "PERSON"), ("上海", "GPE")], title="新标题",
                 config="sha256:bbbb")
    new["byline"]["authors"] = ["李四"]
    changes = {c.field: c for c in compare_records(old, new)}
    assert set(changes) == {"title", "byline.authors", "text", "entities", "edits"}  # not `pipeline`
    assert plain(changes["text"].text) == ["¶1 张三在[-北京-]{+上海+}开会。"]
    assert changes["entities"].added == ["GPE 上海"] and changes["entities"].removed == ["GPE 北京"]
    assert changes["edits"].removed == ["boilerplate/zh_end_marker remove «—完—»"] and not changes["edits"].added
    assert changes["byline.authors"].added == ["李四"]
    assert (changes["title"].old, changes["title"].new) == ("旧标题", "新标题")


def test_moved_entities_of_a_changed_text_are_not_a_change(record):
    old = record("a", "前言。张三在北京。", entities=[("张三", "PERSON")])
    new = record("a", "张三在北京。", entities=[("张三", "PERSON")])
    assert [c.field for c in compare_records(old, new)] == ["text"]


def test_repeated_items_are_counted(record):
    old = record("a", "北京，北京。", entities=[("北京", "GPE")])
    new = dict(old, entities=old["entities"] + [{"text": "北京", "label": "GPE", "start": 3, "end": 5}])
    (change,) = compare_records(old, new)
    assert change.added == ["GPE 北京"]


def test_only_the_pipeline_digest_differs_means_unchanged(tmp_path, record, jsonl):
    a = jsonl(tmp_path / "a.jsonl", [record("x", "文本。", config="sha256:1111")])
    b = jsonl(tmp_path / "b.jsonl", [record("x", "文本。", config="sha256:2222")])
    tally = Tally()
    assert list(compare(resolve(str(a)), resolve(str(b)), tally)) == []
    assert tally.unchanged == 1 and not tally.differs
    assert [d.fields() for d in compare(resolve(str(a)), resolve(str(b)), ignore=())] == [["pipeline.config"]]


@pytest.fixture
def two_outputs(tmp_path, record, jsonl):
    old = [record("a_same", "不变。"), record("b_changed", "张三在北京开会。", entities=[("北京", "GPE")]),
           record("c_removed", "删掉的文章。"), record("e_en", "The Bureau met on Monday.", lang="en")]
    new = [record("a_same", "不变。"), record("b_changed", "张三在上海开会。", entities=[("上海", "GPE")]),
           record("d_added", "新文章。"), record("e_en", "The Office met on Monday.", lang="en")]
    return jsonl(tmp_path / "old" / "articles.jsonl", old), jsonl(tmp_path / "new" / "articles.jsonl", new)


def test_added_removed_changed_in_id_order(two_outputs):
    old, new = two_outputs
    tally = Tally()
    got = [(d.id, d.status) for d in compare(resolve(str(old)), resolve(str(new.parent)), tally)]
    assert got == [("b_changed", "changed"), ("c_removed", "removed"), ("d_added", "added"), ("e_en", "changed")]
    assert (tally.changed, tally.added, tally.removed, tally.unchanged) == (2, 1, 1, 1)


def test_unsorted_input_is_compared_in_memory(tmp_path, record, jsonl):
    old = jsonl(tmp_path / "old.jsonl", [record("c", "丙。"), record("a", "甲。"), record("b", "乙。")])
    new = jsonl(tmp_path / "new.jsonl", [record("a", "甲。"), record("b", "乙乙。"), record("c", "丙。")])
    assert not resolve(str(old)).is_sorted() and resolve(str(new)).is_sorted()
    assert [(d.id, d.status) for d in compare(resolve(str(old)), resolve(str(new)))] == [("b", "changed")]


def test_cli_plain_when_piped(newsclean, two_outputs):
    old, new = two_outputs
    done = newsclean("diff", str(old), str(new))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert not ANSI.search(out)
    assert "~ b_changed" in out and "¶1 张三在[-北京-]{+上海+}开会。" in out
    assert "- c_removed" in out and "+ d_added" in out and "a_same" not in out
    assert "¶1 The [-Bureau-]{+Office+} met on Monday." in out
    assert "2 changed, 1 added, 1 removed, 1 unchanged of 5 articles" in out


def test_cli_colours_and_no_color(newsclean, two_outputs):
    old, new = two_outputs
    coloured = newsclean("diff", str(old), str(new), "--color", "always").stdout
    assert ANSI.search(coloured) and "[-" not in coloured
    assert ANSI.sub("", coloured).count("~ b_changed") == 1
    # NO_COLOR turns colours off even where they would be on (auto on a terminal)
    painter_env = newsclean("diff", str(old), str(new), env={"NO_COLOR": "1"}).stdout
    assert not ANSI.search(painter_env)


def test_no_color_env_beats_auto(monkeypatch):
    from pipeline.review.style import use_color

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", Tty()) is False
    assert use_color("always", Tty()) is True


def test_cli_stat_and_exit_code(newsclean, two_outputs):
    old, new = two_outputs
    done = newsclean("diff", str(old), str(new), "--stat", "--exit-code")
    assert done.returncode == 1
    rows = {line.split()[1]: line for line in done.stdout.splitlines() if line[:1] in "~+-" and len(line.split()) > 1}
    assert set(rows) == {"b_changed", "c_removed", "d_added", "e_en"}
    assert "-2 +2" in rows["b_changed"] and "-1 +1" in rows["b_changed"]  # text chars; entities
    same = newsclean("diff", str(old), str(old), "--exit-code")
    assert same.returncode == 0 and "0 changed, 0 added, 0 removed, 4 unchanged" in same.stdout


def test_missing_output_is_a_named_error(newsclean, tmp_path):
    done = newsclean("diff", str(tmp_path / "nowhere.jsonl"), str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2
    assert "nowhere.jsonl: no such file or folder, and not a git revision" in done.stderr


def test_default_is_git_head_against_working_copy(newsclean, git_repo, record, jsonl):
    out = git_repo.path / "processed" / "articles.jsonl"
    jsonl(out, [record("a", "第一版。"), record("b", "不变。")])
    git_repo.git("add", ".")
    git_repo.git("commit", "-qm", "v1")
    jsonl(out, [record("a", "第二版。"), record("b", "不变。")])
    done = newsclean("diff", cwd=git_repo.path)
    assert done.returncode == 0, done.stderr
    assert "¶1 第[-一-]{+二+}版。" in done.stdout
    assert "(HEAD:processed/articles.jsonl → processed/articles.jsonl)" in done.stdout
    # a revision, and REV:PATH, name the same thing
    for spec in ("HEAD", "HEAD:processed", "HEAD:processed/articles.jsonl"):
        again = newsclean("diff", spec, "processed", cwd=git_repo.path)
        assert "1 changed, 0 added, 0 removed, 1 unchanged" in again.stdout, (spec, again.stderr)


def test_nothing_committed_yet_means_everything_is_new(newsclean, git_repo, record, jsonl):
    (git_repo.path / "README").write_text("x")
    git_repo.git("add", ".")
    git_repo.git("commit", "-qm", "no output yet")
    jsonl(git_repo.path / "processed" / "articles.jsonl", [record("a", "新。")])
    done = newsclean("diff", cwd=git_repo.path)
    assert done.returncode == 0, done.stderr
    assert "+ a" in done.stdout and "0 changed, 1 added" in done.stdout


def test_git_source_streams_and_reports_errors(git_repo, record, jsonl, monkeypatch):
    jsonl(git_repo.path / "processed" / "articles.jsonl", [record(f"id{i:03d}", "文。") for i in range(50)])
    git_repo.git("add", ".")
    git_repo.git("commit", "-qm", "v1")
    monkeypatch.chdir(git_repo.path)
    source = resolve(None, "processed", default_rev="HEAD")
    assert source.git_object and source.is_sorted()
    first = next(source.records())  # stopping early leaves no git process behind (GeneratorExit path)
    assert first[0] == "id000"
    with pytest.raises(SourceError, match="no such file at that git revision"):
        resolve("HEAD:nothing/here.jsonl")
    broken = RecordSource("broken", git_object="HEAD:./missing.jsonl")
    with pytest.raises(SourceError):
        list(broken.records())


def test_render_writes_summary_with_rules(tmp_path, record, jsonl):
    edit = {"stage": "boilerplate", "rule": "zh_end_marker", "action": "remove", "before": "—完—", "after": None, "count": 1}
    old = jsonl(tmp_path / "o.jsonl", [record("a", "正文。", edits=[edit]), record("b", "正文。")])
    new = jsonl(tmp_path / "n.jsonl", [record("a", "正文。\n—完—"), record("b", "正文。")])
    lines: list[str] = []
    render(resolve(str(old)), resolve(str(new)), Painter(False), write=lines.append)
    assert "rule no longer fires: boilerplate/zh_end_marker in 1 article" in lines
    assert "    ¶2 {+—完—+}" in lines


def test_errors_files_compare_by_path_and_line(tmp_path, newsclean):
    old = tmp_path / "old.jsonl"
    new = tmp_path / "new.jsonl"
    old.write_text('{"path":"raw/a.txt","line":null,"id":null,"code":"empty_input","message":"there is no text"}\n'
                   '{"path":"raw/b.jsonl","line":3,"id":"x","code":"bad_id","message":"m"}\n', encoding="utf-8")
    new.write_text('{"path":"raw/b.jsonl","line":3,"id":"x","code":"bad_record","message":"m2"}\n', encoding="utf-8")
    out = newsclean("diff", str(old), str(new)).stdout
    assert "- raw/a.txt  empty_input: there is no text" in out
    assert "~ raw/b.jsonl:3" in out and "code: bad_id → bad_record" in out
