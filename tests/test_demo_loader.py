"""``manage.py load_demo``: the KPM 2021 demo in Polish and English, idempotent and atomic.

The demo is loaded once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint within it. Pages are published inside the loader's transaction,
so no ``on_commit`` callback is needed for the English pages to be live.
"""

import datetime
import io
import json
import zoneinfo
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from example_project.demo.content import DEFAULT_CONTENT_FILE
from example_project.home.models import HomePage
from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsCategory,
    Partner,
    SessionPage,
    SessionTrackPage,
    Speaker,
    ThematicArea,
)

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
CONTENT = json.loads(DEFAULT_CONTENT_FILE.read_text(encoding="utf-8"))


def load_demo(path: Path | str | None = None) -> str:
    out = io.StringIO()
    arguments = ["--file", str(path)] if path else []
    call_command("load_demo", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        with transaction.atomic():
            output = load_demo()
            yield output
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()


@pytest.fixture
def loaded(demo, db):
    return demo


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def in_locale(model, code: str, **filters):
    return model.objects.get(locale=locale(code), **filters)


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed load changed nothing at all."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "snippets": sum(
            model.objects.count() for model in (ThematicArea, Partner, NewsCategory, Speaker)
        ),
        "sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "string translations": StringTranslation.objects.count(),
    }


# The Polish content -------------------------------------------------------------------------


def test_congress_dates_place_and_areas(loaded):
    congress = in_locale(CongressPage, "pl")
    assert congress.title == "Kongres Polityki Miejskiej 2021"
    assert congress.local_start == datetime.datetime(2021, 6, 7, 9, 0, tzinfo=WARSAW)
    assert congress.local_end == datetime.datetime(2021, 6, 8, 18, 0, tzinfo=WARSAW)
    assert congress.timezone == "Europe/Warsaw"
    assert congress.attendance_mode == "online"
    assert congress.languages == ["pl", "en"]
    assert "studiem nagraniowym w Katowicach" in str(congress.body)
    assert [area.name for area in congress.thematic_area_list] == [
        "Kształtowanie przestrzeni",
        "Gospodarka i rynek pracy",
        "Środowisko i adaptacja do zmian klimatu",
        "Transport i mobilność miejska",
        "Mieszkalnictwo i polityki społeczne",
        "Zarządzanie i finanse publiczne",
    ]
    groups = [
        (group.value["heading"], group.value["role"], [p.name for p in group.value["partners"]])
        for group in congress.partners
    ]
    assert groups == [
        (
            "Organizatorzy",
            "organiser",
            [
                "Instytut Rozwoju Miast i Regionów",
                "Obserwatorium Polityki Miejskiej IRMiR",
                "Ministerstwo Funduszy i Polityki Regionalnej",
            ],
        ),
        (
            "Partnerzy strategiczni",
            "strategic_partner",
            ["Związek Miast Polskich", "Miasto Katowice", "Górnośląsko-Zagłębiowska Metropolia"],
        ),
    ]


def test_home_page_is_the_site_root(loaded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_every_track_with_nesting_and_signup(loaded):
    congress = in_locale(CongressPage, "pl")
    top_level = [track.title for track in congress.tracks()]
    assert top_level == [
        "Aktualizacja Krajowej Polityki Miejskiej",
        "Inspirujące miasta",
        "Kwestia metropolitalna",
        "W kierunku Światowego Forum Miejskiego (WUF11)",
        "Kalejdoskopy",
        "Noc wtop",
        "Sesje networkingowe",
        "Warsztaty",
        "Wydarzenia towarzyszące",
    ]
    side_events = in_locale(SessionTrackPage, "pl", title="Wydarzenia towarzyszące")
    assert [track.title for track in side_events.subtracks()] == [
        "URBACT",
        "Konferencja NewUrbPact: Kształtowanie przestrzeni w warunkach suburbanizacji "
        "i kurczenia się miast",
    ]
    signup = datetime.datetime(2021, 5, 20, 12, 0, tzinfo=WARSAW)
    opening = {
        track.title: track.signup_opens_at
        for track in SessionTrackPage.objects.filter(locale=locale("pl"))
        if track.signup_opens_at
    }
    assert opening == {"Sesje networkingowe": signup, "Warsztaty": signup}
    assert all(
        track.description and track.colour
        for track in SessionTrackPage.objects.filter(locale=locale("pl"))
    )


def test_zmp_session(loaded):
    session = in_locale(SessionPage, "pl")
    assert session.title == "Sesja ZMP: budowanie potencjału małych i średnich miast"
    assert session.start.astimezone(WARSAW) == datetime.datetime(2021, 6, 8, 10, 0, tzinfo=WARSAW)
    assert session.end.astimezone(WARSAW) == datetime.datetime(2021, 6, 8, 11, 30, tzinfo=WARSAW)
    assert session.track.title == "Sesje networkingowe"
    assert "54 miasta" in session.description
    assert [row.partner.short_name for row in session.partners.all()] == ["ZMP"]
    assert [row.role for row in session.speakers.all()] == ["host"]


def test_news_article(loaded):
    article = in_locale(NewsArticlePage, "pl")
    assert article.title.startswith("Zapraszamy na sesję ZMP")
    assert article.publication_date == datetime.date(2021, 5, 28)
    assert article.category.name == "Inne"
    assert article.related_congress == in_locale(CongressPage, "pl")
    assert [row.session for row in article.related_sessions.all()] == [in_locale(SessionPage, "pl")]
    assert article.get_parent().title == "Aktualności"


# The English translations -------------------------------------------------------------------


def test_english_pages_are_live_translations(loaded):
    english = Page.objects.filter(locale=locale("en"))
    polish = Page.objects.filter(locale=locale("pl"), depth__gt=1)
    assert english.count() == polish.count() == 17
    assert all(page.live and not page.has_unpublished_changes for page in english)
    congress = in_locale(CongressPage, "en")
    assert congress.title == "Urban Policy Congress 2021"
    assert congress.slug == "urban-policy-congress-2021"
    assert "recording studio in Katowice" in str(congress.body)
    assert congress.local_start == datetime.datetime(2021, 6, 7, 9, 0, tzinfo=WARSAW)
    track = in_locale(SessionTrackPage, "en", slug="networking-sessions")
    assert track.title == "Networking sessions"
    assert "Sign-up opens on 20 May 2021" in track.description


def test_english_pages_reference_english_snippets_and_pages(loaded):
    en = locale("en")
    session = in_locale(SessionPage, "en")
    assert session.title == "ZMP session: building the capacity of small and medium-sized towns"
    [partner] = [row.partner for row in session.partners.all()]
    assert partner == Partner.objects.get(locale=en, short_name="ZMP")
    assert partner.name == "Association of Polish Cities"
    assert [row.area.locale for row in session.thematic_areas.all()] == [en, en]
    [speaker] = [row.speaker for row in session.speakers.all()]
    assert (speaker.locale, speaker.name) == (en, "ZMP “Local Development” Programme team")
    congress = in_locale(CongressPage, "en")
    assert {area.locale for area in congress.thematic_area_list} == {en}
    assert [p.name for p in congress.partners[0].value["partners"]][0] == (
        "Institute for Urban and Regional Development"
    )

    article = in_locale(NewsArticlePage, "en")
    assert (article.category.name, article.category.slug) == ("Other", "other")
    assert article.related_congress == congress
    assert [row.session for row in article.related_sessions.all()] == [session]
    link = next(block for block in article.body if block.block_type == "link")
    assert link.value["page"].specific == session


def test_translations_are_complete_in_wagtail_localize(loaded):
    translations = Translation.objects.filter(target_locale=locale("en"))
    # Every Polish page (but the tree root) and snippet has a source with an English translation.
    assert translations.count() == 17 + 6 + 6 + 1 + 1
    for translation in translations:
        total, translated = translation.get_progress()
        assert translated == total, translation.source


def test_pages_are_served_in_both_languages(loaded, client):
    pages = {
        "/": "Kongres Polityki Miejskiej",
        "/en/": "Urban Policy Congress",
        "/kongres-polityki-miejskiej-2021/": "studiem nagraniowym w Katowicach",
        "/en/urban-policy-congress-2021/": "recording studio in Katowice",
        "/kongres-polityki-miejskiej-2021/sesje-networkingowe/"
        "sesja-zmp-budowanie-potencjalu-malych-i-srednich-miast/": "54 miasta",
        "/en/urban-policy-congress-2021/networking-sessions/"
        "zmp-session-building-the-capacity-of-small-and-medium-sized-towns/": "54 towns",
        "/kongres-polityki-miejskiej-2021/aktualnosci/"
        "zapraszamy-na-sesje-zmp-na-kongresie-polityki-miejskiej/": "Zapraszamy na sesję ZMP",
        "/en/urban-policy-congress-2021/news/"
        "join-the-zmp-session-at-the-urban-policy-congress/": "Join the ZMP session",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


# Idempotency and atomicity ------------------------------------------------------------------


def test_loading_again_changes_nothing(loaded):
    before_counts, before = counts(), database_snapshot()
    output = load_demo()
    assert "Nothing to do" in output
    assert counts() == before_counts
    assert database_snapshot() == before


def test_summary_of_the_first_load(loaded):
    assert "session tracks (pl): 11 created" in loaded
    assert "session tracks (en): 11 created" in loaded


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "demo.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def changed_content(change) -> dict:
    data = json.loads(json.dumps(CONTENT))
    change(data)
    return data


def malformed(tmp_path):
    lines = DEFAULT_CONTENT_FILE.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9].rstrip(",")  # line 10: a missing comma between two areas
    return write(tmp_path, "\n".join(lines))


BAD_CONTENT = {
    "missing key": (
        lambda data: data["tracks"][2].pop("title"),
        ['tracks[2] "kwestia-metropolitalna"', 'missing required key "title"'],
    ),
    "end before start": (
        lambda data: data["sessions"][0].update(end="2021-06-08T09:00"),
        ['sessions[0] "sesja-zmp"', "is not after the start"],
    ),
    "unknown track": (
        lambda data: data["sessions"][0].update(track="sesje-plenarne"),
        ['sessions[0] "sesja-zmp"', 'track "sesje-plenarne" is not one of'],
    ),
    "unknown partner": (
        lambda data: data["congress"]["partner_groups"][1]["partners"].append(
            "urzad-marszalkowski"
        ),
        ["congress", "partner_groups[1]", 'unknown partner "urzad-marszalkowski"'],
    ),
    "missing English text": (
        lambda data: data["partners"][0]["name"].pop("en"),
        ['partners[0] "irmir"', '"name" has no "en" text'],
    ),
    "paragraphs do not match": (
        lambda data: data["tracks"][0]["description"].update(en="<p>One.</p><p>Two.</p>"),
        ['tracks[0] "aktualizacja-kpm"', "2 paragraphs", "the source text 1"],
    ),
}


@pytest.mark.parametrize("case", BAD_CONTENT)
def test_bad_content_is_refused_and_changes_nothing(loaded, tmp_path, case):
    change, expected = BAD_CONTENT[case]
    path = write(tmp_path, changed_content(change))
    before = database_snapshot()
    with pytest.raises(CommandError) as raised:
        load_demo(path)
    for fragment in expected:
        assert fragment in str(raised.value)
    assert database_snapshot() == before


def test_malformed_json_names_the_line(loaded, tmp_path):
    before = database_snapshot()
    with pytest.raises(CommandError, match=r"not valid JSON: .* at line 1[01], column"):
        load_demo(malformed(tmp_path))
    assert database_snapshot() == before


def test_failure_half_way_rolls_back_everything(loaded, tmp_path):
    """An error found while writing (an invalid colour) undoes the updates made before it."""

    def change(data):
        data["home"]["title"]["pl"] = "Kongresy Polityki Miejskiej"
        data["tracks"].append(
            {**data["tracks"][-1], "key": "nowa", "colour": "zielony", "parent": None}
        )
        data["tracks"][-1]["slug"] = {"pl": "nowa", "en": "new"}

    before = database_snapshot()
    with pytest.raises(CommandError, match=r'session track "nowa": colour: Enter a colour'):
        load_demo(write(tmp_path, changed_content(change)))
    assert database_snapshot() == before
    assert in_locale(HomePage, "pl").title == "Kongres Polityki Miejskiej"


def test_changed_content_updates_in_place(loaded, tmp_path):
    def change(data):
        data["tracks"][5]["title"] = {"pl": "Noc wtop 2021", "en": "Night of Blunders 2021"}

    before = counts()
    output = load_demo(write(tmp_path, changed_content(change)))
    assert "session tracks (pl): 1 updated, 10 unchanged" in output
    assert "session tracks (en): 1 updated, 10 unchanged" in output
    after = counts()
    assert after["pages"] == before["pages"]
    assert after["revisions"] == before["revisions"] + 2
    track = in_locale(SessionTrackPage, "en", slug="night-of-blunders")
    assert (track.title, track.live) == ("Night of Blunders 2021", True)
