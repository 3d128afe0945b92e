"""Polish to English end to end, through wagtail-localize's own operations as the admin runs them.

Submitting is ``translate_object`` (what "Translate this page" does), translating is filling
``StringTranslation`` rows (what the translation editor saves), publishing is
``Translation.save_target(publish=True)`` and syncing is a POST to wagtail-localize's
``UpdateTranslationsView`` ("Sync translated pages"). Every on_commit callback is executed,
since wagtail-localize publishes through them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from wagtail_congress.models import (
    CongressPage,
    CongressThematicArea,
    SessionPage,
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
    SessionTrackPage,
    Speaker,
)

from .factories import (
    CongressPageFactory,
    PartnerFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)

# Polish source text -> the English a translator types, one entry per extracted string.
ENGLISH = {
    "Kongres Polityki Miejskiej 2021": "Urban Policy Congress 2021",
    "kongres-polityki-miejskiej-2021": "urban-policy-congress-2021",
    "2021": "2021",
    "Największe wydarzenie w Polsce poświęcone rozwojowi miast.": (
        "The largest event in Poland devoted to urban development."
    ),
    "Studio nagraniowe": "Recording studio",
    "Katowice": "Katowice",
    "O kongresie": "About the congress",
    "Kongres odbędzie się w formule online.": "The congress will be held online.",
    "Organizatorzy": "Organisers",
    "Miasta średnie": "Medium-sized cities",
    "miasta-srednie": "medium-sized-cities",
    "Blok poświęcony miastom średnim.": "A block on medium-sized cities.",
    "Przyszłość miast średnich": "The future of medium-sized cities",
    "przyszlosc-miast-srednich": "future-of-medium-sized-cities",
    "Rozwój małych i średnich miast po pandemii.": (
        "The development of small and medium-sized towns after the pandemic."
    ),
    "Prezydent Łodzi": "Mayor of Łódź",
    "Urząd Miasta Łodzi": "Łódź City Hall",
    "Prezydent Łodzi od 2010 roku.": "Mayor of Łódź since 2010.",
    "Związek Miast Polskich": "Association of Polish Cities",
    "ZMP": "APC",
    "Ogólnopolska organizacja samorządowa.": "A nationwide association of local governments.",
    "Transport i mobilność miejska": "Transport and urban mobility",
    "Jak miasta zmieniają sposób podróżowania.": "How cities change the way people travel.",
    # Added to the Polish source after the first translation:
    "Prezydent Sopotu": "Mayor of Sopot",
    "Urząd Miasta Sopotu": "Sopot City Hall",
    "Rejestracja na kongres jest bezpłatna.": "Registration for the congress is free.",
}


# --- the editor's and translator's actions ------------------------------------------------


def submit(instance, locale: Locale, on_commit) -> None:
    """Submit ``instance`` (and the snippets it references) for translation, as the admin does."""
    with on_commit(execute=True):
        translate_object(instance, [locale])


def fill_strings(source: TranslationSource, locale: Locale, texts: dict[str, str]) -> list[str]:
    """Type the English of every string of ``source`` found in ``texts``; return the rest."""
    missing = []
    for segment in source.stringsegment_set.select_related("string", "context"):
        english = texts.get(segment.string.data)
        if english is None:
            missing.append(segment.string.data)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": english},
        )
    return missing


def translate_and_publish(instance, locale: Locale, on_commit, texts=ENGLISH) -> list[str]:
    """Translate every string of ``instance`` and publish it; return strings left untranslated."""
    source = TranslationSource.objects.get_for_instance(instance)
    missing = fill_strings(source, locale, texts)
    translation = source.translations.get(target_locale=locale)
    with on_commit(execute=True):
        translation.save_target(publish=True)
    return missing


def translate_everything(locale: Locale, on_commit) -> list[str]:
    """Translate and publish every submitted object, snippets first (as a translator would)."""
    missing = []
    translations = Translation.objects.filter(target_locale=locale).select_related("source")
    snippets_first = sorted(translations, key=lambda t: isinstance(t.source.as_instance(), Page))
    for translation in snippets_first:
        missing += translate_and_publish(
            translation.source.get_source_instance(), locale, on_commit
        )
    return missing


def sync(client, instance, on_commit) -> None:
    """Press "Sync translated pages" with "Publish immediately", as an editor does."""
    source = TranslationSource.objects.get_for_instance(instance)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    with on_commit(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


def publish(page: Page) -> None:
    page.save_revision().publish()


# --- what a visitor sees -------------------------------------------------------------------


def main_html(client, page: Page) -> str:
    """The ``<main>`` of ``page`` as an anonymous visitor gets it (header/switcher excluded)."""
    response = client.get(page.get_url())
    assert response.status_code == 200, page.get_url()
    html = response.content.decode()
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    return match.group(0) if match else html


def polish_on(html: str, texts: Iterable[str] = ENGLISH) -> list[str]:
    """Polish source strings (that have an English translation) present in ``html``."""
    return [polish for polish in texts if polish != ENGLISH[polish] and polish in html]


def in_english(model, instance):
    return model.objects.get(translation_key=instance.translation_key, locale__language_code="en")


# --- the congress ----------------------------------------------------------------------------


@pytest.fixture
def polish_congress(site_root):
    """A Polish congress with an area, partners, a track and a session with a speaker."""
    area = ThematicAreaFactory(
        name="Transport i mobilność miejska",
        description="Jak miasta zmieniają sposób podróżowania.",
    )
    zmp = PartnerFactory(
        name="Związek Miast Polskich",
        short_name="ZMP",
        description="<p>Ogólnopolska organizacja samorządowa.</p>",
    )
    congress = CongressPageFactory(
        parent=site_root,
        title="Kongres Polityki Miejskiej 2021",
        slug="kongres-polityki-miejskiej-2021",
        lead="Największe wydarzenie w Polsce poświęcone rozwojowi miast.",
        body=[
            ("heading", {"text": "O kongresie", "level": "h2"}),
            ("paragraph", "<p>Kongres odbędzie się w formule online.</p>"),
        ],
        partners=[
            ("group", {"heading": "Organizatorzy", "role": "organiser", "partners": [zmp]}),
        ],
    )
    congress.thematic_areas.add(CongressThematicArea(area=area))
    publish(congress)
    track = SessionTrackPageFactory(
        parent=congress,
        title="Miasta średnie",
        description="<p>Blok poświęcony miastom średnim.</p>",
    )
    session = SessionPageFactory(
        parent=track,
        title="Przyszłość miast średnich",
        slug="przyszlosc-miast-srednich",
        description="<p>Rozwój małych i średnich miast po pandemii.</p>",
    )
    speaker = SpeakerFactory(
        name="Hanna Zdanowska",
        position="Prezydent Łodzi",
        organisation="Urząd Miasta Łodzi",
        bio="<p>Prezydent Łodzi od 2010 roku.</p>",
    )
    session.speakers.add(SessionSpeaker(speaker=speaker))
    session.partners.add(SessionPartner(partner=zmp))
    session.thematic_areas.add(SessionThematicArea(area=area))
    publish(session)
    return congress, track, session.specific


@pytest.fixture
def translated_congress(polish_congress, locale_en, django_capture_on_commit_callbacks):
    """The Polish congress, submitted to English and fully translated and published."""
    for page in polish_congress:
        submit(page, locale_en, django_capture_on_commit_callbacks)
    missing = translate_everything(locale_en, django_capture_on_commit_callbacks)
    assert missing == []
    return polish_congress


def test_translated_pages_show_english_text_and_english_snippets(translated_congress, client):
    congress, track, session = translated_congress
    en_congress = in_english(CongressPage, congress)
    en_track = in_english(SessionTrackPage, track)
    en_session = in_english(SessionPage, session)

    assert en_congress.live and en_track.live and en_session.live
    assert (
        en_session.url
        == "/en/urban-policy-congress-2021/medium-sized-cities/future-of-medium-sized-cities/"
    )
    assert en_session.start == session.start
    assert en_session.room == session.room  # synchronised

    # Inline children and StreamField blocks reference the English snippets.
    (row,) = en_session.speakers.all()
    assert row.speaker.locale.language_code == "en"
    assert row.speaker.position == "Mayor of Łódź"
    assert {p.partner.locale.language_code for p in en_session.partners.all()} == {"en"}
    assert {a.area.locale.language_code for a in en_session.thematic_areas.all()} == {"en"}
    assert {a.area.name for a in en_congress.thematic_areas.all()} == {
        "Transport and urban mobility"
    }
    (group,) = en_congress.partners
    assert [p.locale.language_code for p in group.value["partners"]] == ["en"]

    session_html = main_html(client, en_session)
    assert "The future of medium-sized cities" in session_html
    assert "The development of small and medium-sized towns after the pandemic." in session_html
    assert "Mayor of Łódź" in session_html
    assert polish_on(session_html) == []

    congress_html = main_html(client, en_congress)
    assert "The congress will be held online." in congress_html
    assert "Association of Polish Cities" in congress_html
    assert polish_on(congress_html) == []

    # The Polish pages are untouched.
    polish_html = main_html(client, session)
    assert "Przyszłość miast średnich" in polish_html
    assert "Prezydent Łodzi" in polish_html


def test_sync_after_editing_the_polish_source(
    translated_congress, locale_en, admin_client, client, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    congress, track, session = translated_congress

    # The editor changes the time, adds a speaker and adds a paragraph to the congress body.
    session.start = warsaw(2021, 6, 8, 12, 30)
    session.end = warsaw(2021, 6, 8, 14, 0)
    new_speaker = SpeakerFactory(
        name="Jacek Karnowski", position="Prezydent Sopotu", organisation="Urząd Miasta Sopotu"
    )
    session.speakers.add(SessionSpeaker(speaker=new_speaker))
    publish(session)
    congress.body.append(("paragraph", "<p>Rejestracja na kongres jest bezpłatna.</p>"))
    publish(congress)

    sync(admin_client, session, on_commit)
    sync(admin_client, congress, on_commit)

    en_session = in_english(SessionPage, session)
    assert en_session.start == warsaw(2021, 6, 8, 12, 30)
    assert en_session.end == warsaw(2021, 6, 8, 14, 0)
    assert "12:30" in main_html(client, en_session)

    # The new speaker was submitted by the sync (wagtail-localize#540), so the English
    # session already links to an English Speaker, with Polish text until it is translated.
    en_new_speaker = in_english(Speaker, new_speaker)
    assert [row.speaker.pk for row in en_session.speakers.all()] == [
        in_english(Speaker, row.speaker).pk for row in session.speakers.all()
    ]
    assert {row.speaker.locale.language_code for row in en_session.speakers.all()} == {"en"}
    assert en_new_speaker.position == "Prezydent Sopotu"
    assert translate_and_publish(new_speaker, locale_en, on_commit) == []

    # Strings translated before the sync are kept; the new paragraph falls back to Polish
    # until it is translated, then the page is English again throughout.
    en_congress = in_english(CongressPage, congress)
    assert en_congress.title == "Urban Policy Congress 2021"
    html = main_html(client, en_congress)
    assert "The congress will be held online." in html
    assert "Rejestracja na kongres jest bezpłatna." in html
    assert translate_and_publish(congress, locale_en, on_commit) == []

    session_html = main_html(client, en_session)
    assert "Mayor of Sopot" in session_html
    assert "Mayor of Łódź" in session_html
    assert "The future of medium-sized cities" in session_html
    assert polish_on(session_html) == []
    congress_html = main_html(client, en_congress)
    assert "Registration for the congress is free." in congress_html
    assert "About the congress" in congress_html
    assert polish_on(congress_html) == []


def test_draft_and_unpublished_translations_are_never_visible(
    polish_congress, locale_en, client, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    congress, track, session = polish_congress
    for page in polish_congress:
        submit(page, locale_en, on_commit)
    en_session = in_english(SessionPage, session)
    en_url = en_session.get_url()

    # Submitted: a draft copy with Polish text exists, but nobody sees it.
    assert not en_session.live
    assert client.get(en_url).status_code == 404
    assert client.get(session.get_url()).status_code == 200

    # Translated and saved as a draft only: still invisible.
    source = TranslationSource.objects.get_for_instance(session)
    fill_strings(source, locale_en, ENGLISH)
    with on_commit(execute=True):
        source.translations.get(target_locale=locale_en).save_target(publish=False)
    en_session.refresh_from_db()
    assert en_session.slug == "future-of-medium-sized-cities"
    assert not en_session.live
    # The slug change leaves a redirect from the old address, which ends at a 404 too.
    assert client.get(en_url, follow=True).status_code == 404
    en_url = en_session.get_url()
    assert client.get(en_url).status_code == 404

    # Published, then unpublished by an editor: gone again, the Polish stays live.
    translate_everything(locale_en, on_commit)
    en_url = in_english(SessionPage, session).get_url()
    assert en_url.startswith("/en/urban-policy-congress-2021/")
    assert client.get(en_url).status_code == 200
    in_english(SessionPage, session).unpublish()
    assert client.get(en_url).status_code == 404
    assert client.get(session.get_url()).status_code == 200
