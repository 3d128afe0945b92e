"""Load over HTTP: the example project under gunicorn on loopback, driven by wrk."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
LUA = HERE / "lua" / "report.lua"
WRK = "wrk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    """Serve ``benchmarks.wsgi`` with ``workers`` sync workers; yield its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--preload",
        "--no-control-socket",
        "--access-logfile",
        "-" if os.environ.get("BENCHMARK_ACCESS_LOG") else "/dev/null",
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(base + "/bench/ping/", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def settle(base: str, seconds: float = 180) -> float:
    """Wait until the workers have drained what wrk left queued; how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        begin = time.monotonic()
        fetch(base + "/bench/ping/")
        if time.monotonic() - begin < 0.1:
            break
    return round(time.monotonic() - started, 1)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One request outside wrk (warm-up, checking a 304)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(
    url: str, connections: int, seconds: int, etag: str = "", paths: list[str] | None = None
) -> dict:
    """Run wrk; its summary with requests/s and p50/p95/p99 in milliseconds."""
    threads = max(1, min(2, connections))
    env = {**os.environ, "IF_NONE_MATCH": etag, "PATHS": " ".join(paths or [])}
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(
        line for line in completed.stdout.splitlines() if line.startswith("BENCHMARK-JSON ")
    )
    raw = json.loads(line.removeprefix("BENCHMARK-JSON "))
    duration = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "connections": connections,
        "seconds": seconds,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / duration, 2) if duration else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors_status": errors["status"],
        "errors_socket": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "errors": errors,
    }
