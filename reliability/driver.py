"""The load-and-faults run behind ``reliability/run`` (see docs/reliability.md).

Against the example project served by gunicorn on PostgreSQL (both started by ``run``):

1. **Publishing under load**: load threads fetch the programme (Polish and English, with and
   without ``If-None-Match``) while this process, as an editor, publishes session edits and
   their English translations (wagtail-localize); after each publish a fresh request must show
   it within ``--fresh-within`` seconds, with a new ETag.
2. **PostgreSQL restart under load**: the cluster is restarted mid-load; gunicorn is not
   touched. Errors must fall inside the outage (restart start .. restart end + grace), and
   requests must succeed again by themselves.
3. **Import killed halfway**: ``manage.py import_programme`` on a large CSV is sent SIGKILL
   once it reports half the sessions written; counts and revisions must be as before.

Writes ``result.json`` and ``result.md`` into ``--results``; exits 1 if a check failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    """One request of a load thread: when it started and ended, and its status (0: no answer)."""

    started: float
    ended: float
    status: int
    error: str = ""


@dataclass
class Load:
    """Threads fetching ``urls`` in turn on keep-alive connections until stopped."""

    host: str
    port: int
    urls: list[str]
    threads: int
    outcomes: list[Outcome] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self.workers = [
            threading.Thread(target=self.run, args=(number,), daemon=True)
            for number in range(self.threads)
        ]
        for worker in self.workers:
            worker.start()

    def finish(self) -> None:
        self.stop.set()
        for worker in self.workers:
            worker.join(timeout=30)

    def run(self, number: int) -> None:
        connection = None
        etags: dict[str, str] = {}
        turn = number
        while not self.stop.is_set():
            url = self.urls[turn % len(self.urls)]
            turn += 1
            headers = {}
            # Every other round revalidates, as a CDN or a browser cache does.
            if turn % 2 and url in etags:
                headers["If-None-Match"] = etags[url]
            started = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.getheader("ETag"):
                    etags[url] = response.getheader("ETag")
                outcome = Outcome(started, time.monotonic(), response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                outcome = Outcome(started, time.monotonic(), 0, type(error).__name__)
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
            with self.lock:
                self.outcomes.append(outcome)

    def between(self, start: float, end: float) -> list[Outcome]:
        with self.lock:
            return [o for o in self.outcomes if start <= o.started < end]


def ok(outcome: Outcome) -> bool:
    return outcome.status in (200, 304)


def summarise(outcomes: list[Outcome], seconds: float) -> dict:
    statuses = Counter(str(o.status or o.error) for o in outcomes)
    latencies = sorted(o.ended - o.started for o in outcomes if ok(o))
    errors = [o for o in outcomes if not ok(o)]

    def percentile(p: float) -> float | None:
        return round(latencies[int(p * (len(latencies) - 1))] * 1000, 1) if latencies else None

    return {
        "requests": len(outcomes),
        "errors": len(errors),
        "statuses": dict(statuses),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(outcomes) / seconds, 1) if seconds else None,
        "latency_ms_p50": percentile(0.50),
        "latency_ms_p95": percentile(0.95),
        "latency_ms_p99": percentile(0.99),
    }


def fetch(host: str, port: int, url: str) -> tuple[int, str, str]:
    """One request on a new connection: status, ETag and body."""
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, response.getheader("ETag") or "", response.read().decode()
    finally:
        connection.close()


def wait_until_shown(host: str, port: int, url: str, text: str, within: float) -> dict:
    """Poll ``url`` until its body contains ``text``: how long that took, and the ETag."""
    started = time.monotonic()
    while True:
        status, etag, body = fetch(host, port, url)
        elapsed = time.monotonic() - started
        if status == 200 and text in body:
            return {"shown_after_s": round(elapsed, 3), "etag": etag, "ok": True}
        if elapsed > within:
            return {"shown_after_s": None, "etag": etag, "ok": False, "status": status}
        time.sleep(0.05)


# --- the editor (Django, in this process) --------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
    import django

    django.setup()


class Editor:
    """Publishes edits of a Polish session and of its English translation, as editors do."""

    def __init__(self) -> None:
        from wagtail.models import Locale

        from wagtail_congress.models import CongressPage, SessionPage

        self.polish = Locale.objects.get(language_code="pl")
        self.english = Locale.objects.get(language_code="en")
        self.congress = CongressPage.objects.live().filter(locale=self.polish).first()
        sessions = SessionPage.objects.live().descendant_of(self.congress)
        self.session = next(s for s in sessions if s.get_translation_or_none(self.english))
        self.english_congress = self.congress.get_translation(self.english)

    def publish_polish_title(self, title: str) -> None:
        from django.db import close_old_connections

        close_old_connections()
        page = self.session.specific_class.objects.get(pk=self.session.pk)
        page.title = title
        page.save_revision(log_action=True).publish()

    def publish_english_title(self, title: str) -> None:
        """Translate the (changed) Polish title with wagtail-localize and publish the page."""
        from django.db import close_old_connections
        from wagtail_localize.models import (
            StringSegment,
            StringTranslation,
            Translation,
            TranslationSource,
        )

        close_old_connections()
        page = self.session.specific_class.objects.get(pk=self.session.pk)
        source, _created = TranslationSource.update_or_create_from_instance(page)
        segment = StringSegment.objects.select_related("string", "context").get(
            source=source, context__path="title"
        )
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=self.english,
            context=segment.context,
            defaults={
                "data": title,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
        translation = Translation.objects.get(source=source, target_locale=self.english)
        # Outside a transaction wagtail-localize's on_commit publish runs at once.
        translation.save_target(publish=True)

    def counts(self) -> dict[str, int]:
        from wagtail.models import Page, PageLogEntry, Revision

        from wagtail_congress.models import SessionPage, Speaker

        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "page_log_entries": PageLogEntry.objects.count(),
            "speakers": Speaker.objects.count(),
            "imported_sessions": SessionPage.objects.filter(
                external_id__startswith="reliability-"
            ).count(),
        }


# --- the phases ----------------------------------------------------------------------------


def phase_publishing(args, load: Load, editor: Editor) -> dict:
    host, port = args.host, args.port
    pl_url = f"/api/congress/congresses/{editor.congress.pk}/programme/?locale=pl"
    en_url = f"/api/congress/congresses/{editor.english_congress.pk}/programme/?locale=en"
    publishes = []
    started = time.monotonic()
    number = 0
    while time.monotonic() - started < args.publish_seconds:
        number += 1
        for language, url, publish in (
            ("pl", pl_url, editor.publish_polish_title),
            ("en", en_url, editor.publish_english_title),
        ):
            title = f"Sesja edytowana {number}" if language == "pl" else f"Edited session {number}"
            etag_before = fetch(host, port, url)[1]
            published_at = time.monotonic()
            publish(title)
            seen = wait_until_shown(host, port, url, title, args.fresh_within)
            seen.update(
                language=language,
                title=title,
                publish_s=round(time.monotonic() - published_at - (seen["shown_after_s"] or 0), 3),
                etag_changed=seen["etag"] != etag_before,
            )
            publishes.append(seen)
        time.sleep(args.publish_interval)
    seconds = time.monotonic() - started
    outcomes = load.between(started, started + seconds)
    summary = summarise(outcomes, seconds)
    shown = [p["shown_after_s"] for p in publishes if p["ok"]]
    return {
        **summary,
        "publishes": len(publishes),
        "publishes_shown": len(shown),
        "publishes_with_new_etag": sum(p["etag_changed"] for p in publishes),
        "shown_after_s_max": max(shown) if shown else None,
        "publish_log": publishes,
        "ok": summary["errors"] == 0
        and len(shown) == len(publishes)
        and all(p["etag_changed"] for p in publishes),
    }


def phase_restart(args, load: Load) -> dict:
    started = time.monotonic()
    time.sleep(args.restart_after)
    restart_started = time.monotonic()
    completed = subprocess.run(args.restart_command, shell=True, capture_output=True, text=True)
    restart_ended = time.monotonic()
    time.sleep(args.restart_seconds - args.restart_after)
    ended = time.monotonic()
    outcomes = load.between(started, ended)
    errors = [o for o in outcomes if not ok(o)]
    after_restart = [o for o in outcomes if o.started >= restart_ended and ok(o)]
    last_error = max((o.ended for o in errors), default=restart_started)
    recovered = min((o.ended for o in outcomes if ok(o) and o.started >= last_error), default=None)
    window_end = restart_ended + args.grace
    outside = [o for o in errors if not (restart_started - 0.5 <= o.started <= window_end)]

    def since_restart(moment: float | None) -> float | None:
        return round(moment - restart_started, 2) if moment is not None else None

    return {
        **summarise(outcomes, ended - started),
        "restart_command": args.restart_command,
        "restart_exit_code": completed.returncode,
        "restart_duration_s": since_restart(restart_ended),
        "errors_in_outage": len(errors) - len(outside),
        "errors_outside_outage": len(outside),
        "first_error_s": since_restart(min((o.started for o in errors), default=None)),
        "last_error_s": since_restart(max((o.ended for o in errors), default=None)),
        "recovered_s": since_restart(recovered),
        "requests_ok_after_restart": len(after_restart),
        "ok": completed.returncode == 0 and not outside and bool(after_restart),
    }


def big_csv(editor: Editor, sessions: int, path: Path) -> None:
    from wagtail_congress.models import SessionTrackPage

    track = SessionTrackPage.objects.child_of(editor.congress).live().first()
    first_day = editor.congress.days[0]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["external_id", "title", "track", "start", "end", "room", "speakers"])
        for number in range(sessions):
            start = datetime.datetime.combine(first_day, datetime.time(9)) + datetime.timedelta(
                minutes=number % 480
            )
            writer.writerow(
                [
                    f"reliability-{number:05d}",
                    f"Sesja z importu {number}",
                    track.title,
                    start.strftime("%Y-%m-%d %H:%M"),
                    (start + datetime.timedelta(minutes=45)).strftime("%Y-%m-%d %H:%M"),
                    f"Sala {number % 7}",
                    f"Prelegent {number} (moderator); Prelegentka {number % 50}",
                ]
            )


def phase_import_kill(args, editor: Editor) -> dict:
    from django.db import close_old_connections

    close_old_connections()
    path = Path(args.results) / "import.csv"
    big_csv(editor, args.import_sessions, path)
    before = editor.counts()
    command = [sys.executable, str(ROOT / "manage.py"), "import_programme"]
    command += [str(editor.congress.pk), str(path), "--publish", "--as-superuser"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    started = time.monotonic()
    killed_at, output = None, []
    for line in process.stdout:
        output.append(line.rstrip())
        parts = line.strip().split()
        if parts and "/" in parts[0] and parts[-1] == "sessions":
            done, total = (int(n) for n in parts[0].split("/"))
            if done >= total / 2:
                process.send_signal(signal.SIGKILL)
                killed_at = done
                break
    process.wait()
    seconds = time.monotonic() - started
    close_old_connections()
    after = editor.counts()
    return {
        "sessions_in_file": args.import_sessions,
        "killed_after_sessions_written": killed_at,
        "killed_after_s": round(seconds, 1),
        "exit_code": process.returncode,
        "counts_before": before,
        "counts_after": after,
        "output_tail": output[-5:],
        "ok": killed_at is not None and before == after,
    }


def failed_statuses(phase: dict) -> str:
    failed = {k: v for k, v in phase["statuses"].items() if k not in ("200", "304")}
    return ", ".join(f"{count} × {status}" for status, count in failed.items()) or "none"


def markdown(result: dict) -> str:
    publishing, restart, kill = result["publishing"], result["restart"], result["import_kill"]
    lines = [
        f"# Load and faults, {result['finished']}",
        "",
        f"gunicorn {result['gunicorn']}, {result['threads']} load threads, "
        f"PostgreSQL {result['postgres']}.",
        "",
        "| Phase | Requests | Errors | req/s | p50 ms | p95 ms | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, phase in (("Publishing under load", publishing), ("PostgreSQL restart", restart)):
        lines.append(
            f"| {name} | {phase['requests']} | {phase['errors']} | "
            f"{phase['requests_per_second']} | {phase['latency_ms_p50']} | "
            f"{phase['latency_ms_p95']} | {'ok' if phase['ok'] else 'FAILED'} |"
        )
    lines += [
        "",
        f"- Publishes: {publishing['publishes']} (Polish edits and English translations), "
        f"{publishing['publishes_shown']} shown by the API, slowest after "
        f"{publishing['shown_after_s_max']} s; {publishing['publishes_with_new_etag']} with a "
        "new ETag.",
        f"- Restart (`{restart['restart_command']}`, {restart['restart_duration_s']} s): "
        f"{restart['errors']} failed requests ({failed_statuses(restart)}), from "
        f"{restart['first_error_s']} s to {restart['last_error_s']} s after the restart began, "
        f"{restart['errors_outside_outage']} outside the outage; served again from "
        f"{restart['recovered_s']} s on, by the same gunicorn workers.",
        f"- Import killed (SIGKILL) after {kill['killed_after_sessions_written']} of "
        f"{kill['sessions_in_file']} sessions: counts before {kill['counts_before']}, after "
        f"{kill['counts_after']} — {'nothing partial' if kill['ok'] else 'FAILED'}.",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--results", required=True, help="directory for result.json/.md")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--publish-seconds", type=float, default=45)
    parser.add_argument("--publish-interval", type=float, default=1.0)
    parser.add_argument("--fresh-within", type=float, default=5.0)
    parser.add_argument("--restart-command", required=True)
    parser.add_argument("--restart-after", type=float, default=8)
    parser.add_argument("--restart-seconds", type=float, default=30)
    parser.add_argument("--grace", type=float, default=2.0, help="s after the restart ends")
    parser.add_argument("--import-sessions", type=int, default=400)
    parser.add_argument("--gunicorn", default="")
    parser.add_argument("--postgres", default="")
    args = parser.parse_args(argv)
    url = urlsplit(args.base_url)
    args.host, args.port = url.hostname, url.port or 80
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    editor = Editor()
    urls = [
        f"/api/congress/congresses/{editor.congress.pk}/programme/?locale=pl",
        f"/api/congress/congresses/{editor.english_congress.pk}/programme/?locale=en",
        f"/api/congress/congresses/{editor.congress.pk}/sessions/?locale=pl&limit=50",
    ]
    load = Load(args.host, args.port, urls, args.threads)
    load.start()
    try:
        print("publishing under load ...", flush=True)
        publishing = phase_publishing(args, load, editor)
        print(f"  {publishing['requests']} requests, {publishing['errors']} errors", flush=True)
        print("PostgreSQL restart under load ...", flush=True)
        restart = phase_restart(args, load)
        print(f"  {restart['requests']} requests, {restart['errors']} errors", flush=True)
    finally:
        load.finish()
    print("import killed halfway ...", flush=True)
    import_kill = phase_import_kill(args, editor)
    result = {
        "finished": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "base_url": args.base_url,
        "threads": args.threads,
        "gunicorn": args.gunicorn,
        "postgres": args.postgres,
        "publishing": publishing,
        "restart": restart,
        "import_kill": import_kill,
        "total_requests": len(load.outcomes),
        "ok": publishing["ok"] and restart["ok"] and import_kill["ok"],
    }
    results = Path(args.results)
    (results / "result.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (results / "result.md").write_text(markdown(result))
    print(markdown(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
