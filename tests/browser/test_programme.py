"""The visitor's programme in Chromium: the programme page, the embeddable component, axe-core.

The demo and its sample congress (``load_demo --sample-congress``) are loaded once for the
module and served by one live server thread, so the whole module costs one demo load; the
database is restored as it was at the end. The component is pasted into a plain HTML file
served from a second origin (another port), as a site embedding it would.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import threading
from pathlib import Path

import icalendar
import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from wagtail.models import Site

# django_db so that pytest-django creates the test database; the data is the module's.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VENDOR = Path(__file__).resolve().parent / "vendor"
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "test-results"
)
CONGRESS = {"pl": "/przykladowy-kongres-miast-2027/", "en": "/en/sample-cities-congress-2027/"}
NEWS = {"pl": "aktualnosci/", "en": "news/"}
EMBED_PAGE = """<!DOCTYPE html>
<html lang="{locale}"><head><meta charset="utf-8"><title>Another site</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{server}/static/wagtail_congress/congress-programme.js" defer></script></head>
<body><main><h1>Another site</h1>
<congress-programme api="{server}/api/congress/" congress="{congress}" locale="{locale}">
</congress-programme></main></body></html>
"""


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """The demo with its sample congress, committed, behind a live server thread."""
    with django_db_blocker.unblock():
        connection = connections["default"]
        saved = connection.creation.serialize_db_to_string()
        Site.clear_site_root_paths_cache()
        call_command("load_demo", "--sample-congress", stdout=io.StringIO())
        # As LiveServerTestCase does: an in-memory SQLite database is shared with the thread.
        shared = {}
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared = {"default": connection}
        # Static files from the apps (as StaticLiveServerTestCase), not from STATIC_ROOT.
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, shared, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.terminate()
            # The thread sharing of an in-memory database is left on: the browser's keep-alive
            # connections may still close theirs after this point (harmless, it is the test DB).
            # As TransactionTestCase with serialized_rollback: empty, then restore the rows.
            # Sequences are kept (as TransactionTestCase does): reset, they would hand out the
            # restored rows' ids again on PostgreSQL.
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(saved)
            Site.clear_site_root_paths_cache()


@pytest.fixture(scope="module")
def other_origin(demo_server, tmp_path_factory):
    """A plain static site on another port with the component pasted into pl.html and en.html."""
    root = tmp_path_factory.mktemp("other-site")
    for locale, path in CONGRESS.items():
        html = EMBED_PAGE.format(server=demo_server, congress=path, locale=locale)
        (root / f"{locale}.html").write_text(html, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def tab(chromium):
    """A fresh tab (1280 px wide) and the browser context it is in."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def slot_titles(page) -> list[str]:
    return page.locator("#congress-programme-results .congress-slot__title").all_inner_texts()


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_programme_page_without_javascript(chromium, demo_server, locale):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(demo_server + CONGRESS[locale] + "programme/")
    assert page.locator("html").get_attribute("lang") == locale
    everything = slot_titles(page)
    assert len(everything) == 19  # 16 sessions and 3 breaks on the first day
    # A day tab is a link; the form is submitted with its button.
    page.locator(".congress-days a").nth(1).click()
    assert "day=2027-05-12" in page.url
    page.locator(".congress-filters-toggle summary").click()  # filters fold away on phones
    page.select_option("#filter-format", "workshop")
    page.locator(".congress-filters button[type=submit]").click()
    assert "format=workshop" in page.url and "day=2027-05-12" in page.url
    workshops = page.locator(
        "#congress-programme-results .congress-slot:not(.congress-slot--break)"
    )
    assert 0 < workshops.count() < 16
    assert all("Workshop" in m or "Warsztat" in m for m in workshops.all_inner_texts())
    context.close()


def test_programme_page_updates_in_place_with_javascript(tab, demo_server):
    tab.goto(demo_server + CONGRESS["en"] + "programme/")
    tab.evaluate("window.notReloaded = true")
    tab.locator(".congress-filters-toggle summary").click()
    tab.select_option("#filter-language", "en")
    tab.wait_for_function("location.search.includes('language=en')")
    tab.wait_for_function(
        "[...document.querySelectorAll('.congress-slot:not(.congress-slot--break) "
        ".congress-slot__meta')].every((m) => m.textContent.includes('English'))"
    )
    tab.locator(".congress-days a").nth(2).click()
    tab.wait_for_function("location.search.includes('day=2027-05-13')")
    tab.locator('.congress-days a[aria-current="date"]', has_text="13").wait_for()
    assert tab.evaluate("window.notReloaded") is True  # updated in place, not reloaded
    assert "language=en" in tab.url


def open_component(tab, other_origin: str, locale: str):
    tab.goto(f"{other_origin}/{locale}.html")
    component = tab.locator("congress-programme")
    component.locator("[role=tab]").first.wait_for()
    return component


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_component_from_another_origin(tab, other_origin, locale):
    component = open_component(tab, other_origin, locale)
    tabs = component.get_by_role("tab")
    assert tabs.count() == 3
    assert len(component.locator("li.s").all()) == 19
    assert component.locator("section").get_attribute("lang") == locale
    # Keyboard: the arrow key moves to the next day and selects it.
    tabs.first.focus()
    tab.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    # A filter narrows the day.
    component.locator("[data-filter=format]").select_option("workshop")
    talks = component.locator("li.s:not(.b)")
    assert 0 < talks.count() < 16
    # The UI speaks the locale's language, star buttons naming their session.
    label = component.locator("li.s:not(.b) button.star").first.get_attribute("aria-label")
    title = component.locator("li.s:not(.b) h3").first.inner_text()
    expected = {"en": "Add to my agenda", "pl": "Dodaj do mojego programu"}[locale]
    assert label == f"{expected}: {title}"


def test_component_starring_survives_a_reload_and_gives_a_calendar(tab, other_origin):
    component = open_component(tab, other_origin, "en")
    star = component.locator("li.s:not(.b)").first.locator("button.star")
    title = component.locator("li.s:not(.b) h3").first.inner_text()
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    tab.reload()
    component = tab.locator("congress-programme")
    component.locator("[role=tab]").first.wait_for()
    assert (
        component.locator("li.s:not(.b)").first.locator("button.star").get_attribute("aria-pressed")
        == "true"
    )
    # The starred session is starred in Polish too (stars keep every language's id).
    polish = open_component(tab, other_origin, "pl")
    assert polish.locator('button.star[aria-pressed="true"]').count() == 1
    tab.goto(f"{other_origin}/en.html")
    component = tab.locator("congress-programme")
    component.locator("[role=tab]").first.wait_for()
    component.get_by_label("My agenda only").check()
    assert component.locator("li.s:not(.b)").count() == 1
    # No iCal endpoint configured: the calendar is generated in the browser, and parses.
    ics = tab.evaluate(
        "async () => { const a = document.querySelector('congress-programme')"
        ".shadowRoot.querySelector('a.cal'); return (await fetch(a.href)).text(); }"
    )
    calendar = icalendar.Calendar.from_ical(ics)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == [title]
    assert events[0]["DTSTART"].dt.isoformat() == "2027-05-11T07:30:00+00:00"


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(VENDOR / "axe.min.js"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_axe_finds_no_serious_violations(tab, demo_server, other_origin, locale):
    congress = demo_server + CONGRESS[locale]
    tab.goto(congress + "programme/")
    session = tab.locator(".congress-slot__title a").first.get_attribute("href")
    tab.goto(congress + "speakers/")
    speaker = tab.locator(".congress-speaker-card a").first.get_attribute("href")
    tab.goto(congress + NEWS[locale])
    article = tab.locator(".congress-news-teaser a").first.get_attribute("href")
    pages = [congress, congress + "programme/", demo_server + session, congress + "speakers/"]
    pages += [demo_server + speaker, congress + NEWS[locale], demo_server + article]
    found = {}
    for url in pages:
        tab.goto(url)
        if violations := axe_violations(tab):
            found[url] = violations
    open_component(tab, other_origin, locale)
    if violations := axe_violations(tab):
        found["component"] = violations
    assert found == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(chromium, demo_server, other_origin, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(demo_server + CONGRESS["en"] + "programme/")
    shot(page, f"programme-page-{width}.png")
    page.goto(f"{other_origin}/pl.html")
    page.locator("congress-programme [role=tab]").first.wait_for()
    shot(page, f"programme-component-{width}.png")
    context.close()
