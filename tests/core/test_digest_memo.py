"""The digest memo: an unchanged rerun builds no stage, and a changed rule file is never missed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.stages import build_pipeline

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def overlay(tmp_path, monkeypatch):
    """A config whose Chinese boilerplate rules are a copy we may edit; a private memo cache."""
    monkeypatch.setenv("NEWSCLEAN_CACHE", str(tmp_path / "cache"))
    shutil.copy(ROOT / "configs" / "boilerplate" / "zh.toml", tmp_path / "zh.toml")
    (tmp_path / "overlay.toml").write_text('[boilerplate.rules_files]\nzh = "zh.toml"\n', encoding="utf-8")
    return tmp_path / "overlay.toml"


def test_a_lazy_pipeline_of_an_unchanged_config_builds_no_stage_until_used(overlay):
    built = build_pipeline(load_config(overlay), lazy=True)  # no memo yet: built now
    assert built._stages is not None
    lazy = build_pipeline(load_config(overlay), lazy=True)
    assert lazy._stages is None
    assert (lazy.config_digest, lazy.stage_digests) == (built.config_digest, built.stage_digests)
    assert lazy.names == built.names
    assert [s.name for s in lazy.stages] == [s.name for s in built.stages]  # built on first use


def test_a_changed_rule_file_changes_the_digests_of_its_stage_and_after(overlay):
    before = build_pipeline(load_config(overlay), lazy=True)
    rules = overlay.parent / "zh.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    after = build_pipeline(load_config(overlay), lazy=True)
    assert after._stages is not None  # the memo no longer holds: built, and hashed anew
    at = after.names.index("boilerplate")
    assert after.stage_digests[:at] == before.stage_digests[:at]
    assert all(a != b for a, b in zip(after.stage_digests[at:], before.stage_digests[at:]))
    assert after.config_digest != before.config_digest


def test_without_a_cache_every_pipeline_is_built(overlay, monkeypatch):
    monkeypatch.setenv("NEWSCLEAN_CACHE", "off")
    build_pipeline(load_config(overlay), lazy=True)
    assert build_pipeline(load_config(overlay), lazy=True)._stages is not None


def test_the_settings_digest_does_not_depend_on_where_the_checkout_is(tmp_path):
    """Records carry the config digest: a clone in another folder (CI) must write the same bytes."""
    for folder in ("configs", "models"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    here, there = load_config(), load_config(default_file=tmp_path / "configs" / "pipeline.toml")
    assert any("/configs/" in str(v) for v in here.section("boilerplate").get("rules_files", {}).values())
    for name in here.stages:
        assert here.digest_of(name) == there.digest_of(name), name


def test_a_memo_is_never_used_for_other_files_of_the_same_name(overlay, tmp_path):
    """The settings digest knows files by name; the memo must know them by path (a broken zh.toml
    elsewhere is not the zh.toml the memo checked)."""
    build_pipeline(load_config(overlay), lazy=True)
    other = tmp_path / "other"
    other.mkdir()
    (other / "zh.toml").write_text("[[rule]]\nname = \"broken\"\npattern = '''(unclosed'''\n", encoding="utf-8")
    (other / "overlay.toml").write_text('[boilerplate.rules_files]\nzh = "zh.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="bad regex"):
        build_pipeline(load_config(other / "overlay.toml"), lazy=True)
