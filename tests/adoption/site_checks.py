"""Run inside the brand-new site (``manage.py shell``), with only the installed wheel and its
dependencies importable: no factories, no test helpers, the ORM and the test client only.

Creates a congress (Europe/Warsaw) with a track, a session typed as 10:00 local time and a news
index with an article, in Polish; translates them into English with wagtail-localize and
publishes the translations; then requests the pages, the API in both locales and every export,
and re-imports the session from a CSV. Prints one JSON line: ``{"checks": [...], ...}``; each
check is ``{"name", "ok", "detail"}``, so the pytest side can name every failure at once.

Environment: ``ADOPTION_HOST`` (the ``Site`` hostname the requests use), ``ADOPTION_CHECK_URLS``
(a JSON list of URL templates from docs/installation.md), ``ADOPTION_WORKDIR`` (for the CSV).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import traceback
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

import wagtail_congress
from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsIndexPage,
    SessionPage,
    SessionTrackPage,
)

HOST = os.environ["ADOPTION_HOST"]
CHECK_URLS: list[str] = json.loads(os.environ["ADOPTION_CHECK_URLS"])
WORKDIR = Path(os.environ["ADOPTION_WORKDIR"])
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
# A summer session (+02:00) and a winter congress day would both do; one is enough here.
START = datetime.datetime(2026, 6, 8, 10, 0, tzinfo=WARSAW)
END = datetime.datetime(2026, 6, 8, 11, 30, tzinfo=WARSAW)
ISO_START = "2026-06-08T10:00:00+02:00"

checks: list[dict] = []
facts: dict = {}


def check(name: str, ok: bool, detail: str = "") -> bool:
    if len(detail) > 1500:  # the start of a body, the end of a traceback
        detail = f"{detail[:700]} […] {detail[-800:]}"
    checks.append({"name": name, "ok": bool(ok), "detail": "" if ok else detail})
    return ok


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page: Page, english: Locale) -> Page:
    """What a translator does in wagtail-localize's editor: translate every string, publish."""
    translate_object(page, [english])
    source = TranslationSource.objects.get_for_instance(page)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            defaults={"data": f"EN {segment.string.data}"},
        )
    source.translations.get(target_locale=english).save_target(publish=True)
    return page.get_translation(english)


def build_content() -> dict[str, Page]:
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = HOST, 80
    site.save()
    english, _ = Locale.objects.get_or_create(language_code="en")
    home = site.root_page.specific
    facts["home_locale"] = home.locale.language_code
    congress = home.add_child(
        instance=CongressPage(
            title="Kongres Adopcji 2026",
            slug="kongres-adopcji-2026",
            edition="2026",
            lead="Sprawdzamy pakiet w nowej witrynie.",
            start=datetime.datetime(2026, 6, 8, 9, 0, tzinfo=WARSAW),
            end=datetime.datetime(2026, 6, 9, 16, 0, tzinfo=WARSAW),
            timezone="Europe/Warsaw",
            city="Tarnów",
        )
    )
    track = congress.add_child(instance=SessionTrackPage(title="Ścieżka główna", slug="glowna"))
    session = track.add_child(
        instance=SessionPage(
            title="Miasta przyszłości",
            slug="miasta-przyszlosci",
            start=START,
            end=END,
            room="Sala A",
            language="pl",
            external_id="adopt-01",
            description="<p>Jak zmieniają się miasta.</p>",
        )
    )
    news = congress.add_child(instance=NewsIndexPage(title="Aktualności", slug="aktualnosci"))
    article = news.add_child(
        instance=NewsArticlePage(
            title="Ruszyła rejestracja",
            slug="rejestracja",
            publication_date=datetime.date(2026, 5, 1),
            lead="Zapraszamy.",
        )
    )
    pages = {"congress": congress, "track": track, "session": session, "news": news}
    pages["article"] = article
    for page in pages.values():
        publish(page)
    # Top down, as docs/translation.md says: the home page first, so no alias stands in for it.
    translate(home, english)
    for name in ("congress", "track", "session", "news", "article"):
        pages[f"en_{name}"] = translate(pages[name], english)
    return pages


def placeholders(pages: dict[str, Page]) -> dict[str, str]:
    congress_url = pages["congress"].get_url()
    english_url = pages["en_congress"].get_url()
    return {
        "congress_id": str(pages["congress"].pk),
        "english_congress_id": str(pages["en_congress"].pk),
        "track_id": str(pages["track"].pk),
        "session_id": str(pages["session"].pk),
        "news_id": str(pages["news"].pk),
        "congress_path": congress_url.lstrip("/"),
        "english_congress_path": english_url.removeprefix("/en/"),
    }


def check_documented_urls(client: Client, pages: dict[str, Page]) -> dict[str, bytes]:
    values = placeholders(pages)
    facts["urls"] = values
    bodies = {}
    for template in CHECK_URLS:
        url = template.format(**values)
        try:
            response = client.get(url)
        except Exception as error:  # the test client re-raises a view's exception
            check(f"GET {url}", False, f"{type(error).__name__}: {error}")
            continue
        bodies[url] = response.content
        check(
            f"GET {url}", response.status_code == 200, f"{response.status_code}: {body(response)}"
        )
    return bodies


def body(response) -> str:
    return response.content.decode(errors="replace")


def check_times(client: Client, pages: dict[str, Page]) -> None:
    """10:00 Europe/Warsaw typed in is 10:00+02:00 on the page, in the API, iCal and frab."""
    session, en_session = pages["session"], pages["en_session"]
    congress, en_congress = pages["congress"], pages["en_congress"]
    stored = SessionPage.objects.get(pk=session.pk).start
    check("stored start is 08:00 UTC", stored == START, f"stored {stored.isoformat()}")
    for page in (session, en_session):
        html = body(client.get(page.get_url()))
        check(
            f"page {page.get_url()} shows 10:00+02:00",
            f'datetime="{ISO_START}"' in html and "10:00</time>" in html,
            html[html.find("<time") : html.find("<time") + 300],
        )
    for locale, page, congress_page in (("pl", session, congress), ("en", en_session, en_congress)):
        detail = client.get(f"/api/congress/sessions/{page.pk}/?locale={locale}").json()
        check(f"API session ({locale}) start", detail.get("start") == ISO_START, str(detail)[:500])
        programme = client.get(
            f"/api/congress/congresses/{congress_page.pk}/programme/?locale={locale}"
        ).json()
        starts = [s.get("start") for day in programme.get("days", []) for s in day["sessions"]]
        titles = [s.get("title") for day in programme.get("days", []) for s in day["sessions"]]
        check(f"API programme ({locale}) start", starts == [ISO_START], str(programme)[:800])
        expected_title = "Miasta przyszłości" if locale == "pl" else "EN Miasta przyszłości"
        check(f"API programme ({locale}) title", titles == [expected_title], str(titles))
    ical = body(client.get(f"/exports/session/{session.pk}/session.ics"))
    check(
        "iCal DTSTART 10:00 Europe/Warsaw",
        "DTSTART;TZID=Europe/Warsaw:20260608T100000" in ical,
        ical[:1200],
    )
    frab_xml = body(client.get(f"/exports/congress/{congress.pk}/schedule.xml"))
    check(
        "frab XML date and start",
        f"<date>{ISO_START}</date>" in frab_xml and "<start>10:00</start>" in frab_xml,
        frab_xml[:2000],
    )
    for page in (congress, en_congress):
        frab = client.get(f"/exports/congress/{page.pk}/schedule.json").json()
        events = [
            event
            for day in frab["schedule"]["conference"]["days"]
            for room in day["rooms"].values()
            for event in room
        ]
        check(
            f"frab JSON ({page.locale.language_code}) date and start",
            [(e["date"], e["start"]) for e in events] == [(ISO_START, "10:00")],
            str(events)[:800],
        )


def check_import_agrees(pages: dict[str, Page]) -> None:
    """The same session in a programme file, in the congress's time: nothing to change."""
    path = WORKDIR / "programme.csv"
    path.write_text(
        "external_id,title,track,start,end\n"
        "adopt-01,Miasta przyszłości,Ścieżka główna,2026-06-08 10:00,2026-06-08 11:30\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_programme",
            str(pages["congress"].pk),
            str(path),
            "--as-superuser",
            stdout=out,
            stderr=err,
        )
    except Exception as error:  # a CommandError names the problems on stderr
        check("import_programme runs", False, f"{error!r}\n{err.getvalue()}\n{out.getvalue()}")
        return
    report = out.getvalue()
    facts["import_report"] = report
    check(
        "import reports the hand-entered session unchanged",
        "sessions: 0 created, 0 updated, 1 unchanged" in report,
        report + err.getvalue(),
    )
    after = SessionPage.objects.get(pk=pages["session"].pk)
    check("import left the start alone", after.start == START, after.start.isoformat())


def check_admin_entry(pages: dict[str, Page]) -> None:
    """A session typed through the admin's edit form as 14:00 is 14:00 Warsaw time.

    Reported always; asserted by the pytest side once the admin enters date-times in the
    congress's timezone (``wagtail_congress.forms``).
    """
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    track = pages["track"]
    session = track.add_child(
        instance=SessionPage(
            title="Wpisana w panelu",
            slug="wpisana",
            start=datetime.datetime(2026, 6, 8, 13, 0, tzinfo=WARSAW),
            end=datetime.datetime(2026, 6, 8, 13, 30, tzinfo=WARSAW),
            room="Sala B",
            language="pl",
            external_id="adopt-02",
        )
    )
    publish(session)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client = Client(HTTP_HOST=HOST)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["materials-count"] = "0"
    data.update({"start": "2026-06-08 14:00", "end": "2026-06-08 15:00", "action-publish": "1"})
    response = client.post(url, data)
    check("admin edit form saves", response.status_code == 302, body(response)[:1500])
    stored = SessionPage.objects.get(pk=session.pk)
    facts["admin_typed_14_00_stored_as"] = stored.start.astimezone(WARSAW).isoformat()
    check(
        "admin 14:00 is stored as 14:00 Warsaw",
        stored.start == datetime.datetime(2026, 6, 8, 14, 0, tzinfo=WARSAW),
        f"stored {stored.start.astimezone(WARSAW).isoformat()}",
    )
    detail = Client(HTTP_HOST=HOST).get(f"/api/congress/sessions/{session.pk}/?locale=pl").json()
    check(
        "admin 14:00 is 14:00+02:00 in the API",
        detail.get("start") == "2026-06-08T14:00:00+02:00",
        str(detail.get("start")),
    )
    form = client.get(url).content.decode()
    check("admin form shows 14:00 again", 'value="2026-06-08 14:00"' in form, "")


def check_absolute_urls(bodies: dict[str, bytes]) -> None:
    """Every absolute URL names the Site's host; none names wagtail start's ``localhost``."""
    for url, content in bodies.items():
        text = content.decode(errors="replace")
        check(f"no localhost in {url}", "localhost" not in text, text[:300])
    sitemap = next(text for url, text in bodies.items() if url.startswith("/sitemap"))
    check(
        "sitemap lists the English congress on the Site's host",
        f"http://{HOST}/en/".encode() in sitemap,
        sitemap.decode()[:800],
    )


def check_attached_v3(client: Client, pages: dict[str, Page]) -> None:
    response = client.get("/api/v3/congress/congresses/?locale=en")
    ours = client.get("/api/congress/congresses/?locale=en")
    check(
        "v3 attached routes answer like the API", response.content == ours.content, body(response)
    )
    check("Wagtail's v3 pages/ is not mounted", client.get("/api/v3/pages/").status_code == 404)


def main() -> None:
    facts["package_file"] = wagtail_congress.__file__
    facts["time_zone"] = settings.TIME_ZONE
    facts["database"] = settings.DATABASES["default"]["ENGINE"]
    try:
        pages = build_content()
        client = Client(HTTP_HOST=HOST)
        bodies = check_documented_urls(client, pages)
        check_times(client, pages)
        check_import_agrees(pages)
        check_absolute_urls(bodies)
        check_admin_entry(pages)
        if "wagtail.api.v3" in settings.INSTALLED_APPS:
            check_attached_v3(client, pages)
    except Exception:
        check("the script ran to the end", False, traceback.format_exc())
    print(json.dumps({"checks": checks, "facts": facts}))


if __name__ == "__main__":
    main()
