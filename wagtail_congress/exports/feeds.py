"""RSS and Atom news feeds per news index (one locale) and per category."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ..absolute_urls import absolute_url
from ..api.caching import version_of
from ..models import NewsArticlePage, NewsCategory, NewsIndexPage
from .common import audience_for, stable_id, visible_page, xml_text

FEED_SIZE = 30


class NewsFeedContext:
    """What a feed is about: a news index, maybe one category, and the request."""

    def __init__(
        self, index: NewsIndexPage, category: NewsCategory | None, request: HttpRequest
    ) -> None:
        self.index = index
        self.category = category
        self.request = request
        self.language_code = index.locale.language_code


class NewsRSSFeed(Feed):
    """The latest live, public, non-alias articles of a news index, in its locale."""

    @classmethod
    def as_view(cls):
        """A view making a feed object per request (the feed keeps the request on itself)."""

        def view(request: HttpRequest, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return view

    def __call__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        self.audience = audience_for(kwargs["pk"])
        self.language = self.audience.language_code
        self.index = visible_page(self.audience, NewsIndexPage, kwargs["pk"])
        articles = self.audience.pages(NewsArticlePage).child_of(self.index)
        version = version_of(request, self.audience, articles)
        if (not_modified := version.not_modified(request)) is not None:
            return not_modified
        with translation.override(self.audience.language_code):  # labels in its language
            response = super().__call__(request, *args, **kwargs)
        version.add_headers(response)
        return response

    def get_object(
        self, request: HttpRequest, pk: int, category: str | None = None
    ) -> NewsFeedContext:
        index = self.index
        found = None
        if category is not None:
            found = NewsCategory.objects.filter(locale_id=index.locale_id, slug=category).first()
            if found is None:
                raise Http404
        return NewsFeedContext(index, found, request)

    def title(self, obj: NewsFeedContext) -> str:
        if obj.category:
            return xml_text(f"{obj.index.title}: {obj.category.name}")
        return xml_text(obj.index.title)

    # Absolute on the Site's root URL (absolute_urls), as JSON-LD and the API are: Django's
    # Feed would prefix a path with the request's host.
    def link(self, obj: NewsFeedContext) -> str:
        url = obj.index.get_full_url(obj.request) or absolute_url("/", obj.request)
        return f"{url}?category={obj.category.slug}" if obj.category else url

    def feed_url(self, obj: NewsFeedContext) -> str:
        return absolute_url(obj.request.path, obj.request)

    def description(self, obj: NewsFeedContext) -> str:
        return _("News from %(title)s") % {"title": self.title(obj)}

    def items(self, obj: NewsFeedContext):
        articles = (
            self.audience.pages(NewsArticlePage)
            .child_of(obj.index)
            .latest_first()
            .select_related("category")
        )
        if obj.category:
            articles = articles.in_category(obj.category)
        return articles[:FEED_SIZE]

    # Text goes through xml_text(): Django's feed writer raises on control characters.
    def item_title(self, item: NewsArticlePage) -> str:
        return xml_text(item.title)

    def item_description(self, item: NewsArticlePage) -> str:
        return xml_text(item.lead or item.search_description)

    def item_link(self, item: NewsArticlePage) -> str:
        return item.get_full_url(self.request) or absolute_url("/", self.request)

    def item_guid(self, item: NewsArticlePage) -> str:
        return stable_id(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsArticlePage) -> datetime.datetime:
        """The editor's publication date (the time of first publication if on that day)."""
        published = item.first_published_at
        if published and timezone.localdate(published) == item.publication_date:
            return published
        return datetime.datetime.combine(
            item.publication_date, datetime.time(), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item: NewsArticlePage) -> datetime.datetime | None:
        return item.last_published_at

    def item_categories(self, item: NewsArticlePage) -> list[str]:
        return [xml_text(item.category.name)] if item.category else []


class NewsAtomFeed(NewsRSSFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: NewsFeedContext) -> str:
        return self.description(obj)
