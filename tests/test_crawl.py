"""A visitor following links from both home pages reaches every published page, in both languages.

The demo (KPM 2021, conftest's ``demo`` fixture) is loaded once for the module; the crawl
follows internal links of every HTML page it gets (the Django test client, no JavaScript) and
must find every live, public page of the
package's types and the congress's routes (programme, speakers), and nothing it finds may fail.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from wagtail.models import Page, Site

from wagtail_congress.models import CongressPage

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)
SKIP = ("/admin/", "/documents/", "/api/", "/exports/", "/static/", "/media/", "/sitemap.xml")


def crawl(client: Client, starts: list[str]) -> tuple[set[str], dict[str, int]]:
    """Every internal path reachable from ``starts``; paths that did not answer 200."""
    seen, failed, queue = set(starts), {}, list(starts)
    while queue:
        path = queue.pop()
        response = client.get(path)
        if response.status_code in (301, 302):
            target = urlsplit(response["Location"]).path
            if target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            failed[path] = response.status_code
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            url, _fragment = urldefrag(unescape(href))
            parts = urlsplit(url)
            if parts.scheme and parts.netloc not in ("localhost", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not target.startswith("/") or target.startswith(SKIP) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return seen, failed


def test_every_published_page_is_reachable_from_both_home_pages(demo, client):
    site = Site.objects.get(is_default_site=True)
    homes = site.root_page.get_translations(inclusive=True).live()
    starts = [home.url for home in homes]
    assert sorted(starts) == ["/", "/en/"]
    found, failed = crawl(client, starts)
    assert failed == {}
    pages = Page.objects.live().public().filter(alias_of__isnull=True)
    published: set[str] = set()
    for home in homes:
        published |= {page.url for page in pages.descendant_of(home, inclusive=True)}
    paths = {path.split("?", 1)[0] for path in found}
    assert published - paths == set()
    # The congress's routes, in both languages.
    for congress in CongressPage.objects.live():
        assert f"{congress.url}programme/" in paths
        assert f"{congress.url}speakers/" in paths
    # Every page type of the package was reached in both languages.
    assert len(published) >= 30  # 17 pages a language in the demo
    partner_listings = {
        "/en/urban-policy-congress-2021/partners/",
        "/kongres-polityki-miejskiej-2021/partnerzy/",
    }
    assert partner_listings <= paths


def test_routes_link_their_other_language_and_declare_hreflang(demo, client):
    polish, english = "/kongres-polityki-miejskiej-2021/", "/en/urban-policy-congress-2021/"
    html = client.get(f"{polish}programme/").content.decode()
    assert f'hreflang="en" href="http://localhost{english}programme/"' in html
    assert f'<a href="{english}programme/" hreflang="en" lang="en">' in html
    speakers = re.findall(
        rf'href="({re.escape(english)}speakers/\d+/)"', client.get(english).content.decode()
    )
    assert speakers
    html = client.get(speakers[0]).content.decode()
    polish_speaker = re.search(
        rf'hreflang="pl" href="http://localhost({re.escape(polish)}speakers/\d+/)"', html
    )
    assert polish_speaker and client.get(polish_speaker[1]).status_code == 200
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://localhost{english}programme/</loc>" in xml
    assert f'hreflang="pl" href="http://localhost{polish}speakers/' in xml
