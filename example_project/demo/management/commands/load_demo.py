"""``manage.py load_demo``: the Kongres Polityki Miejskiej 2021 demo, in Polish and English."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from example_project.demo.content import DEFAULT_CONTENT_FILE, DemoContentError, read_content
from example_project.demo.loader import CREATED, UPDATED, DemoLoader
from example_project.demo.sample import SAMPLE_SEED, sample_content


class Command(BaseCommand):
    help = (
        "Load the demo congress (pages, snippets and their English translations made with "
        "wagtail-localize). Safe to run again: only what differs from the file is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DEFAULT_CONTENT_FILE),
            help="Demo content file (JSON). Default: %(default)s",
        )
        parser.add_argument(
            "--site",
            metavar="HOST:PORT",
            help=(
                "The address the demo is served at, e.g. 127.0.0.1:8000: set as the default "
                "Site's hostname and port, the root of every absolute URL (pages, feeds, "
                "exports, API). Default: the Site is left as it is (localhost:80 when new)."
            ),
        )
        parser.add_argument(
            "--sample-congress",
            action="store_true",
            help=(
                "Also load a clearly labelled, fictitious sample congress (3 days, 4 rooms, "
                "~60 sessions with speakers, in both languages) to see the programme with volume."
            ),
        )
        parser.add_argument(
            "--sample-seed",
            type=int,
            default=SAMPLE_SEED,
            help="Seed of the sample congress's generator (same seed, same content). "
            "Default: %(default)s",
        )

    def handle(
        self,
        *args,
        file: str,
        site: str | None = None,
        sample_congress: bool = False,
        **options,
    ):
        address = parse_address(site) if site else None
        try:
            content = read_content(file)
            if sample_congress:
                sample = sample_content(content, options.get("sample_seed", SAMPLE_SEED))
            # One transaction: on any error nothing is written (pages are published inside it).
            with transaction.atomic():
                summary = DemoLoader(content).load()
                if sample_congress:
                    sample_summary = DemoLoader(sample).load()
                if address:
                    site_state = set_site_address(*address)
        except DemoContentError as error:
            raise CommandError(f"Demo content not loaded: {error}") from error
        if address:
            self.stdout.write(f"  Site root URL: {site_state}")

        self.stdout.write(f"Demo content from {content.path}:")
        for line in summary.lines():
            self.stdout.write(line)
        if sample_congress:
            self.stdout.write("Sample congress (fictitious data):")
            for line in sample_summary.lines():
                self.stdout.write(line)
            summary.counts.update(sample_summary.counts)  # a Counter: adds them up
        if summary.total(CREATED) or summary.total(UPDATED):
            message = (
                f"Done: {summary.total(CREATED)} created, {summary.total(UPDATED)} updated, "
                f"{summary.total('unchanged')} unchanged."
            )
        else:
            message = "Nothing to do: the demo content is already up to date."
        self.stdout.write(self.style.SUCCESS(message))


def parse_address(value: str) -> tuple[str, int]:
    """``host`` or ``host:port`` (port 80 when left out), for ``--site``."""
    hostname, _, port = value.strip().rpartition(":") if ":" in value else (value, "", "80")
    hostname = hostname.strip()
    if not hostname or not port.isdecimal() or not 0 < int(port) < 65536:
        raise CommandError(f"--site must be HOST or HOST:PORT (e.g. 127.0.0.1:8000), not {value!r}")
    return hostname, int(port)


def set_site_address(hostname: str, port: int) -> str:
    """Point the default Site at ``hostname:port``; says what it did."""
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) == (hostname, port):
        return f"{site.root_url} (unchanged)"
    site.hostname, site.port = hostname, port
    site.save()
    Site.clear_site_root_paths_cache()
    return f"{site.root_url} (updated)"
