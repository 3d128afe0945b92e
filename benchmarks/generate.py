"""A large congress in Polish and English, generated reproducibly from a seed.

Pages are real Wagtail pages, live and published, in the Polish tree and, with the same
``translation_key``, in the English tree under the English home (what wagtail-localize leaves
after publishing a translation). They are written without revisions and without the per-page
``add_child`` bookkeeping: paths are computed from the parent, each page is one ``save()``
(two INSERTs), and snippets, inline rows and tags are written with ``bulk_create``. The
English home is made with Wagtail's own ``Page.copy_for_translation()`` and published.

Run it through ``python -m benchmarks generate`` or call :func:`generate` with Django set up
on an empty (migrated) database.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    Partner,
    SessionPage,
    SessionTrackPage,
    Speaker,
    ThematicArea,
)
from wagtail_congress.models.congress import CongressThematicArea
from wagtail_congress.models.news import NewsArticleTag
from wagtail_congress.models.sessions import (
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
    TrackPartner,
)

from .sizes import LANGUAGES, Sizes

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
FIRST_DAY = datetime.date(2026, 6, 15)

WORDS_PL = [
    "miasto",
    "rozwój",
    "polityka",
    "mobilność",
    "transport",
    "klimat",
    "mieszkalnictwo",
    "rewitalizacja",
    "przestrzeń",
    "zieleń",
    "energia",
    "partycypacja",
    "gospodarka",
    "kultura",
    "edukacja",
    "zdrowie",
    "cyfryzacja",
    "bezpieczeństwo",
    "woda",
    "odporność",
    "sąsiedztwo",
    "dostępność",
    "innowacje",
    "finansowanie",
    "metropolia",
]
WORDS_EN = [
    "city",
    "growth",
    "policy",
    "mobility",
    "transport",
    "climate",
    "housing",
    "regeneration",
    "space",
    "greenery",
    "energy",
    "participation",
    "economy",
    "culture",
    "education",
    "health",
    "digital",
    "safety",
    "water",
    "resilience",
    "neighbourhood",
    "accessibility",
    "innovation",
    "finance",
    "metropolis",
]
FIRST_NAMES = [
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Paweł",
    "Agnieszka",
    "Marek",
    "Joanna",
    "Michał",
]
LAST_NAMES = [
    "Nowak",
    "Kowalska",
    "Wiśniewski",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
]
FORMATS = ("panel", "debate", "workshop", "lecture")


@dataclass
class Generated:
    """What the benchmark requests: ids and paths of the generated content, per language."""

    congress: dict[str, int] = field(default_factory=dict)
    track: dict[str, int] = field(default_factory=dict)
    session: dict[str, int] = field(default_factory=dict)
    session_path: dict[str, str] = field(default_factory=dict)
    news_index: dict[str, int] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)
    news_per_language: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class Generator:
    """Writes one congress of :class:`Sizes` from ``seed``; see :func:`generate`."""

    def __init__(self, sizes: Sizes, seed: int) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.locales = {
            code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
        }
        self.now = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
        self.children: dict[int, int] = {}  # parent pk -> children written

    # Helpers -----------------------------------------------------------------------------

    def key(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def words(self, language: str, count: int, seed_words: list[int]) -> str:
        vocabulary = WORDS_PL if language == "pl" else WORDS_EN
        return " ".join(vocabulary[i % len(vocabulary)] for i in seed_words[:count])

    def picks(self, count: int) -> list[int]:
        return [self.rng.randrange(1000) for _ in range(count)]

    def add_page(self, parent: Page, page: Page) -> Page:
        """Save ``page`` as the last child of ``parent``: live, published, no revision."""
        n = self.children.get(parent.pk, parent.numchild) + 1
        self.children[parent.pk] = n
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, n)
        page.numchild = 0
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = self.now
        page._cached_parent_obj = parent
        page.save(clean=False)
        return page

    def twins(self, make, parents: dict[str, Page], **shared) -> dict[str, Page]:
        """One page per language, sharing a translation key, each under its language's parent."""
        key = self.key()
        return {
            language: self.add_page(
                parents[language],
                make(language, locale=self.locales[language], translation_key=key, **shared),
            )
            for language in self.sizes.languages
        }

    def snippets(self, model, make, count: int) -> dict[str, list]:
        """``count`` snippets per language (English ones via ``copy_for_translation``)."""
        polish = [make("pl", i) for i in range(count)]
        for snippet in polish:
            snippet.locale = self.locales["pl"]
            snippet.translation_key = self.key()
        result = {"pl": model.objects.bulk_create(polish)}
        if "en" in self.sizes.languages:
            english = []
            for i, snippet in enumerate(polish):
                copy = snippet.copy_for_translation(self.locales["en"])
                for name, value in vars(make("en", i)).items():
                    if name in {"name", "description", "position", "bio", "slug"}:
                        setattr(copy, name, value)
                english.append(copy)
            result["en"] = model.objects.bulk_create(english)
        return result

    def inline_rows(self, model, rows: Iterable[dict]) -> None:
        """Inline rows for every language: the same translation key, that language's targets."""
        objects = []
        for row in rows:
            key = self.key()
            for language in self.sizes.languages:
                values = {
                    name: (value[language] if isinstance(value, dict) else value)
                    for name, value in row.items()
                }
                objects.append(model(locale=self.locales[language], translation_key=key, **values))
        model.objects.bulk_create(objects, batch_size=500)

    # Content -----------------------------------------------------------------------------

    def homes(self) -> dict[str, Page]:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        homes = {"pl": home}
        if "en" in self.sizes.languages:
            english = home.get_translations().filter(locale=self.locales["en"]).first()
            if english is None:
                english = home.copy_for_translation(self.locales["en"])
                english.save_revision().publish()
            homes["en"] = english
        return homes

    def run(self) -> Generated:
        sizes, rng = self.sizes, self.rng
        out = Generated()
        homes = self.homes()
        first = datetime.datetime.combine(FIRST_DAY, datetime.time(9), tzinfo=WARSAW)
        last = datetime.datetime.combine(
            FIRST_DAY + datetime.timedelta(days=sizes.days - 1), datetime.time(19), tzinfo=WARSAW
        )
        out.days = [(FIRST_DAY + datetime.timedelta(days=d)).isoformat() for d in range(sizes.days)]

        areas = self.snippets(
            ThematicArea,
            lambda lang, i: ThematicArea(
                name=self.words(lang, 3, [i, i + 7, i + 13]).capitalize(),
                description=self.words(lang, 12, list(range(i, i + 12))),
            ),
            sizes.thematic_areas,
        )
        categories = self.snippets(
            NewsCategory,
            lambda lang, i: NewsCategory(
                name=self.words(lang, 2, [i, i + 5]).capitalize(),
                slug=f"{'kategoria' if lang == 'pl' else 'category'}-{i}",
            ),
            sizes.news_categories,
        )
        partners = self.snippets(
            Partner,
            lambda lang, i: Partner(
                name=f"{'Fundacja' if lang == 'pl' else 'Foundation'} {LAST_NAMES[i % 8]} {i}",
                short_name=f"P{i}",
                website=f"https://partner-{i}.example.org/",
                description=f"<p>{self.words(lang, 20, list(range(i, i + 20)))}</p>",
            ),
            sizes.partners,
        )
        speakers = self.snippets(
            Speaker,
            lambda lang, i: Speaker(
                name=f"{FIRST_NAMES[i % 10]} {LAST_NAMES[(i // 10) % 8]} {i}",
                position="Prezydent miasta" if lang == "pl" else "Mayor",
                organisation=f"{'Urząd Miasta' if lang == 'pl' else 'City Hall'} {i % 97}",
                bio=f"<p>{self.words(lang, 40, list(range(i, i + 40)))}</p>",
                external_id=f"spk-{i}",
            ),
            sizes.speakers,
        )

        congress = self.twins(
            lambda lang, **kw: CongressPage(
                title="Kongres Polityki Miejskiej 2026"
                if lang == "pl"
                else "Urban Policy Congress 2026",
                slug="kongres-2026" if lang == "pl" else "congress-2026",
                edition="2026",
                lead=self.words(lang, 20, list(range(20))),
                start=first,
                end=last,
                timezone="Europe/Warsaw",
                venue="Międzynarodowe Centrum Kongresowe",
                city="Katowice",
                languages=["pl", "en"],
                **kw,
            ),
            homes,
        )
        self.inline_rows(
            CongressThematicArea,
            (
                {
                    "page": congress,
                    "area": {lang: areas[lang][i] for lang in areas},
                    "sort_order": i,
                }
                for i in range(sizes.thematic_areas)
            ),
        )
        tracks = [
            self.twins(
                lambda lang, i=i, **kw: SessionTrackPage(
                    title=f"{'Ścieżka' if lang == 'pl' else 'Track'} {i + 1}: "
                    + self.words(lang, 3, [i, i + 3, i + 11]),
                    slug=f"{'sciezka' if lang == 'pl' else 'track'}-{i + 1}",
                    description=f"<p>{self.words(lang, 30, list(range(i, i + 30)))}</p>",
                    colour=f"#{rng.randrange(0x1000000):06x}",
                    **kw,
                ),
                congress,
            )
            for i in range(sizes.tracks)
        ]
        self.inline_rows(
            TrackPartner,
            (
                {
                    "page": track,
                    "partner": {lang: partners[lang][p] for lang in partners},
                    "sort_order": n,
                }
                for track in tracks
                for n, p in enumerate(rng.sample(range(sizes.partners), min(2, sizes.partners)))
            ),
        )

        rooms = [f"Sala {chr(65 + r)}" if r < 26 else f"Sala {r}" for r in range(sizes.rooms)]
        sessions = []
        for i in range(sizes.sessions):
            day = FIRST_DAY + datetime.timedelta(days=i % sizes.days)
            start = datetime.datetime.combine(
                day, datetime.time(9 + rng.randrange(8), rng.choice((0, 15, 30, 45))), tzinfo=WARSAW
            )
            end = start + datetime.timedelta(minutes=rng.choice((45, 60, 90)))
            words = self.picks(40)
            sessions.append(
                self.twins(
                    lambda lang, i=i, words=words, **kw: SessionPage(
                        title=f"{'Sesja' if lang == 'pl' else 'Session'} {i + 1}: "
                        + self.words(lang, 5, words).capitalize(),
                        slug=f"{'sesja' if lang == 'pl' else 'session'}-{i + 1}",
                        description=f"<p>{self.words(lang, 40, words)}</p>",
                        external_id=f"ses-{i + 1}",
                        **kw,
                    ),
                    tracks[rng.randrange(sizes.tracks)],
                    start=start,
                    end=end,
                    room=rng.choice(rooms),
                    format=rng.choice(FORMATS),
                    language=rng.choice(("pl", "pl", "en")),
                    capacity=rng.choice((None, 50, 120, 400)),
                )
            )
        self.inline_rows(
            SessionSpeaker,
            (
                {
                    "page": session,
                    "speaker": {lang: speakers[lang][s] for lang in speakers},
                    "role": "moderator" if n == 0 else "speaker",
                    "sort_order": n,
                }
                for session in sessions
                for n, s in enumerate(
                    rng.sample(range(sizes.speakers), min(rng.randint(1, 4), sizes.speakers))
                )
            ),
        )
        self.inline_rows(
            SessionPartner,
            (
                {
                    "page": session,
                    "partner": {lang: partners[lang][p] for lang in partners},
                    "sort_order": n,
                }
                for session in sessions
                for n, p in enumerate(
                    rng.sample(range(sizes.partners), min(rng.randint(0, 2), sizes.partners))
                )
            ),
        )
        self.inline_rows(
            SessionThematicArea,
            (
                {"page": session, "area": {lang: areas[lang][a] for lang in areas}, "sort_order": n}
                for session in sessions
                for n, a in enumerate(
                    rng.sample(
                        range(sizes.thematic_areas), min(rng.randint(1, 2), sizes.thematic_areas)
                    )
                )
            ),
        )

        news_index = self.twins(
            lambda lang, **kw: NewsIndexPage(
                title="Aktualności" if lang == "pl" else "News",
                slug="aktualnosci" if lang == "pl" else "news",
                **kw,
            ),
            congress,
        )
        tags = Tag.objects.bulk_create(
            [Tag(name=word, slug=slugify(word)) for word in WORDS_EN + WORDS_PL[:5]],
            ignore_conflicts=True,
        )
        tags = list(Tag.objects.all())
        tag_rows = []
        for i in range(sizes.news):
            published = FIRST_DAY - datetime.timedelta(days=rng.randrange(730))
            words = self.picks(60)
            category = rng.randrange(sizes.news_categories)
            articles = self.twins(
                lambda lang, i=i, words=words, category=category, **kw: NewsArticlePage(
                    title=f"{'Aktualność' if lang == 'pl' else 'Article'} {i + 1}: "
                    + self.words(lang, 6, words).capitalize(),
                    slug=f"{'artykul' if lang == 'pl' else 'article'}-{i + 1}",
                    lead=self.words(lang, 30, words),
                    category=categories[lang][category],
                    related_congress=congress[lang],
                    **kw,
                ),
                news_index,
                publication_date=published,
            )
            for tag in rng.sample(tags, 2):
                tag_rows += [NewsArticleTag(content_object=a, tag=tag) for a in articles.values()]
        NewsArticleTag.objects.bulk_create(tag_rows, batch_size=500)

        for parent_pk, count in self.children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=count)

        out.congress = {lang: page.pk for lang, page in congress.items()}
        out.track = {lang: page.pk for lang, page in tracks[0].items()}
        out.session = {lang: page.pk for lang, page in sessions[0].items()}
        out.session_path = {lang: page.get_url() for lang, page in sessions[0].items()}
        out.news_index = {lang: page.pk for lang, page in news_index.items()}
        out.news_per_language = sizes.news
        return out


def generate(sizes: Sizes, seed: int = 2026) -> Generated:
    """Write a congress of ``sizes`` into the (empty, migrated) database; return its ids."""
    started = time.perf_counter()
    with transaction.atomic(), disable_reference_index_auto_update():
        generated = Generator(sizes, seed).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables: plan IN (subquery) with real statistics
    generated.seconds = round(time.perf_counter() - started, 2)
    generated.counts = {
        "pages": Page.objects.count(),
        "sessions": SessionPage.objects.count(),
        "speakers": Speaker.objects.count(),
        "partners": Partner.objects.count(),
        "news": NewsArticlePage.objects.count(),
        "tracks": SessionTrackPage.objects.count(),
        "session_speakers": SessionSpeaker.objects.count(),
    }
    return generated
