"""`newsclean report OUT.html`: a self-contained review page for a run, or for a diff.

One HTML file with its CSS and script inline (no network, no CDN: it opens from a mail attachment or
a CI artefact as it is). On top, the summary: articles, edits and articles per rule, entities per
label (for a diff: what changed, and which rules fire in more or fewer articles). Then one section
per article: the raw input with each removal marked by its rule (as `newsclean show`), the cleaned
text with entities in displaCy's style, and tables of officials, dates and edits; for a diff, the
changed fields first. A filter box narrows the page to articles whose id, title or rules match.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .annotate import UNEXPLAINED, annotate, entity_segments
from .diff import ArticleDiff, Tally, compare
from .records import resolve
from .show import Tags, mark_label, read_raw
from .style import LABEL_COLORS

esc = html.escape


@dataclass
class RuleCount:
    articles: int = 0
    edits: int = 0  # sum of the edits' counts
    actions: set = field(default_factory=set)


def count_rules(records: Iterable[dict]) -> tuple[dict[str, RuleCount], Counter, int]:
    rules: dict[str, RuleCount] = {}
    labels: Counter = Counter()
    n = 0
    for r in records:
        n += 1
        seen = set()
        for e in r.get("edits") or []:
            if not isinstance(e, dict):
                continue
            key = f"{e.get('stage')}/{e.get('rule')}"
            rc = rules.setdefault(key, RuleCount())
            rc.edits += e.get("count") or 1
            rc.actions.add(str(e.get("action")))
            if key not in seen:
                rc.articles += 1
                seen.add(key)
        labels.update(str(x.get("label")) for x in r.get("entities") or [] if isinstance(x, dict))
    return rules, labels, n


# ---------------------------------------------------------------- one article
def raw_html(segments) -> str:
    out = []
    tags = Tags()
    for seg in segments:
        text = esc(seg.text)
        label = esc(mark_label(seg))
        if seg.kind in ("remove", "replace", "insert"):
            short, _ = tags(seg)
            badge = f'<span class="rule" title="{label}">{esc(short)}</span>'
        if seg.kind == "keep":
            out.append(text)
        elif seg.kind == "touch":
            out.append(f'<span class="touch" title="{label}: {esc(seg.inserted)}">{text}</span>')
        elif seg.kind == "insert":
            out.append(f'<ins class="mark" data-rule="{label}">{esc(seg.inserted)}</ins>{badge}')
        else:
            unexplained = " unexplained" if (seg.label or UNEXPLAINED) == UNEXPLAINED else ""
            out.append(f'<del class="mark{unexplained}" data-rule="{label}" title="{label}">{text}</del>')
            if seg.kind == "replace" and seg.inserted:
                out.append(f'<ins class="mark">{esc(seg.inserted)}</ins>')
            out.append(badge)
    return "".join(out)


def entities_html(text: str, entities: list) -> str:
    """displaCy's entity markup: the span on its label's colour, the label after it."""
    out = []
    for piece, label in entity_segments(text, entities):
        if label is None:
            out.append(esc(piece))
        else:
            color = LABEL_COLORS.get(label, "#ddd")
            out.append(f'<mark class="entity" data-label="{esc(label)}" style="background: {color}">{esc(piece)}'
                       f'<span class="label">{esc(label)}</span></mark>')
    return "".join(out)


def table(caption: str, head: list[str], rows: list[list[str]], cls: str) -> str:
    if not rows:
        return ""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><caption>{esc(caption)}</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def article_html(record: dict, raw_dir: Path, status: str | None = None, change_html: str = "") -> str:
    rid = str(record.get("id"))
    src = record.get("source") or {}
    by = record.get("byline") or {}
    meta = [("source", f"{src.get('path')} ({src.get('format')}, {src.get('encoding')})"), ("lang", record.get("lang")),
            ("script", record.get("script")), ("title", record.get("title")), ("published", record.get("published")),
            ("outlet", by.get("outlet")), ("authors", ", ".join(by.get("authors") or [])),
            ("editors", ", ".join(by.get("editors") or [])), ("reviewers", ", ".join(by.get("reviewers") or []))]
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in meta if v)
    raw = read_raw(record, raw_dir)
    if raw.text is not None:
        segments = annotate(raw.text, record.get("text") or "", record.get("edits") or [])
        raw_block = f'<div class="text raw">{raw_html(segments)}</div>'
    else:
        raw_block = ""
    note = f'<p class="note">{esc(raw.note)}</p>' if raw.note else ""
    officials = [[o.get("name"), "; ".join(str(r.get("title")) + (f" @ {r['org']}" if r.get("org") else "")
                                           for r in o.get("roles") or []),
                  " ".join(f"{s[0]}–{s[1]}" for s in o.get("spans") or [])] for o in record.get("officials") or []]
    dates = [[d.get("value"), d.get("text"), d.get("start")] for d in record.get("dates") or []]
    edits = [[f"{e.get('stage')}/{e.get('rule')}", e.get("action"), e.get("count") or 1,
              _short(e.get("before")), _short(e.get("after"))] for e in record.get("edits") or []]
    rules = " ".join(sorted({f"{e.get('stage')}/{e.get('rule')}" for e in record.get("edits") or []}))
    search = " ".join([rid, str(record.get("title") or ""), rules]).lower()
    badge = f'<span class="status {status}">{esc(status)}</span>' if status else ""
    n_ent = len(record.get("entities") or [])
    return f"""
<article class="article" id="a-{esc(rid)}" data-search="{esc(search)}" data-entities="{n_ent}">
<h2>{badge}<a href="#a-{esc(rid)}">{esc(rid)}</a></h2>
<dl class="meta">{dl}</dl>
{change_html}
<details class="rawview" open><summary>Raw input: what each rule removed or changed</summary>{note}{raw_block}</details>
<section class="clean"><h3>Cleaned text <small>({len(record.get('text') or '')} characters, {n_ent} entities)</small></h3>
<div class="text entities" lang="{esc(str(record.get('lang') or ''))}">{entities_html(record.get('text') or '', record.get('entities') or [])}</div></section>
{table("Officials", ["name", "roles", "spans"], officials, "officials")}
{table("Dates", ["value", "text", "offset"], dates, "dates")}
{table("Edits", ["rule", "action", "count", "before", "after"], edits, "edits")}
</article>"""


def _short(value, limit: int = 120) -> str:
    if value is None:
        return ""
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def change_html(d: ArticleDiff) -> str:
    """The fields of a changed article that differ from the old output."""
    if d.status != "changed":
        return ""
    parts = []
    for c in d.changes:
        if c.kind == "text" and c.text is not None:
            hunks = []
            for h in c.text.hunks:
                body = "".join(esc(t) if op == " " else f"<del>{esc(t)}</del>" if op == "-" else f"<ins>{esc(t)}</ins>"
                               for op, t in h.segments)
                hunks.append(f'<div class="hunk"><span class="para">¶{h.paragraph}</span> {body}</div>')
            parts.append(f'<div class="change"><b>text</b> <small>−{c.text.removed_chars} +{c.text.added_chars} characters</small>{"".join(hunks)}</div>')
        elif c.kind == "items":
            if c.note:
                parts.append(f'<div class="change"><b>{esc(c.field)}</b> <small>{esc(c.note)}</small></div>')
                continue
            items = "".join(f'<li class="minus">− {esc(x)}</li>' for x in c.removed)
            items += "".join(f'<li class="plus">+ {esc(x)}</li>' for x in c.added)
            parts.append(f'<div class="change"><b>{esc(c.field)}</b><ul>{items}</ul></div>')
        else:
            parts.append(f'<div class="change"><b>{esc(c.field)}</b> <del>{esc(str(c.old))}</del> → <ins>{esc(str(c.new))}</ins></div>')
    return f'<section class="changes"><h3>What changed</h3>{"".join(parts)}</section>'


# ---------------------------------------------------------------- the page
def summary_html(title: str, rules: dict[str, RuleCount], labels: Counter, n: int, tally: Tally | None,
                 old_rules: dict[str, RuleCount] | None, shown: int) -> str:
    out = [f"<h1>{esc(title)}</h1>"]
    if tally is not None:
        out.append(f'<p class="counts"><b>{tally.changed}</b> changed, <b>{tally.added}</b> added, '
                   f'<b>{tally.removed}</b> removed, {tally.unchanged} unchanged.</p>')
    else:
        out.append(f'<p class="counts"><b>{n}</b> articles.</p>')
    if shown < (n if tally is None else tally.changed + tally.added + tally.removed):
        out.append(f'<p class="note">This page shows the first {shown} (--limit).</p>')
    head = ["rule", "action", "articles", "edits"] + (["articles before", "change"] if old_rules is not None else [])
    rows = []
    for key in sorted(set(rules) | set(old_rules or {})):
        rc = rules.get(key, RuleCount())
        row = [key, ", ".join(sorted(rc.actions)) or "–", rc.articles, rc.edits]
        if old_rules is not None:
            before = old_rules.get(key, RuleCount()).articles
            row += [before, f"{rc.articles - before:+d}" if rc.articles != before else ""]
        rows.append(row)
    out.append(table("Edits per rule", head, rows, "rules"))
    out.append(table("Entities per label", ["label", "entities"], [[k, v] for k, v in labels.most_common()], "labels"))
    return "".join(out)


def write_report(out_html: Path, out_dir: str | Path, raw_dir: Path, diff_old: str | None = None,
                 limit: int | None = None) -> int:
    """Write the page; returns how many articles it shows."""
    new_source = resolve(str(out_dir))
    raw_dir = Path(raw_dir)
    sections: list[str] = []
    tally = None
    old_rules = None
    if diff_old is None:
        rules, labels, n = count_rules(r for _, r, _ in new_source.records())
        for _, record, _ in new_source.records():
            if limit is not None and len(sections) >= limit:
                break
            sections.append(article_html(record, raw_dir))
        title = f"newsclean review: {new_source.label}"
    else:
        old_source = resolve(diff_old, out_dir, default_rev="HEAD")
        tally = Tally()
        for d in compare(old_source, new_source, tally):
            if limit is None or len(sections) < limit:
                sections.append(article_html(d.record, raw_dir, d.status, change_html(d)))
        rules, labels, n = count_rules(r for _, r, _ in new_source.records())
        old_rules = count_rules(r for _, r, _ in old_source.records())[0]
        title = f"newsclean review: {old_source.label} → {new_source.label}"
    summary = summary_html(title, rules, labels, n, tally, old_rules, len(sections))
    page = PAGE.format(title=esc(title), css=CSS, summary=summary, articles="".join(sections), script=SCRIPT,
                       count=len(sections), when=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    out_html = Path(out_html)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(page, encoding="utf-8")
    return len(sections)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header id="summary">{summary}
<div class="tools">
<input id="filter" type="search" placeholder="filter: id, title or rule" aria-label="filter articles">
<label><input id="toggle-raw" type="checkbox" checked> raw input views</label>
<span id="shown">{count}</span> of <span id="total">{count}</span> articles shown
</div>
<p class="legend"><del class="mark">removed</del><span class="rule">stage/rule</span>
<ins class="mark">put in</ins> <span class="touch">changed by normalization</span>
<del class="mark unexplained">no edit explains it</del> · rule? = put down to the rule by likeness to its recorded example
· made {when}</p>
</header>
<main id="articles">{articles}</main>
<script>{script}</script>
</body>
</html>
"""

CSS = """
body { font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif;
       margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #222; background: #fafafa; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
h2 a { color: inherit; text-decoration: none; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; margin: .6rem 1rem .6rem 0; font-size: .88rem; display: inline-table; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #ddd; padding: .15rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.tools { margin: .8rem 0 .3rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
#filter { padding: .3rem .5rem; width: 20rem; font-size: 1rem; }
.legend { font-size: .85rem; color: #555; }
article.article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.2rem; margin: 1.2rem 0; }
article.article.hidden { display: none; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0; font-size: .9rem; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; }
.text { white-space: pre-wrap; word-break: break-word; }
.text.raw { font-size: .9rem; background: #f6f6f6; padding: .6rem; border-radius: 4px; max-height: 32rem; overflow: auto; }
del.mark { background: #ffe0e0; color: #a00; text-decoration: line-through; }
del.mark.unexplained { background: #fff0b3; color: #7a5b00; outline: 1px dashed #c90; }
ins.mark, .changes ins { background: #dcf5dc; color: #064; text-decoration: none; }
.changes del { background: #ffe0e0; color: #a00; }
span.rule { font-size: .7rem; color: #fff; background: #8a4baf; border-radius: 3px; padding: 0 .3rem; margin: 0 .15rem;
            vertical-align: middle; white-space: nowrap; }
span.touch { text-decoration: underline dotted #c80; }
.text.entities { line-height: 2.4; }
mark.entity { padding: .25em .45em; margin: 0 .15em; line-height: 1; border-radius: .35em; color: #222; }
mark.entity .label { font-size: .65em; font-weight: bold; line-height: 1; border-radius: .35em; vertical-align: middle;
                     margin-left: .4rem; text-transform: uppercase; }
.status { font-size: .8rem; border-radius: 3px; padding: 0 .4rem; margin-right: .5rem; color: #fff; }
.status.changed { background: #b07000; } .status.added { background: #2a8a2a; } .status.removed { background: #b03030; }
.changes { border-left: 3px solid #b07000; padding-left: .8rem; }
.changes .hunk { white-space: pre-wrap; font-size: .9rem; margin: .2rem 0; }
.changes .para { color: #888; font-size: .8rem; }
.changes ul { margin: .2rem 0; padding-left: 1.2rem; list-style: none; }
li.minus { color: #a00; } li.plus { color: #064; }
.note { color: #7a5b00; font-size: .85rem; }
summary { cursor: pointer; font-weight: 600; margin: .8rem 0 .3rem; }
"""

SCRIPT = """
(function () {
  "use strict";
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.article"));
  var shown = document.getElementById("shown");
  var filter = document.getElementById("filter");
  var toggle = document.getElementById("toggle-raw");
  document.getElementById("total").textContent = String(articles.length);
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    articles.forEach(function (a) {
      var hit = !q || a.getAttribute("data-search").indexOf(q) >= 0;
      a.classList.toggle("hidden", !hit);
      if (hit) { n += 1; }
    });
    shown.textContent = String(n);
  }
  filter.addEventListener("input", apply);
  toggle.addEventListener("change", function () {
    document.querySelectorAll("details.rawview").forEach(function (d) { d.open = toggle.checked; });
  });
  apply();
})();
"""
