"""One source for absolute URLs (the Site's root URL), hostname-free UIDs, offline API docs.

The demo test serves the demo with its ``Site`` at another host and port than Wagtail's
``localhost:80``, as ``scripts/demo`` does, and reads every output: pages, JSON-LD, feeds,
frab, iCal, the sitemap and the APIs. No ``localhost`` (nor the request's host) may appear,
and every absolute URL of the site starts with the ``Site``'s root URL.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core import checks
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Site

from wagtail_congress.absolute_urls import absolute_url, site_root_url

from .test_exports_ical import congress_url, english, publish

HOST, PORT = "congress.example.test", 8123
ROOT = f"http://{HOST}:{PORT}"
# Hosts the site could be reached at in a test or a local demo: none may leak into an output.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver", HOST}
URL = re.compile(r"""https?://[^\s"'<>\\)]+""")


def uids(client, page) -> list[str]:
    response = client.get(congress_url(page))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return sorted(str(event["UID"]) for event in events)


# --- iCal UIDs ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ical_uids_stay_the_same_when_the_site_hostname_changes(client, congress, track, session):
    publish(session)
    before = uids(client, congress)
    assert before == [str(session.translation_key)]  # a UUID: no hostname in it

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "kongres.example.org", 443
    site.save()
    after_client = Client(HTTP_HOST="kongres.example.org")
    with override_settings(ALLOWED_HOSTS=["kongres.example.org"]):
        assert uids(after_client, congress) == before
        response = after_client.get(congress_url(congress))
    # The URL of the event does follow the Site.
    assert "URL:https://kongres.example.org/" in response.content.decode().replace("\r\n ", "")


@pytest.mark.django_db
def test_uid_domain_setting_gives_uid_at_domain_in_ical_and_feeds(
    client, congress, track, session, news_index, locale_en
):
    publish(session)
    english(session, locale_en, "Small towns")
    congress_en = congress.get_translation(locale_en)
    with override_settings(WAGTAIL_CONGRESS_UID_DOMAIN="kongres.example.org"):
        expected = [f"{session.translation_key}@kongres.example.org"]
        assert uids(client, congress) == expected
        assert uids(client, congress_en) == expected  # shared by both languages
        from .factories import NewsArticlePageFactory

        article = NewsArticlePageFactory(parent=news_index, title="Zaproszenie")
        publish(article)
        rss = client.get(reverse("wagtail_congress_exports:news_rss", args=[news_index.pk]))
        guid = f'<guid isPermaLink="false">{article.translation_key}@kongres.example.org</guid>'
        assert guid in rss.content.decode()


# --- the helpers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_absolute_url_uses_the_site_not_the_request_host(rf):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = HOST, PORT
    site.save()
    request = rf.get("/", HTTP_HOST="proxy.internal:8080")
    with override_settings(ALLOWED_HOSTS=["proxy.internal"]):
        assert site_root_url(request) == ROOT
        assert absolute_url("/exports/x.ics", request) == f"{ROOT}/exports/x.ics"
        assert absolute_url("https://cdn.example.com/a.jpg", request) == (
            "https://cdn.example.com/a.jpg"
        )
    site.port = 443
    site.save()
    assert site_root_url(None) == f"https://{HOST}"


# --- API docs offline ---------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"])


@pytest.mark.django_db
def test_api_docs_page_loads_swagger_ui_from_local_static_files(client, settings):
    response = client.get("/api/congress/docs/")
    assert response.status_code == 200
    parser = _Assets()
    parser.feed(response.content.decode())
    assert any(url.endswith("swagger-ui-bundle.js") for url in parser.urls), parser.urls
    assert any(url.endswith("swagger-ui.css") for url in parser.urls), parser.urls
    for url in parser.urls:
        assert url.startswith(settings.STATIC_URL), url  # no CDN
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} not in static files"
    assert b"cdn.jsdelivr.net" not in response.content


WITHOUT_NINJA = """
import django
from django.conf import settings
from django.core.management import call_command

settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "ninja"]
django.setup()
call_command("check")
"""


def test_check_warns_when_the_docs_page_would_use_a_cdn():
    assert "wagtail_congress.W002" not in {m.id for m in checks.run_checks()}
    # Without "ninja" (another process: the app registry is set up once per process).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_NINJA],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "wagtail_congress.W002" in result.stderr + result.stdout
    assert '"ninja"' in result.stderr  # the hint (in the site's language)


# --- the demo on another host -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_on_another_host(django_db_setup, django_db_blocker):
    """The demo loaded as scripts/demo does, its Site at HOST:PORT; rolled back afterwards."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        with transaction.atomic():
            call_command("load_demo", site=f"{HOST}:{PORT}", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()


def _unfolded(response) -> str:
    """The body as text, iCal's folded lines joined (a folded URL would be cut in two)."""
    return response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")


def _local_paths(text: str) -> set[str]:
    """Paths of the site's pages and exports that ``text`` links to (absolute or not)."""
    paths = set()
    for url in URL.findall(text):
        if url.startswith(ROOT + "/"):
            paths.add(urlsplit(url).path)
    paths |= set(re.findall(r'href="(/[^"#?]*)"', text))
    return {p for p in paths if not p.startswith(("/static/", "/media/", "/admin/"))}


class Crawl:
    """Every output reachable from the sitemap, the pages and the API, with what it says."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.bodies: dict[str, str] = {}
        self.locations: dict[str, str] = {}

    def get(self, path: str, status: int = 200) -> str:
        response = self.client.get(path)
        assert response.status_code == status, (path, response.status_code)
        if "Location" in response:
            self.locations[path] = response["Location"]
        self.bodies[path] = _unfolded(response)
        return self.bodies[path]

    def follow_site(self, start: list[str]) -> None:
        todo = list(start)
        while todo:
            path = todo.pop()
            if path in self.bodies:
                continue
            text = self.get(path)
            todo += sorted(_local_paths(text) - self.bodies.keys())

    def api(self) -> None:
        for locale in ("pl", "en"):
            listing = self.client.get(f"/api/congress/congresses/?locale={locale}").json()
            for congress in listing["items"]:
                base = f"/api/congress/congresses/{congress['id']}"
                for part in ("/", "/programme/", "/sessions/", "/tracks/", "/partners/"):
                    self.get(f"{base}{part}?locale={locale}")
                speakers = self.client.get(f"{base}/speakers/?locale={locale}").json()
                for speaker in speakers["items"]:
                    self.get(f"/api/congress/speakers/{speaker['id']}/?locale={locale}")
                programme = self.client.get(f"{base}/programme/?locale={locale}").json()
                for day in programme["days"]:
                    for session in day["sessions"]:
                        self.get(f"/api/congress/sessions/{session['id']}/?locale={locale}")
            self.get(f"/api/congress/news/?locale={locale}")
            news = self.client.get(f"/api/congress/news/?locale={locale}").json()
            for article in news["items"]:
                self.get(f"/api/congress/news/{article['id']}/?locale={locale}")
        for kind in ("CongressPage", "SessionPage", "NewsArticlePage", "SessionTrackPage"):
            self.get(f"/api/v2/pages/?type=wagtail_congress.{kind}&fields=*")
        self.get("/api/v2/pages/find/?html_path=/en/", status=302)
        self.get("/api/v3/congress/congresses/")


@pytest.mark.django_db
@pytest.mark.parametrize("request_host", [f"{HOST}:{PORT}", "testserver"])
def test_demo_outputs_name_only_the_site_root_url(demo_on_another_host, request_host):
    """``testserver``: a request through another host (a proxy) changes no URL either."""
    with override_settings(ALLOWED_HOSTS=[HOST, "testserver"], WAGTAILADMIN_BASE_URL=ROOT):
        crawl = Crawl(Client(HTTP_HOST=request_host))
        crawl.follow_site(["/sitemap.xml", "/", "/en/"])
        crawl.api()

    kinds = {
        "pages": [p for p in crawl.bodies if not p.startswith(("/api/", "/exports/", "/sitemap"))],
        "iCal": [p for p in crawl.bodies if p.endswith(".ics")],
        "frab": [p for p in crawl.bodies if "/schedule." in p],
        "feeds": [p for p in crawl.bodies if p.endswith(("rss.xml", "atom.xml"))],
        "API": [p for p in crawl.bodies if p.startswith("/api/")],
    }
    for kind, paths in kinds.items():
        assert paths, f"no {kind} reached"
        assert any(ROOT + "/" in crawl.bodies[p] for p in paths), f"no absolute URL in {kind}"
    assert ROOT + "/" in crawl.bodies["/sitemap.xml"]
    assert any('"@type": "Event"' in crawl.bodies[p] for p in kinds["pages"])  # JSON-LD

    outputs = {**crawl.bodies, **{f"Location of {p}": v for p, v in crawl.locations.items()}}
    assert crawl.locations["/api/v2/pages/find/?html_path=/en/"].startswith(ROOT + "/api/v2/")
    for path, text in outputs.items():
        for word in ("localhost", "testserver", "127.0.0.1"):
            assert word not in text, f"{word} in {path}"
        for url in URL.findall(text):
            host = urlsplit(url).hostname
            if host in LOCAL_HOSTS:
                assert url.startswith(ROOT + "/") or url == ROOT, f"{url} in {path}"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["example.test:http", ":8000", "example.test:0", "a:99999"])
def test_load_demo_refuses_a_bad_site_address(address):
    from django.core.management.base import CommandError

    before = Site.objects.get(is_default_site=True).hostname
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("load_demo", site=address)
    assert Site.objects.get(is_default_site=True).hostname == before  # nothing written
