"""Translation safety: editing and re-syncing never drops a translation of unchanged source text.

A congress, a session and a news article are translated to English through wagtail-localize's
own operations (``translate_object``, ``StringTranslation`` rows as the translation editor
saves them, ``Translation.save_target``), published, then the Polish source is edited —
one field changed, StreamField blocks reordered, a block added, one rich-text paragraph
edited, a synchronised field changed — published and synced through wagtail-localize's
"Sync translated pages" view, with every on_commit callback executed. After each sync, every
segment whose source text is unchanged must still have its English translation, and the live
English page must still show it. A hypothesis test applies random sequences of the edits.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from ..factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    warsaw,
)

pytestmark = pytest.mark.django_db

# Segments an anonymous visitor reads on the page (slugs and SEO fields are not shown).
SHOWN_FIELDS = ("title", "lead", "body", "description", "venue", "city")


def english(polish: str) -> str:
    """What the translator types: recognisably English, and unique per Polish string."""
    return f"EN~{polish}"


def visible_text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(strip_tags(markup))).strip()


@dataclass(frozen=True)
class Segment:
    context: str
    polish: str


def segments_of(page: Page) -> list[Segment]:
    source = TranslationSource.objects.get_for_instance(page)
    return [
        Segment(segment.context.path, segment.string.data)
        for segment in source.stringsegment_set.select_related("string", "context")
    ]


def translations_of(page: Page, locale: Locale) -> dict[Segment, str]:
    """Each segment of ``page``'s source that has an English translation, with it."""
    source = TranslationSource.objects.get_for_instance(page)
    found = {}
    for segment in source.stringsegment_set.select_related("string", "context"):
        translation = StringTranslation.objects.filter(
            translation_of=segment.string, locale=locale, context=segment.context
        ).first()
        if translation is not None:
            found[Segment(segment.context.path, segment.string.data)] = translation.data
    return found


def translate_strings(page: Page, locale: Locale) -> None:
    """Type the English of every string of ``page`` that has none yet."""
    source = TranslationSource.objects.get_for_instance(page)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": english(segment.string.data)},
        )


def publish_translation(page: Page, locale: Locale, on_commit) -> None:
    source = TranslationSource.objects.get_for_instance(page)
    with on_commit(execute=True):
        source.translations.get(target_locale=locale).save_target(publish=True)


def sync(admin_client, page: Page, on_commit) -> None:
    """ "Sync translated pages" with "Publish immediately", as an editor presses it."""
    source = TranslationSource.objects.get_for_instance(page)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    with on_commit(execute=True):
        response = admin_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


def in_english(page: Page) -> Page:
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    ).specific


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@dataclass
class Translated:
    congress: Any
    session: Any
    article: Any
    locale: Locale

    @property
    def pages(self) -> list[Any]:
        return [self.congress, self.session, self.article]


@pytest.fixture
def translated(site_root, locale_en, django_capture_on_commit_callbacks) -> Translated:
    """A congress, a track, a session, a news index and an article, all in English and live."""
    on_commit = django_capture_on_commit_callbacks
    congress = CongressPageFactory(
        parent=site_root,
        title="Kongres Polityki Miejskiej",
        lead="Największe wydarzenie miejskie.",
        body=[
            ("heading", {"text": "O kongresie", "level": "h2"}),
            ("paragraph", "<p>Pierwszy akapit o kongresie.</p>"),
            ("paragraph", "<p>Drugi akapit o <b>miastach</b>.</p>"),
            ("paragraph", "<p>Trzeci akapit o rejestracji.</p>"),
        ],
    )
    track = SessionTrackPageFactory(parent=congress, title="Miasta średnie")
    session = SessionPageFactory(
        parent=track,
        title="Przyszłość miast średnich",
        description="<p>Pierwszy akapit sesji.</p><p>Drugi akapit sesji.</p>",
    )
    news = NewsIndexPageFactory(parent=congress, title="Aktualności")
    article = NewsArticlePageFactory(
        parent=news,
        title="Zapraszamy na kongres",
        lead="Trwa rejestracja.",
        body=[
            ("paragraph", "<p>Akapit pierwszy aktualności.</p>"),
            ("paragraph", "<p>Akapit drugi aktualności.</p>"),
        ],
    )
    pages = [publish(page) for page in (congress, track, session, news, article)]
    for page in pages:
        with on_commit(execute=True):
            translate_object(page, [locale_en])
        translate_strings(page, locale_en)
        publish_translation(page, locale_en, on_commit)
        assert in_english(page).live
    return Translated(pages[0], pages[2], pages[4], locale_en)


# --- the editor's edits ----------------------------------------------------------------------


def change_one_field(world: Translated, step: int) -> Page:
    session = world.session
    session.title = f"Przyszłość miast średnich, wersja {step}"
    return session


def reorder_blocks(world: Translated, step: int) -> Page:
    congress = world.congress
    blocks = list(congress.body)  # StreamChild objects keep their ids, as the admin does
    for index, block in enumerate(reversed(blocks)):
        congress.body[index] = block
    return congress


def add_block(world: Translated, step: int) -> Page:
    article = world.article
    article.body.append(("paragraph", f"<p>Nowy akapit numer {step}.</p>"))
    return article


def edit_one_paragraph(world: Translated, step: int) -> Page:
    session = world.session
    first, _second = re.findall(r"<p>.*?</p>", session.description)[:2]
    session.description = f"{first}<p>Drugi akapit sesji, poprawiony {step}.</p>"
    return session


def change_synchronised_field(world: Translated, step: int) -> Page:
    session = world.session
    session.room = f"Sala {step}"
    session.start = warsaw(2021, 6, 8, 12, 0) + datetime.timedelta(minutes=step)
    session.end = warsaw(2021, 6, 8, 13, 30) + datetime.timedelta(minutes=step)
    return session


def edit_congress_rich_text_inside_a_block(world: Translated, step: int) -> Page:
    congress = world.congress
    for index, block in enumerate(congress.body):
        if block.block_type == "paragraph" and "miastach" in block.value.source:
            text = f"<p>Drugi akapit, nowe słowa {step}.</p>"
            congress.body[index] = ("paragraph", text, block.id)  # the same block, edited
    return congress


EDITS = {
    edit.__name__: edit
    for edit in (
        change_one_field,
        reorder_blocks,
        add_block,
        edit_one_paragraph,
        change_synchronised_field,
        edit_congress_rich_text_inside_a_block,
    )
}


def edit_and_sync(world: Translated, name: str, step: int, admin_client, on_commit) -> Page:
    """Apply one edit, publish the Polish page and sync its translation; returns the page."""
    page = EDITS[name](world, step)
    page = publish(page)
    for attribute in ("congress", "session", "article"):
        if getattr(world, attribute).pk == page.pk:
            setattr(world, attribute, page)
    sync(admin_client, page, on_commit)
    return page


def assert_unchanged_segments_keep_english(
    client, world: Translated, before: dict[int, dict[Segment, str]]
) -> int:
    """Every segment translated before and still in the source keeps its English; count them."""
    checked = 0
    for page in world.pages:
        after = translations_of(page, world.locale)
        current = segments_of(page)
        kept = [segment for segment in current if segment in before[page.pk]]
        for segment in kept:
            assert after.get(segment) == before[page.pk][segment], (page, segment)
        english_page = in_english(page)
        assert english_page.live
        response = client.get(english_page.get_url())
        assert response.status_code == 200, english_page.get_url()
        shown = visible_text(response.content.decode())
        for segment in kept:
            if segment.context.split(".")[0] in SHOWN_FIELDS:
                assert visible_text(before[page.pk][segment]) in shown, (page, segment)
                checked += 1
    return checked


def snapshot(world: Translated) -> dict[int, dict[Segment, str]]:
    return {page.pk: translations_of(page, world.locale) for page in world.pages}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_edit_keeps_the_translations_of_unchanged_text(
    edit, translated, admin_client, client, django_capture_on_commit_callbacks
):
    before = snapshot(translated)
    page = edit_and_sync(translated, edit, 1, admin_client, django_capture_on_commit_callbacks)
    checked = assert_unchanged_segments_keep_english(client, translated, before)
    assert checked >= 10
    # The edited page's English version follows the sync: synchronised fields are copied,
    # new or changed text shows in Polish until translated, then in English.
    english_page = in_english(page)
    if edit == "change_synchronised_field":
        assert (english_page.room, english_page.start) == (page.room, page.start)
    if edit == "reorder_blocks":
        shown = visible_text(client.get(english_page.get_url()).content.decode())
        assert shown.index("EN~Trzeci akapit") < shown.index("EN~Pierwszy akapit o kongresie")
    translate_strings(page, translated.locale)
    publish_translation(page, translated.locale, django_capture_on_commit_callbacks)
    shown = visible_text(client.get(in_english(page).get_url()).content.decode())
    for segment in segments_of(page):
        if segment.context.split(".")[0] in SHOWN_FIELDS:
            assert visible_text(english(segment.polish)) in shown, segment


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=4))
def test_random_edit_sequences_never_drop_a_translation(
    edits, translated, admin_client, client, django_capture_on_commit_callbacks
):
    """Edits accumulate on one set of pages across examples; the invariant holds after each."""
    on_commit = django_capture_on_commit_callbacks
    for step, edit in enumerate(edits, start=1):
        before = snapshot(translated)
        page = edit_and_sync(translated, edit, step, admin_client, on_commit)
        assert_unchanged_segments_keep_english(client, translated, before)
        # The translator catches up with the new text before the next edit.
        translate_strings(page, translated.locale)
        publish_translation(page, translated.locale, on_commit)
