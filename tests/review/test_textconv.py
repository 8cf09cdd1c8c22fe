"""The git textconv: `git diff` and `git log -p` on processed/ show one readable block per changed article."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys

from pipeline.review import textconv

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def converted(lines: list[bytes]) -> list[str]:
    return list(textconv.convert(lines))


def test_article_block_reads_like_a_document(record):
    r = record("a1", "第一句。第二句！\nFirst sentence. Second one?", title="标题", published="2021-09-01",
               entities=[("第一", "MISC")],
               edits=[{"stage": "boilerplate", "rule": "zh_end_marker", "action": "remove", "before": "—完—\n尾巴",
                       "after": None, "count": 1}])
    out = converted([json.dumps(r, ensure_ascii=False).encode()])
    assert out[0] == "# newsclean 0.1.0 config sha256:aaaa"
    block = out[out.index("=== a1 ==="):]
    text = block[block.index("--- text") + 1:block.index("--- entities (1)")]
    assert text == ["第一句。", "第二句！", "", "First sentence.", "Second one?"]
    assert "MISC    第一" in block
    assert "boilerplate/zh_end_marker remove: «—完—⏎尾巴»" in block
    assert "title      标题" in block and "published  2021-09-01" in block


def test_error_records_and_bad_lines_pass_through():
    err = {"path": "raw/x.txt", "line": None, "id": None, "code": "empty_input", "message": "there is no text"}
    out = converted([json.dumps(err).encode(), b"{not json", b""])
    assert out == ["ERROR raw/x.txt empty_input: there is no text", "{not json"]


def test_main_writes_utf8(tmp_path, record, jsonl):
    path = jsonl(tmp_path / "a.jsonl", [record("a", "邯郸。")])
    buf = io.BytesIO()
    assert textconv.main([str(path)], out=buf) == 0
    assert "邯郸。" in buf.getvalue().decode("utf-8")


def _changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_git_diff_and_log_show_one_block_per_changed_article(git_repo, record, jsonl):
    repo = git_repo.path
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    articles = repo / "processed" / "articles.jsonl"
    body = "\n".join(f"第{i}段：会议在北京召开，代表们讨论了质量工作。" for i in range(1, 30))
    v1 = [record("a_first", body), record("b_second", body + "\n市场监督管理局发布通知。",
                                          entities=[("北京", "GPE")]), record("c_third", body)]
    jsonl(articles, v1)
    git_repo.git("add", ".")
    git_repo.git("commit", "-qm", "v1")
    done = subprocess.run([sys.executable, "-m", "pipeline.review.textconv", "--install"], cwd=repo,
                          capture_output=True, text=True, env={**os.environ, "HOME": str(repo)})
    assert done.returncode == 0, done.stderr
    v2 = [v1[0], record("b_second", body + "\n市场监管局发布通知。", entities=[("北京", "GPE")]), v1[2]]
    v2[1]["edits"] = [{"stage": "normalize", "rule": "demo_rule", "action": "replace", "before": None,
                       "after": None, "count": 2}]
    jsonl(articles, v2)

    diff = git_repo.git("diff", "--", "processed/articles.jsonl")
    hunk_headers = re.findall(r"^@@ .* @@ ?(.*)$", diff, re.M)
    assert hunk_headers and all(h == "=== b_second ===" for h in hunk_headers), hunk_headers
    assert _changed_lines(diff) == ["-市场监督管理局发布通知。", "+市场监管局发布通知。",
                                    "+--- edits (1)", "+normalize/demo_rule replace ×2"]
    git_repo.git("commit", "-qam", "v2")
    log = git_repo.git("log", "-p", "--format=commit %s", "--", "processed/articles.jsonl")
    assert "+市场监管局发布通知。" in log and "@@ === b_second ===" in log
    assert "=== a_first ===" in log  # the first commit shows every article as its own block
    assert '{"id"' not in log


def test_without_the_driver_git_shows_json(git_repo, record, jsonl):
    repo = git_repo.path
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    jsonl(repo / "processed" / "articles.jsonl", [record("a", "一。")])
    git_repo.git("add", ".")
    git_repo.git("commit", "-qm", "v1")
    jsonl(repo / "processed" / "articles.jsonl", [record("a", "二。")])
    assert '+{"id":"a"' in git_repo.git("diff")  # .gitattributes alone changes nothing until the setup
