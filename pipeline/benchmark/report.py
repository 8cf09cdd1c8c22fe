"""The bench's tables, as text."""
from __future__ import annotations


def _f(value, spec: str, none: str = "-") -> str:
    return none if value is None else format(value, spec)


def _ok(ok) -> str:
    return {True: "ok  ", False: "MISS", None: "n/a "}[ok]


def render(result: dict) -> str:
    meta, corpus = result["meta"], result["corpus"]
    per = corpus["per_lang"]
    lines = [f"newsclean bench: {corpus['articles']} articles, seed {corpus['seed']} "
             f"(zh {per['zh']['articles']} = {per['zh']['bytes'] / 1e6:.2f} MB, en {per['en']['articles']} = "
             f"{per['en']['bytes'] / 1e6:.2f} MB); {meta['cores']} cores; load average at start "
             f"{meta['load_average'][0]:.2f}", ""]
    head = (f"{'pass':<36} {'lang':<4} {'art/s':>7} {'MB/s':>7} {'wall s':>7} {'cpu s':>7} {'vs peer':>8} "
            f"{'x floor':>8} {'RSS/wkr':>8} {'private':>8} {'other':>6}")
    lines += [head, "-" * len(head)]
    for r in result["rows"]:
        lines.append(f"{r['label']:<36} {r['lang']:<4} {_f(r['articles_per_s'], '7.1f'):>7} {_f(r['mb_per_s'], '7.3f'):>7} "
                     f"{_f(r['seconds'], '7.1f'):>7} {_f(r['cpu_seconds'], '7.1f'):>7} "
                     f"{_f(r['speed_vs_peer'], '7.2f') + '×' if r['speed_vs_peer'] else '-':>8} "
                     f"{_f(r['time_vs_floor'], '7.1f') + '×' if r['time_vs_floor'] else '-':>8} "
                     f"{_f(r['worker_peak_mb'], '6.0f') + 'MB' if r['worker_peak_mb'] else '-':>8} "
                     f"{_f(r['worker_uss_mb'], '6.0f') + 'MB' if r['worker_uss_mb'] else '-':>8} "
                     f"{_f(r['other_cores'], '6.2f'):>6}")
    lines += ["", "vs peer: speed relative to the naive peer on the same files and workers; x floor: wall time"
              " relative to the I/O floor; RSS/wkr: peak RSS of a worker (the process itself with --jobs 1);"
              " private: its peak unshared memory; other: cores busy with other work during the pass.", ""]
    stages = result.get("stages", {})
    if "zh" in stages or "en" in stages:
        langs = [x for x in ("zh", "en") if x in stages]
        head = f"{'time per stage, pipeline --jobs 1':<44}" + "".join(f"{x + ' s':>9} {'share':>7} {'MB/s':>8}" for x in langs)
        lines += [head, "-" * len(head)]
        names = [row["name"] for row in stages[langs[0]]["rows"]]
        for name in names:
            cells = []
            for x in langs:
                row = next((r for r in stages[x]["rows"] if r["name"] == name), None)
                cells.append(f"{_f(row and row['seconds'], '9.2f'):>9} {_f(row and row['share'] * 100, '6.1f')}% "
                             f"{_f(row and row['mb_per_s'], '8.2f'):>8}")
            lines.append(f"{name:<44}" + "".join(cells))
        lines.append(f"{'total':<44}" + "".join(f"{stages[x]['seconds']:9.2f} {100.0:6.1f}% {stages[x]['mb'] / stages[x]['seconds']:8.3f}"
                                                  for x in langs))
        lines.append("")
    spots = result.get("hot_spots") or {}
    if spots.get("kinds"):
        lines.append("where the time goes (kinds of article taking at least twice their share of a stage's time):")
        for k in spots["kinds"]:
            lines.append(f"  {k['stage']} ({k['lang']}, {k['stage_share']:.0%} of the run): '{k['tag']}' articles "
                         f"({k['articles']}, {k['byte_share']:.0%} of the bytes) take {k['time_share']:.0%} of its time")
    if spots.get("slowest"):
        lines.append("slowest articles: " + "; ".join(
            f"{s['id']} {s['seconds']:.2f} s for {s['bytes'] / 1000:.1f} KB, mostly {s['stage']} ({', '.join(t for t in s['tags'] if not t.startswith('file_'))})"
            for s in spots["slowest"]))
    if spots.get("kinds") or spots.get("slowest"):
        lines.append("")
    model = result.get("scaling") or {}
    if model.get("cpu_speedup") or model.get("model"):
        n = result["meta"]["jobs"]
        line = f"--jobs {n} with a core per worker: "
        if model.get("cpu_speedup"):
            line += (f"{model['cpu_speedup']:.2f}× by the workers' CPU time ("
                     + ", ".join(f"{s:.1f}" for s in model["worker_cpu_seconds"]) + " s)")
        if model.get("model"):
            line += ("; shards of the per-article times handed to the workers: "
                     + ", ".join(f"{size} files {x:.2f}×" + (" (now)" if size == model.get("shard_size") else "")
                                 for size, x in model["model"].items()))
        lines += [line, ""]
    repair = stages.get("repair_clean_zh")
    if repair:
        ratio = (repair["repair_mb_per_s"] / repair["ftfy_mb_per_s"]) if repair["ftfy_mb_per_s"] else None
        lines += [f"repair stage on clean Chinese ({repair['texts']} texts, {repair['mb']:.2f} MB): "
                  f"{_f(repair['repair_mb_per_s'], '.2f')} MB/s; plain ftfy.fix_text on the same text: "
                  f"{_f(repair['ftfy_mb_per_s'], '.2f')} MB/s ({_f(ratio, '.1f')}× faster); texts it changed: "
                  f"{repair['changed']} (should be 0)", ""]
    if result.get("checks"):
        checks = {k: v for k, v in result["checks"].items() if k != "differences"}
        lines += ["same bytes: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items())]
        for what, d in (result["checks"].get("differences") or {}).items():
            lines.append(f"  {what}: {d['articles']} of {d['of']} articles differ, e.g. "
                         + "; ".join(f"{i} ({', '.join(f)})" for i, f in d["examples"].items())
                         + " — the same pipeline gave different results in different processes")
        lines.append("")
    lines += render_targets(result.get("targets", []))
    return "\n".join(lines) + "\n"


def render_targets(targets: list[dict]) -> list[str]:
    lines = ["targets (issue 9):"]
    for t in targets:
        measured = t["measured"]
        shown = (f"{measured:.2f}" if isinstance(measured, float) else str(measured))
        lines.append(f"  [{_ok(t['ok'])}] {t['name']}: {shown} (target {t['target']})" + (f" — {t['note']}" if t["note"] else ""))
    return lines


def render_memory(result: dict) -> str:
    lines = [f"newsclean bench --memory-only: pipeline --jobs {result['meta']['jobs']} at {' and '.join(map(str, result['sizes']))} articles", ""]
    head = f"{'articles':>9} {'wall s':>8} {'parent RSS':>11} {'worker RSS':>11} {'worker private':>15} {'other':>6}"
    lines += [head, "-" * len(head)]
    for size in result["sizes"]:
        p = result["passes"][str(size)]
        lines.append(f"{size:>9} {p['seconds']:8.1f} {_f(p['main_peak_mb'], '8.0f')} MB {_f(p['worker_peak_mb'], '8.0f')} MB "
                     f"{_f(p.get('worker_uss_mb'), '12.0f')} MB {_f(p.get('other_cores'), '6.2f')}")
    lines.append("")
    lines += render_targets(result["targets"])
    return "\n".join(lines) + "\n"
