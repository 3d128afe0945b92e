"""Query logic for the package's pages, in one place for templates, API and exports."""

from __future__ import annotations

import datetime
import zoneinfo

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet


def _rows(model_name: str):
    """The rows of one of a session's inline relations (imported late: they import us)."""
    from . import sessions

    return getattr(sessions, model_name).objects


def below_unpublished_page() -> Exists:
    """Pages with an unpublished ancestor (a congress or a track taken offline).

    Wagtail's ``live()`` looks at the page alone and ``public()`` at view restrictions, so a
    live session under an unpublished sub-track passes both; visitors cannot open it
    (``TranslatedPageMixin.route``), and listings must not show it either. An ancestor's path
    is the first ``depth × steplen`` characters of the page's: one subquery, no extra query.
    """
    return Exists(
        Page.objects.filter(
            live=False,
            depth__lt=OuterRef("depth"),
            path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen),
        )
    )


class SectionQuerySet(PageQuerySet):
    def in_live_sections(self):
        """Leave out pages below an unpublished page (see :func:`below_unpublished_page`)."""
        return self.exclude(below_unpublished_page())


def first_version(model: type[Page], field: str) -> Subquery:
    """``field`` of the first-created language version of each page (same ``translation_key``,
    lowest id): the same whichever locale asks, so identifiers derived from it (a frab room's
    GUID, an event's numeric id) do not change with the language even where the field is
    translated. A subquery, so it costs no extra query."""
    versions = model.objects.filter(translation_key=OuterRef("translation_key")).order_by("pk")
    return Subquery(versions.values(field)[:1])


class SessionTrackQuerySet(SectionQuerySet):
    def in_congress(self, congress: Page) -> SessionTrackQuerySet:
        return self.descendant_of(congress)

    def with_source_slug(self) -> SessionTrackQuerySet:
        """Annotate ``source_slug``: the slug of the track's first-created language version."""
        return self.annotate(source_slug=first_version(self.model, "slug"))


class SessionQuerySet(SectionQuerySet):
    def in_congress(self, congress: Page) -> SessionQuerySet:
        return self.descendant_of(congress)

    def in_track(self, track: Page) -> SessionQuerySet:
        """Sessions of ``track`` and of the tracks nested under it."""
        return self.descendant_of(track)

    def on_day(self, day: datetime.date, tz: zoneinfo.ZoneInfo) -> SessionQuerySet:
        """Sessions starting on calendar ``day`` in timezone ``tz`` (a congress's)."""
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
        return self.filter(start__gte=start, start__lt=start + datetime.timedelta(days=1))

    def with_speaker(self, translation_key) -> SessionQuerySet:
        """Sessions with the speaker of ``translation_key`` (in whatever locale)."""
        return self.filter(
            pk__in=_rows("SessionSpeaker")
            .filter(speaker__translation_key=translation_key)
            .values("page_id")
        )

    def with_partner(self, translation_key) -> SessionQuerySet:
        return self.filter(
            pk__in=_rows("SessionPartner")
            .filter(partner__translation_key=translation_key)
            .values("page_id")
        )

    def in_thematic_area(self, translation_key) -> SessionQuerySet:
        return self.filter(
            pk__in=_rows("SessionThematicArea")
            .filter(area__translation_key=translation_key)
            .values("page_id")
        )

    def search_text(self, text: str) -> SessionQuerySet:
        """Sessions whose title or description contains ``text`` (case-insensitive)."""
        return self.filter(Q(title__icontains=text) | Q(description__icontains=text))

    def for_programme(self) -> SessionQuerySet:
        """In time order, with what a programme shows loaded in a constant number of queries.

        Each inline row is joined with what it points at: prefetching ``speakers__speaker``
        in two steps filters the speakers by one ``OR`` term per id, which SQLite refuses
        beyond 1,000 ("Expression tree is too large") — 800 sessions have more speakers.
        """
        return self.order_by("start", "end", "path").prefetch_related(
            Prefetch(
                "speakers",
                queryset=_rows("SessionSpeaker").select_related("speaker", "speaker__photo"),
            ),
            Prefetch("partners", queryset=_rows("SessionPartner").select_related("partner")),
            Prefetch(
                "thematic_areas", queryset=_rows("SessionThematicArea").select_related("area")
            ),
        )

    def for_api_programme(self) -> SessionQuerySet:
        """Like :meth:`for_programme`, each inline row joined with what it points at.

        Four queries in all (sessions, speakers, partners, areas) however many sessions.
        """
        return self.order_by("start", "end", "path").prefetch_related(
            Prefetch("speakers", queryset=_rows("SessionSpeaker").select_related("speaker")),
            Prefetch("partners", queryset=_rows("SessionPartner").select_related("partner")),
            Prefetch(
                "thematic_areas", queryset=_rows("SessionThematicArea").select_related("area")
            ),
        )

    def with_source_version(self) -> SessionQuerySet:
        """Annotate ``source_pk``, ``source_slug`` and ``source_room`` from the session's
        first-created language version (see :func:`first_version`), for identifiers that are
        the same in every language."""
        return self.annotate(
            source_pk=first_version(self.model, "pk"),
            source_slug=first_version(self.model, "slug"),
            source_room=first_version(self.model, "room"),
        )

    def with_published_revisions(self) -> SessionQuerySet:
        """Annotate ``published_revisions``: revisions saved up to the last publication.

        Only grows (revisions accumulate), so exports use it as iCalendar's ``SEQUENCE``;
        a subquery, so it costs no extra query.
        """
        from wagtail.models import Revision

        revisions = (
            Revision.objects.page_revisions()
            .filter(
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
                created_at__lte=OuterRef("last_published_at"),
            )
            .order_by()
            .values("object_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            published_revisions=Coalesce(Subquery(revisions, output_field=IntegerField()), 0)
        )


class NewsArticleQuerySet(PageQuerySet):
    def latest_first(self) -> NewsArticleQuerySet:
        return self.order_by("-publication_date", "-first_published_at", "-pk")

    def in_category(self, category) -> NewsArticleQuerySet:
        return self.filter(category=category)

    def same_category_first(self, category_id: int | None) -> NewsArticleQuerySet:
        """Latest articles, those in ``category_id`` before the others (one query)."""
        return self.annotate(
            in_same_category=Case(
                When(category_id=category_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        ).order_by("-in_same_category", "-publication_date", "-first_published_at", "-pk")


SessionTrackManager = PageManager.from_queryset(SessionTrackQuerySet)
SessionManager = PageManager.from_queryset(SessionQuerySet)
NewsArticleManager = PageManager.from_queryset(NewsArticleQuerySet)
