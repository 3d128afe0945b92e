"""Query logic for the package's pages, in one place for templates, API and exports."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, Value, When
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet


class SessionTrackQuerySet(PageQuerySet):
    def in_congress(self, congress: Page) -> SessionTrackQuerySet:
        return self.descendant_of(congress)


class SessionQuerySet(PageQuerySet):
    def in_congress(self, congress: Page) -> SessionQuerySet:
        return self.descendant_of(congress)

    def in_track(self, track: Page) -> SessionQuerySet:
        """Sessions of ``track`` and of the tracks nested under it."""
        return self.descendant_of(track)

    def for_programme(self) -> SessionQuerySet:
        """In time order, with what a programme shows loaded in a constant number of queries."""
        from .speakers import Speaker

        return self.order_by("start", "end", "path").prefetch_related(
            Prefetch(
                "speakers__speaker",
                queryset=Speaker.objects.select_related("photo"),
            ),
            "partners__partner",
            "thematic_areas__area",
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
