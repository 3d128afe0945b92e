"""``python -m benchmarks [--quick]``: generate, serve, load, measure, report.

See docs/performance.md for what is measured and how to read the results.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from . import load
from .datasets import ROOT, child_env, postgres_dataset, run_worker, sqlite_dataset
from .endpoints import Endpoint, endpoints
from .report import update_docs, write_markdown
from .sizes import Sizes

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 s points at c=1,16; no soak")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk point")
    parser.add_argument("--concurrency", default="1,16,64", help="wrk connections, e.g. 1,16,64")
    parser.add_argument("--soak", type=int, default=60, help="PostgreSQL c=64 soak, seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sessions", type=int, default=400)
    parser.add_argument("--growth", default="50,200,800", help="session counts of the growth run")
    parser.add_argument("--skip-load", action="store_true", help="in-process measurements only")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-admin", action="store_true")
    parser.add_argument("--regenerate", action="store_true", help="ignore cached databases")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the doc's tables")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.concurrency, args.soak = 3, "1,16", 0
        args.growth = "50,200"
    return args


def machine() -> dict:
    def command(*argv: str) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "",
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": command(sys.executable, "-c", "import sqlite3; print(sqlite3.sqlite_version)"),
        "postgresql": command("psql", "--version"),
        "wrk": command("wrk", "-v").splitlines()[0] if command("wrk", "-v") else "",
        "gunicorn": command(sys.executable, "-m", "gunicorn", "--version"),
        "load_before": os.getloadavg(),
    }


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def run_database(label: str, url: str, meta: dict, args: argparse.Namespace) -> dict:
    """In-process measurements, then load under gunicorn, for one database."""
    floor_file = HERE / ".cache" / f"floor-{label}.json"
    log(f"{label}: in-process queries, timings and profiles")
    inprocess = run_worker(
        url,
        "endpoints",
        {
            "meta": meta,
            "floor_file": str(floor_file),
            "profile_dir": str(RESULTS),
            "label": label,
        },
    )
    result = {"generation": meta, "inprocess": inprocess, "load": {}, "soak": None}
    if args.skip_load:
        return result
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    etag = inprocess["endpoints"]["programme"]["etag"]
    items = [e for e in endpoints(meta) if not e.cached]
    log_file = HERE / ".cache" / f"gunicorn-{label}.log"
    env = child_env(url, BENCHMARK_FLOOR_FILE=str(floor_file))
    with load.gunicorn(env, args.workers, log_file) as base:
        # The floor returns the programme's bytes as this server renders them (its host).
        status, _headers, body = load.fetch(base + endpoints(meta)[0].path)
        assert status == 200, body[:500]
        floor_file.write_bytes(body)
        for endpoint in items:
            result["load"][endpoint.name] = load_endpoint(
                label, base, endpoint, concurrencies, args.seconds, etag
            )
        if label == "postgresql" and args.soak:
            paths = [e.path for e in items if not e.reference and not e.conditional]
            log(f"{label}: soak, every endpoint in turn, c=64 for {args.soak}s")
            result["soak"] = load.wrk(base + paths[0], 64, args.soak, paths=paths)
            result["soak"]["paths"] = paths
            result["soak"]["drained_seconds"] = load.settle(base)
    # The same server with WAGTAIL_CONGRESS_API_RESPONSE_CACHE on, for the cache hits.
    env["BENCHMARK_RESPONSE_CACHE"] = "1"
    with load.gunicorn(env, args.workers, log_file) as base:
        for endpoint in (e for e in endpoints(meta) if e.cached):
            result["load"][endpoint.name] = load_endpoint(
                label, base, endpoint, concurrencies, args.seconds, etag
            )
    return result


def load_endpoint(
    label: str, base: str, endpoint: Endpoint, concurrencies: list[int], seconds: int, etag: str
) -> dict:
    """wrk at each concurrency (capped by the endpoint's maximum), after a warm-up."""
    headers = {"If-None-Match": etag} if endpoint.conditional else {}
    for _ in range(3):
        status, _headers, body = load.fetch(base + endpoint.path, **headers)
    result = {"status": status, "bytes": len(body), "points": []}
    done = set()
    for connections in concurrencies:
        if endpoint.max_connections:
            connections = min(connections, endpoint.max_connections)
        if connections in done:
            continue
        done.add(connections)
        length = max(seconds, endpoint.min_seconds)
        log(f"{label}: {endpoint.name} c={connections} {length}s")
        point = load.wrk(
            base + endpoint.path,
            connections,
            length,
            etag=etag if endpoint.conditional else "",
        )
        point["drained_seconds"] = load.settle(base)
        result["points"].append(point)
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.chdir(ROOT)
    RESULTS.mkdir(exist_ok=True)
    started = time.monotonic()
    report: dict = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": vars(args),
        "databases": {},
    }
    sizes = Sizes(sessions=args.sessions)
    report["sizes"] = asdict(sizes)
    for label in args.databases.split(","):
        log(f"{label}: dataset {sizes}")
        if label == "sqlite":
            url, meta = sqlite_dataset(sizes, args.seed, args.regenerate)
        elif label in ("postgres", "postgresql"):
            label = "postgresql"
            url, meta = postgres_dataset(sizes, args.seed, regenerate=args.regenerate)
        else:
            raise SystemExit(f"unknown database {label}")
        report["databases"][label] = run_database(label, url, meta, args)

    if not args.skip_admin:
        # A track with as many sessions as the congress has: the explorer's worst case.
        admin_sizes = Sizes(sessions=args.sessions, tracks=1, news=0, languages=("pl",))
        log(f"admin: dataset {admin_sizes}")
        url, meta = sqlite_dataset(admin_sizes, args.seed, args.regenerate)
        report["admin"] = {"generation": meta, "views": run_worker(url, "admin", {"meta": meta})}

    if not args.skip_growth:
        report["growth"] = {}
        for count in [int(n) for n in args.growth.split(",")]:
            growth_sizes = Sizes(
                sessions=count, speakers=2 * count, news=5 * count, languages=("pl",)
            )
            log(f"growth: dataset {growth_sizes}")
            url, meta = sqlite_dataset(growth_sizes, args.seed, args.regenerate)
            report["growth"][count] = {
                "generation": meta,
                "listings": run_worker(url, "listings", {"meta": meta}),
                "admin": run_worker(url, "admin", {"meta": meta}),
            }

    report["machine"]["load_after"] = os.getloadavg()
    report["minutes"] = round((time.monotonic() - started) / 60, 1)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "-quick" if args.quick else ""
    for name in (f"run-{stamp}{suffix}.json", f"latest{suffix}.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2, default=str))
    markdown = write_markdown(report, RESULTS / f"latest{suffix}.md")
    if not args.no_docs and not args.quick:
        update_docs(markdown)
    log(f"done in {report['minutes']} min: {RESULTS / f'latest{suffix}.md'}")


if __name__ == "__main__":
    main()
