"""A Polish editor's paths through the admin show no English (the detector), in Chromium.

The test walks the screens an editor of this package uses — dashboard, explorer, the add and
edit forms of every page type and snippet, a validation error, paused autosave, the
timetable, the import's dry run, the next edition, the translation editor and publishing a
translation — collects the visible text and fails on any English msgid of Django, Wagtail,
wagtail-localize or the package that no Polish catalogue translates (the supplementary one,
``wagtail_congress/locale_upstream``, included), listing each with the screen it is on.

``SCREENSHOT_DIR=docs/img`` refreshes the documentation's screenshots of the timetable and
the import confirmation (at 1280 px and 390 px).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from wagtail_congress.models import (
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    Partner,
    PartnerListingPage,
    SessionPage,
    SessionTrackPage,
    Speaker,
    ThematicArea,
)

from ..factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PartnerFactory,
    PartnerListingPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)

SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "test-results"
)
PASSWORD = "correct horse battery staple"
SITE_PACKAGES = Path(apps.get_app_config("wagtailcore").path).parent
PACKAGE = Path(apps.get_app_config("wagtail_congress").path)
IMPORT_CSV = (
    "identyfikator,tytuł,ścieżka,początek,koniec,sala,format,język,opis,prelegenci\n"
    "kpm-101,Miasta po pandemii,Sesje plenarne,2021-06-07 10:00,2021-06-07 11:30,"
    "Scena główna,panel,pl,Jak pandemia zmieniła miasta.,Anna Nowak (moderator)\n"
)


# --- What counts as English: upstream and package msgids without a Polish translation ---


@dataclass(frozen=True)
class Msgid:
    """An English message id as a pattern over visible text (placeholders match anything)."""

    text: str
    domain: str
    origin: str
    pattern: re.Pattern = field(compare=False)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")


def msgid_pattern(msgid: str) -> re.Pattern | None:
    """A regex for ``msgid`` as a browser shows it; ``None`` if too short to tell apart."""
    visible = TAG.sub("", msgid).replace("%%", "%").strip()
    parts = PLACEHOLDER.split(visible)
    if sum(len(re.findall(r"[A-Za-z]", part)) for part in parts) < 4:
        return None
    body = r".+?".join(r"\s+".join(map(re.escape, part.split())) for part in parts)
    return re.compile(rf"(?<![\w']){body}(?![\w'])")


def english_catalogues() -> Iterator[tuple[Path, str, str]]:
    """(English .po file, domain, origin) of Django, Wagtail and wagtail-localize."""
    for root in ("django", "wagtail", "wagtail_localize"):
        for po_path in sorted((SITE_PACKAGES / root).glob("**/locale/en/LC_MESSAGES/*.po")):
            origin = po_path.relative_to(SITE_PACKAGES).parts[:-4]
            yield po_path, po_path.stem, ".".join(origin) or root


@cache
def polish_catalogue(domain: str):
    """The merged Polish catalogue Django serves (apps, LOCALE_PATHS and all) for ``domain``."""
    if domain == "django":
        return DjangoTranslation("pl")._catalog
    localedirs = [
        str(Path(apps.get_app_config(label).path) / "locale")
        for label in ("wagtailadmin", "wagtail_localize")
    ]
    return DjangoTranslation("pl", domain=domain, localedirs=localedirs)._catalog


def is_translated(entry: polib.POEntry, domain: str) -> bool:
    catalogue = polish_catalogue(domain)
    key = (entry.msgid, 0) if entry.msgid_plural else entry.msgid
    return key in catalogue


# English that upstream writes without gettext, so no catalogue can translate it (the package
# rewrites it: static/wagtail_congress/admin/localize_polish.js).
HARD_CODED = [("%s to %s translation", "wagtail_localize (hard-coded)")]


@cache
def untranslated_msgids() -> tuple[Msgid, ...]:
    sources = [*english_catalogues()]
    sources.append((PACKAGE / "locale" / "pl" / "LC_MESSAGES" / "django.po", "django", "package"))
    found = {}
    for po_path, domain, origin in sources:
        if domain not in ("django", "djangojs"):
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or is_translated(entry, domain):
                continue
            for text in filter(None, (entry.msgid, entry.msgid_plural)):
                pattern = msgid_pattern(text)
                if pattern is not None:
                    found.setdefault(text, Msgid(text, domain, origin, pattern))
    for text, origin in HARD_CODED:
        found[text] = Msgid(text, "djangojs", origin, msgid_pattern(text))
    return tuple(found.values())


def english_in(text: str) -> list[Msgid]:
    return [msgid for msgid in untranslated_msgids() if msgid.pattern.search(text)]


# --- The walk ---


class Walk:
    """Visits screens, keeping the English found on each."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.found: dict[str, set[str]] = {}

    def visible_text(self) -> str:
        text = self.page.inner_text("body")
        placeholders = self.page.eval_on_selector_all(
            "input[placeholder]:visible, textarea[placeholder]:visible",
            "elements => elements.map(element => element.placeholder)",
        )
        return "\n".join([text, *placeholders])

    def check(self, screen: str) -> None:
        for msgid in english_in(self.visible_text()):
            self.found.setdefault(f"{msgid.origin} ({msgid.domain}): {msgid.text!r}", set()).add(
                screen
            )

    def visit(self, path: str, screen: str, *, tabs: bool = False) -> None:
        self.page.goto(self.base_url + path, wait_until="load")
        self.check(screen)
        if tabs:
            self.each_tab(screen)

    def each_tab(self, screen: str) -> None:
        tabs = self.page.locator("[role=tablist] [role=tab]:visible")
        for index in range(1, tabs.count()):
            tabs.nth(index).click()
            self.check(f"{screen}, tab {index + 1}")
        if tabs.count():
            tabs.first.click()

    def report(self) -> str:
        """Each English string found, with the screens it is on."""
        return "\n".join(
            f"  {msgid} on {', '.join(sorted(screens))}" for msgid, screens in self.found.items()
        )


@dataclass
class Programme:
    congress: Page
    track: SessionTrackPage
    session: SessionPage
    news_index: NewsIndexPage
    article: NewsArticlePage
    partners_page: PartnerListingPage
    speaker: Speaker
    partner: Partner
    area: ThematicArea
    category: NewsCategory


@pytest.fixture
def programme() -> Programme:
    Locale.objects.get_or_create(language_code="en")
    root = Site.objects.get(is_default_site=True).root_page
    congress = CongressPageFactory(parent=root, title="Kongres Polityki Miejskiej 2021")
    track = SessionTrackPageFactory(parent=congress, title="Sesje plenarne")
    speaker = SpeakerFactory(name="Anna Nowak")
    session = SessionPageFactory(
        parent=track,
        title="Przyszłość miast średnich",
        slug="przyszlosc-miast-srednich",
        start=warsaw(2021, 6, 7, 12, 0),
        end=warsaw(2021, 6, 7, 13, 30),
    )
    SessionPageFactory(
        parent=track,
        title="Mieszkalnictwo",
        slug="mieszkalnictwo",
        start=warsaw(2021, 6, 8, 10, 0),
        end=warsaw(2021, 6, 8, 11, 0),
    )
    news_index = NewsIndexPageFactory(parent=congress, title="Aktualności")
    category = NewsCategoryFactory(name="Polityka społeczna")
    article = NewsArticlePageFactory(parent=news_index, title="Zapisy ruszyły")
    return Programme(
        congress=congress,
        track=track,
        session=session,
        news_index=news_index,
        article=article,
        partners_page=PartnerListingPageFactory(parent=congress, title="Partnerzy"),
        speaker=speaker,
        partner=PartnerFactory(name="Związek Miast Polskich"),
        area=ThematicAreaFactory(name="Transport i mobilność miejska"),
        category=category,
    )


@pytest.fixture
def polish_editor():
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.com", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "pl"
    profile.save()
    return user


@pytest.fixture
def polish_tab(chromium) -> Iterator:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shots(context, name: str, reach: Callable) -> None:
    """``name``-1280.png and ``name``-390.png: the whole page at a desktop and a phone width.

    Each width in a new tab, so the admin lays itself out for that width from the start
    (resizing a loaded page keeps the desktop sidebar's space).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        tab = context.new_page()
        tab.set_viewport_size({"width": width, "height": 900})
        reach(tab)
        tab.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        tab.close()


def import_dry_run(tab, url: str, upload: Path) -> None:
    """Upload ``upload`` on the import form and wait for the dry run's confirmation step."""
    tab.goto(url, wait_until="load")
    tab.set_input_files("input[type=file]", str(upload))
    tab.locator("input[name=create_tracks]").check()
    tab.get_by_role("button", name="Sprawdź plik").click()
    tab.get_by_role("button", name="Importuj", exact=True).wait_for()


def add_url(model, parent: Page) -> str:
    meta = model._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


def snippet_url(model, action: str, *args) -> str:
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=args)


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_detector_reads_the_catalogues():
    """The list is not empty, the supplement counts as Polish, placeholders match anything."""
    english = {msgid.text: msgid for msgid in untranslated_msgids()}
    assert english, "no English msgids to look for: are the catalogues found?"
    assert "Go to the first error" not in english  # Polish in the supplementary catalogue
    sample = next(iter(english.values()))
    assert sample in english_in(PLACEHOLDER.sub("Kongres", TAG.sub("", sample.text)))
    pattern = msgid_pattern('%(total)s Page <span class="w-sr-only">created in %(site)s</span>')
    assert pattern.search("12 Page created in KPM")
    assert not pattern.search("12 Pages created in KPM")
    assert msgid_pattern("Add") is None  # too short to tell from Polish words
    assert [m.origin for m in english_in("polski to angielski translation")] == [
        "wagtail_localize (hard-coded)"
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_polish_editor_meets_no_english(
    live_server, polish_tab, polish_editor, programme, tmp_path
):
    page, p = polish_tab, programme
    walk = Walk(page, live_server.url)
    page.goto(f"{live_server.url}/admin/login/")
    walk.check("login")
    page.fill("input[name=username]", "redaktor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    walk.check("dashboard")

    walk.visit(reverse("wagtailadmin_explore", args=[p.congress.pk]), "explorer of the congress")
    walk.visit(reverse("wagtailadmin_explore", args=[p.track.pk]), "explorer of a track")

    # Add and edit forms of every page type, each tab.
    root = p.congress.get_parent()
    adds = [
        (type(p.congress), root),
        (SessionTrackPage, p.congress),
        (SessionPage, p.track),
        (NewsIndexPage, p.congress),
        (NewsArticlePage, p.news_index),
        (PartnerListingPage, p.congress),
    ]
    for model, parent in adds:
        walk.visit(add_url(model, parent), f"add {model.__name__}", tabs=True)
    for edited in (p.congress, p.track, p.session, p.news_index, p.article, p.partners_page):
        walk.visit(edit_url(edited), f"edit {type(edited).__name__}", tabs=True)

    # Snippets: listing (with its add button), add and edit.
    for snippet in (p.speaker, p.partner, p.area, p.category):
        model = type(snippet)
        walk.visit(snippet_url(model, "list"), f"{model.__name__} listing")
        walk.visit(snippet_url(model, "add"), f"add {model.__name__}", tabs=True)
        walk.visit(snippet_url(model, "edit", snippet.pk), f"edit {model.__name__}", tabs=True)

    # A validation error: a session ending before it starts.
    page.goto(live_server.url + add_url(SessionPage, p.track))
    page.fill("#id_title", "Sesja z błędem")
    page.fill("#id_start", "2021-06-07 15:00")
    page.fill("#id_end", "2021-06-07 14:00")
    page.get_by_role("button", name="Zapisz szkic").click()
    page.locator(".error-message").first.wait_for()
    walk.check("validation error")

    # Autosave pauses on an invalid form.
    page.goto(live_server.url + edit_url(p.session), wait_until="load")
    page.wait_for_timeout(2_500)  # Wagtail takes the form's initial state 2 s after load
    page.fill("#id_title", "")
    page.locator("#id_title").press("Tab")
    page.locator("#w-autosave-indicator[data-w-autosave-state-value=paused]").wait_for(
        state="attached"
    )
    page.locator(".footer__save-warning").get_by_text("Autozapis").wait_for()
    walk.check("autosave paused")

    # The editor's tools: timetable, import (with its dry run), next edition.
    timetable = reverse("wagtail_congress_timetable", args=[p.congress.pk])
    walk.visit(timetable, "timetable")
    shots(page.context, "timetable", lambda tab: tab.goto(live_server.url + timetable))
    imports = live_server.url + reverse("wagtail_congress_import", args=[p.congress.pk])
    upload = tmp_path / "program.csv"
    upload.write_text(IMPORT_CSV, encoding="utf-8")
    page.goto(imports, wait_until="load")
    walk.check("import")
    import_dry_run(page, imports, upload)
    walk.check("import dry run")
    shots(page.context, "import-confirm", lambda tab: import_dry_run(tab, imports, upload))
    walk.visit(reverse("wagtail_congress_next_edition", args=[p.congress.pk]), "next edition")
    with page.expect_navigation():
        page.get_by_role("button", name="Dalej", exact=True).click()
    walk.check("next edition confirmation")

    # Translating the session: submit, translate in the editor, publish.
    walk.visit(f"/admin/localize/submit/page/{p.session.pk}/", "submit for translation")
    page.get_by_label("angielski").check()
    page.get_by_role("button", name="Wyślij").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    segment = page.locator("li").filter(has=page.get_by_role("heading", name="Tytuł", exact=True))
    segment.wait_for()
    walk.check("translation editor")
    segment.get_by_role("button", name="Tłumacz", exact=True).click()
    segment.locator("textarea").fill("The future of medium-sized cities")
    segment.locator("textarea").press("Enter")
    segment.get_by_role("button", name="Edytuj", exact=True).wait_for()
    walk.check("translation editor, a string translated")
    page.get_by_role("button", name=re.compile("^Opublikuj")).click()
    page.locator(".messages").get_by_text("Opublikowano").wait_for()
    walk.check("translation published")

    page.goto("about:blank")  # the editor's "release editing session" beacon, before teardown
    page.wait_for_timeout(300)
    assert not walk.found, "English on the Polish editor's screens:\n" + walk.report()
