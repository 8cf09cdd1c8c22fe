"""Every bad input issue 8 names, in a raw/ beside 100 good articles, through the CLI: nothing lost."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from robustness.corpus import ROOT, build

MAX_BYTES = 200_000


def without_root_file_access() -> list[str]:
    """A command prefix under which root, too, is refused files whose permissions forbid reading
    (CI runs as root, which otherwise reads everything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux setpriv: cannot make a file unreadable")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def run_cli(raw: Path, out: Path, *args: str, prefix: list[str] = ()) -> subprocess.CompletedProcess:
    config = out.parent / "limits.toml"
    config.write_text(f"[read]\nmax_bytes = {MAX_BYTES}\n", encoding="utf-8")
    return subprocess.run([*prefix, sys.executable, "-m", "pipeline", "process", str(raw), str(out),
                           "--config", str(config), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def bad_run():
    base = Path(tempfile.mkdtemp(prefix="newsclean-robust-"))
    raw = base / "raw"
    goods, expected = build(raw, MAX_BYTES)
    secret = raw / "bad" / "no_permission.txt"
    secret.write_text("不能读的文件。", encoding="utf-8")
    secret.chmod(0o000)
    expected["no_permission.txt"] = [("unreadable", None)]
    result = run_cli(raw, base / "out", "--jobs", "2", prefix=without_root_file_access())
    articles = [json.loads(x) for x in (base / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(x) for x in (base / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    yield result, goods, expected, articles, errors, base
    secret.chmod(0o644)
    subprocess.run(["rm", "-rf", str(base)], check=False)


def test_exit_status_says_some_inputs_were_rejected(bad_run):
    result = bad_run[0]
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr


def test_every_bad_input_has_its_named_error(bad_run):
    _, _, expected, _, errors, _ = bad_run
    got: dict[str, list[tuple[str, int | None]]] = {}
    for e in errors:
        got.setdefault(Path(e["path"]).name, []).append((e["code"], e["line"]))
    for name, codes in expected.items():
        assert sorted(got.get(name, []), key=str) == sorted(codes, key=str), (name, got.get(name))
    unexpected = set(got) - set(expected)
    assert not unexpected, {n: got[n] for n in unexpected}


def test_every_error_message_is_one_clear_line(bad_run):
    for e in bad_run[4]:
        assert e["message"] and "\n" not in e["message"] and len(e["message"]) < 300, e


def test_good_articles_are_all_written_and_unchanged_by_their_neighbours(bad_run, tmp_path):
    _, goods, _, articles, _, _ = bad_run
    ids = [a["id"] for a in articles]
    assert ids == sorted(ids)
    good_ids = {Path(name).stem for name in goods}
    assert good_ids <= set(ids)
    # the same good articles alone give the same records
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in goods.items():
        (raw / name).write_bytes(data)
    alone = run_cli(raw, tmp_path / "out", "--jobs", "1")
    assert alone.returncode == 0, alone.stderr
    by_id = {a["id"]: a for a in articles}
    for line in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        other = by_id[rec["id"]]
        assert {k: v for k, v in rec.items() if k != "source"} == {k: v for k, v in other.items() if k != "source"}


def test_accounting_adds_up(bad_run):
    result, goods, expected, articles, errors, _ = bad_run
    # articles from good files, plus the good records in mixed.jsonl (2) and dup_a.jsonl (1)
    assert len(articles) == len(goods) + 3
    assert len(errors) == sum(len(codes) for codes in expected.values())
    assert f"articles: {len(articles)} written, errors: {len(errors)}" in result.stderr


def test_duplicate_ids_keep_the_first_and_report_the_second(bad_run):
    _, _, _, articles, errors, _ = bad_run
    dup = [a for a in articles if a["id"] == "dup"]
    assert len(dup) == 1 and dup[0]["source"]["path"].endswith("dup_a.jsonl")
    (err,) = [e for e in errors if e["code"] == "duplicate_id"]
    assert err["path"].endswith("dup_b.jsonl") and "dup_a.jsonl" in err["message"]


def test_nothing_is_written_outside_out(bad_run):
    base = bad_run[5]
    names = {p.name for p in (base / "out").iterdir()}
    assert names == {"articles.jsonl", "errors.jsonl", ".newsclean"}
    assert sorted(p.name for p in base.iterdir()) == ["limits.toml", "out", "raw"]
