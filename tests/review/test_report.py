"""`newsclean report`: a self-contained HTML review page, checked in a real headless Chromium.

The browser test needs Debian's chromium and chromedriver (`apt-get install -y chromium
chromium-driver fonts-wqy-microhei`; the font makes Chinese readable in the screenshot) and selenium
(the `test` extra). Without them it is skipped, saying why. The screenshot goes to the pytest tmp dir
and to $NEWSCLEAN_TEST_ARTIFACTS (default: work/test-artifacts/ in the repository, which git ignores).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NEWSCLEAN_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("NEWSCLEAN_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600"]


def artifacts_dir() -> Path:
    return Path(os.environ.get("NEWSCLEAN_TEST_ARTIFACTS", ROOT / "work" / "test-artifacts"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The committed output of the samples as OUT; OLD is OUT with one article gone, one changed and one extra."""
    base = tmp_path_factory.mktemp("report")
    shutil.copytree(ROOT / "raw", base / "raw")
    (base / "out").mkdir()
    shutil.copy(ROOT / "processed" / "articles.jsonl", base / "out" / "articles.jsonl")
    records = [json.loads(x) for x in (base / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    old = [dict(r) for r in records]
    del old[0]  # -> added in OUT
    old[0] = dict(old[0], text=old[0]["text"] + "\n旧版本多出的一段。", edits=old[0]["edits"][:-1])  # -> changed
    extra = dict(records[-1], id="zzz_gone")  # -> removed in OUT
    old.append(extra)
    (base / "old.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in old), encoding="utf-8")
    return base, records


def make_page(newsclean, base: Path, name: str, *args: str) -> Path:
    page = base / name
    done = newsclean("report", str(page), "--out", str(base / "out"), "--raw", str(base / "raw"), *args, cwd=base)
    assert done.returncode == 0, done.stderr
    return page


def test_page_is_self_contained(outputs, newsclean):
    base, records = outputs
    page = make_page(newsclean, base, "run.html").read_text(encoding="utf-8")
    # nothing fetched from anywhere: no external scripts, styles, fonts or images
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(?!data:|#)', page)
    assert "@import" not in page and "url(" not in page
    assert page.count('<article class="article"') == len(records)
    assert page.count('<mark class="entity"') == sum(len(r["entities"]) for r in records)
    rules = {f"{e['stage']}/{e['rule']}" for r in records for e in r["edits"]}
    summary = page.split('<main id="articles">')[0]
    assert all(rule in summary for rule in rules)  # the counts-per-rule table names every rule


def test_diff_page_shows_only_what_changed(outputs, newsclean):
    base, records = outputs
    page = make_page(newsclean, base, "diff.html", "--diff", str(base / "old.jsonl")).read_text(encoding="utf-8")
    assert page.count('<article class="article"') == 3
    assert page.count('class="status changed"') == 1 and page.count('class="status added"') == 1
    assert page.count('class="status removed"') == 1
    assert "<del>旧版本多出的一段。</del>" in page.replace("\n", "")
    assert "<b>1</b> changed, <b>1</b> added, <b>1</b> removed" in page


def test_limit(outputs, newsclean):
    base, records = outputs
    page = make_page(newsclean, base, "two.html", "--limit", "2").read_text(encoding="utf-8")
    assert page.count('<article class="article"') == 2 and "first 2 (--limit)" in page


def _browser(tmp_path: Path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(f"headless browser test: {CHROMIUM} or {CHROMEDRIVER} is missing "
                    "(apt-get install -y chromium chromium-driver fonts-wqy-microhei)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is missing: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def test_page_renders_in_headless_chromium(outputs, newsclean, tmp_path):
    base, records = outputs
    page = make_page(newsclean, base, "run.html")
    driver = _browser(tmp_path)
    try:
        driver.get(page.resolve().as_uri())
        count = driver.execute_script("return document.querySelectorAll('article.article').length")
        shown = driver.execute_script("return document.getElementById('shown').textContent")
        entities = driver.execute_script("return document.querySelectorAll('mark.entity').length")
        painted = driver.execute_script(
            "var m = document.querySelector('mark.entity'); return m ? getComputedStyle(m).backgroundColor : ''")
        marks = driver.execute_script("return document.querySelectorAll('del.mark[data-rule]').length")
        assert count == len(records) and shown == str(len(records))
        assert entities == sum(len(r["entities"]) for r in records) and entities > 0
        assert painted not in ("", "rgba(0, 0, 0, 0)")  # highlighted, not just tagged
        assert marks > 0
        # the filter narrows the page to one article
        target = records[-1]["id"]
        driver.execute_script("var f = document.getElementById('filter'); f.value = arguments[0];"
                              "f.dispatchEvent(new Event('input'));", target)
        assert driver.execute_script("return document.getElementById('shown').textContent") == "1"
        driver.execute_script("var f = document.getElementById('filter'); f.value = '';"
                              "f.dispatchEvent(new Event('input'));")
        shot = tmp_path / "review-report.png"
        assert driver.save_screenshot(str(shot))
        problems = [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "WARNING")]
        assert problems == [], problems
    finally:
        driver.quit()
    artifacts = artifacts_dir()
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, artifacts / "review-report.png")
    shutil.copy(page, artifacts / "review-report.html")
    print(f"screenshot: {shot} and {artifacts / 'review-report.png'}")
