"""The Markdown report of a run, and the tables it puts into docs/performance.md."""

from __future__ import annotations

from pathlib import Path

from .endpoints import endpoints

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
START, END = "<!-- benchmark-results:start -->", "<!-- benchmark-results:end -->"
LABELS = {
    e.name: e.label
    for e in endpoints(
        {k: {"pl": 0} for k in ("congress", "track", "session", "session_path", "news_index")}
        | {"days": ["-"]}
    )
}


def rps_by_concurrency(result: dict, name: str) -> dict[int, float]:
    points = result["load"].get(name, {}).get("points", [])
    return {p["connections"]: p["rps"] for p in points}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)


def fmt(value, suffix: str = "") -> str:
    return "–" if value is None else f"{value}{suffix}"


def targets(report: dict) -> list[tuple[str, str, str, str]]:
    """(target, database, measured, verdict) rows."""
    rows = []
    for label, result in report["databases"].items():
        if not result["load"]:
            continue
        floor = rps_by_concurrency(result, "floor")
        programme = rps_by_concurrency(result, "programme")
        conditional = rps_by_concurrency(result, "programme_304")
        v2 = rps_by_concurrency(result, "v2_fields")
        slow = {c: ratio(floor[c], programme.get(c)) for c in floor}
        rows.append(
            (
                "Programme uncached ≤ 10× the floor",
                label,
                ", ".join(f"c={c}: {fmt(r, '×')}" for c, r in slow.items()),
                verdict(all(r is not None and r <= 10 for r in slow.values())),
            )
        )
        slow = {c: ratio(floor[c], conditional.get(c)) for c in floor}
        rows.append(
            (
                "Programme 304 ≤ 1.5× the floor",
                label,
                ", ".join(f"c={c}: {fmt(r, '×')}" for c, r in slow.items()),
                verdict(all(r is not None and r <= 1.5 for r in slow.values())),
            )
        )
        fast = ratio(max(programme.values(), default=None), max(v2.values(), default=None))
        rows.append(
            (
                "Programme ≥ 5× stock v2 `fields=*` throughput (peak req/s)",
                label,
                f"{fmt(fast, '×')} ({max(programme.values(), default=0)} vs "
                f"{max(v2.values(), default=0)} req/s)",
                verdict(fast is not None and fast >= 5),
            )
        )
        if result.get("soak"):
            soak = result["soak"]
            errors = soak["errors_status"] + soak["errors_socket"]
            rows.append(
                (
                    f"No errors at c=64 for {soak['seconds']} s",
                    label,
                    f"{soak['requests']} requests, {errors} errors ({soak['rps']} req/s)",
                    verdict(errors == 0),
                )
            )
    growth = report.get("growth") or {}
    if growth:
        counts = {}
        for size, data in growth.items():
            for name, measured in data["listings"].items():
                counts.setdefault(name, {})[size] = measured["queries"]
        varying = {name: by for name, by in counts.items() if len(set(by.values())) > 1}
        measured = (
            "all constant"
            if not varying
            else "; ".join(
                f"{name}: " + "/".join(str(q) for q in by.values()) for name, by in varying.items()
            )
        )
        rows.append(
            (
                "Queries constant in congress size",
                "sqlite",
                f"{measured} (sizes {', '.join(str(s) for s in growth)})",
                verdict(not varying),
            )
        )
    return rows


def verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def load_table(result: dict) -> list[str]:
    floor = rps_by_concurrency(result, "floor")
    v2_peak = max(rps_by_concurrency(result, "v2_fields").values(), default=None)
    inprocess = result["inprocess"]["endpoints"]
    lines = [
        "| Endpoint | Queries | In-process ms | c | req/s | p50 ms | p95 ms | p99 ms | errors |"
        " floor ÷ this | this ÷ v2 peak |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, data in result["load"].items():
        measured = inprocess.get(name, {})
        for n, point in enumerate(data["points"]):
            c = point["connections"]
            errors = point["errors_status"] + point["errors_socket"]
            head = (
                f"{LABELS.get(name, name)} (HTTP {data['status']}, {data['bytes']:,} B)"
                if n == 0
                else ""
            )
            queries = fmt(measured.get("queries")) if n == 0 else ""
            ms = fmt(measured.get("ms_median")) if n == 0 else ""
            lines.append(
                f"| {head} | {queries} | {ms} | {c} | {point['rps']} | {point['p50_ms']} |"
                f" {point['p95_ms']} | {point['p99_ms']} | {errors} |"
                f" {fmt(ratio(floor.get(c), point['rps']), '×')} |"
                f" {fmt(ratio(point['rps'], v2_peak), '×')} |"
            )
    return lines


def inprocess_table(result: dict) -> list[str]:
    lines = ["| Endpoint | HTTP | Bytes | Queries | Median ms |", "|---|--:|--:|--:|--:|"]
    for name, m in result["inprocess"]["endpoints"].items():
        lines.append(
            f"| {LABELS.get(name, name)} | {m['status']} | {m['bytes']:,} | {m['queries']} |"
            f" {m['ms_median']} |"
        )
    return lines


def markdown(report: dict) -> str:
    m = report["machine"]
    out = [
        f"Run of {report['started']} ({report['minutes']} min), options "
        f"`{ {k: v for k, v in report['options'].items() if v not in (False, None)} }`.",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM; Python {m['python']}, "
        f"SQLite {m['sqlite']}, {m['postgresql']}, {m['wrk']}, {m['gunicorn']}. "
        f"Load average before {tuple(round(x, 2) for x in m['load_before'])}, "
        f"after {tuple(round(x, 2) for x in m.get('load_after', (0, 0, 0)))}.",
        "",
    ]
    for label, result in report["databases"].items():
        g = result["generation"]
        out.append(
            f"Generated congress ({label}, both locales counted): {g['counts']} "
            f"in {g['seconds']} s."
        )
    out += ["", "### Targets", "", "| Target | Database | Measured | |", "|---|---|---|---|"]
    out += [f"| {t} | {d} | {m_} | {v} |" for t, d, m_, v in targets(report)]
    for label, result in report["databases"].items():
        out += ["", f"### Load: {label}", ""]
        out += load_table(result) if result["load"] else inprocess_table(result)
        if result.get("soak"):
            s = result["soak"]
            out += [
                "",
                f"Soak (every endpoint in turn, c={s['connections']}, {s['seconds']} s): "
                f"{s['requests']} requests, {s['rps']} req/s, p50 {s['p50_ms']} ms, "
                f"p99 {s['p99_ms']} ms, max {s['max_ms']} ms, errors {s['errors']}.",
            ]
    if report.get("admin"):
        admin = report["admin"]
        out += [
            "",
            "### Admin (in-process, superuser; a track with "
            f"{next(iter(admin['views'].values()))['track_children']} sessions)",
            "",
            "| View | HTTP | Queries | Median ms |",
            "|---|--:|--:|--:|",
        ]
        for name, v in admin["views"].items():
            out.append(
                f"| {name} (`{v['path']}`) | {v['status']} | {v['queries']} | {v['ms_median']} |"
            )
    if report.get("growth"):
        growth = report["growth"]
        sizes = list(growth)
        out += [
            "",
            "### Growth (SQLite, in-process, Polish only; queries / median ms)",
            "",
            "| Endpoint | " + " | ".join(f"{s} sessions" for s in sizes) + " |",
            "|---|" + "--:|" * len(sizes),
        ]
        names = list(next(iter(growth.values()))["listings"])
        for name in names:
            cells = []
            for s in sizes:
                m = growth[s]["listings"][name]
                cell = f"{m['queries']} / {m['ms_median']}"
                cells.append(cell if m["status"] == 200 else f"**HTTP {m['status']}** ({cell})")
            out.append(f"| {LABELS.get(name, name)} | " + " | ".join(cells) + " |")
        out += [
            "",
            "Admin at the same sizes (queries / median ms; the explorer of the largest track):",
            "",
            "| View | " + " | ".join(f"{s} sessions" for s in sizes) + " |",
            "|---|" + "--:|" * len(sizes),
        ]
        for name in next(iter(growth.values())).get("admin", {}):
            cells = []
            for s in sizes:
                view = growth[s]["admin"][name]
                cell = f"{view['queries']} / {view['ms_median']}"
                if name.startswith("explorer"):
                    cell += f" ({view['track_children']} children)"
                cells.append(cell)
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out += [
            "",
            "Generation: "
            + ", ".join(
                f"{s} sessions {growth[s]['generation']['counts']['pages']} pages in "
                f"{growth[s]['generation']['seconds']} s"
                for s in sizes
            )
            + ".",
        ]
    return "\n".join(out) + "\n"


def write_markdown(report: dict, path: Path) -> str:
    text = markdown(report)
    path.write_text(text)
    return text


def update_docs(text: str, doc: Path = DOC) -> None:
    """Replace the results between the markers of docs/performance.md."""
    if not doc.exists():
        return
    content = doc.read_text()
    if START not in content or END not in content:
        return
    head, rest = content.split(START, 1)
    _old, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n\n{text}\n{END}{tail}")
