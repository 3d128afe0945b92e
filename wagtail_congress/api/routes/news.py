"""News articles: a filtered listing, and an article with its body, references and other news."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from wagtail.models import Page

from ...exports import jsonld
from ...exports.links import export_path
from ...models import CongressPage, NewsArticlePage, NewsArticleTag, NewsCategory, NewsIndexPage
from ...models.querysets import NewsArticleQuerySet
from .. import schemas
from ..caching import conditional, version_of
from ..errors import bad_parameter, not_found
from ..pagination import limit_param, offset_param, page_bounds
from ..params import MAX_ID, Day, ObjectId, Text, clean_text, locale_param
from ..representation import Representation, body_page_ids
from ..visibility import Audience, requested_language
from .congresses import PROBLEMS

router = Router(tags=["news"])


class NewsFilters(Schema):
    """Filters of the news listing; all optional, combined with AND."""

    congress: ObjectId | None = Field(None, description="Only the news of this congress (its id).")
    category: Text | None = Field(None, description="A category slug in the locale.")
    date_from: Day | None = Field(
        None, alias="from", description="Published on or after this day, YYYY-MM-DD."
    )
    date_to: Day | None = Field(
        None, alias="to", description="Published on or before this day, YYYY-MM-DD."
    )


def tags_prefetch() -> Prefetch:
    return Prefetch("tagged_items", queryset=NewsArticleTag.objects.select_related("tag"))


def with_tags(articles: NewsArticleQuerySet) -> NewsArticleQuerySet:
    """Articles with their category and tags loaded (two queries in all)."""
    return articles.select_related("category").prefetch_related(tags_prefetch())


def tag_names(article: NewsArticlePage) -> list[str]:
    """An article's tags in alphabetical order (whatever the database's collation)."""
    return sorted((item.tag.name for item in article.tagged_items.all()), key=str.casefold)


@router.get("/news/", response={200: schemas.NewsListing, **PROBLEMS}, summary="News articles")
def news_listing(
    request: HttpRequest,
    response: HttpResponse,
    locale: str | None = locale_param(),
    filters: Query[NewsFilters] = None,
    limit: int | None = limit_param(),
    offset: int = offset_param(),
):
    """Published articles in the locale, newest first."""
    audience = Audience(requested_language(locale))
    bounds = page_bounds(limit, offset)
    articles = audience.pages(NewsArticlePage)
    indexes = audience.pages(NewsIndexPage)
    date_from, date_to = filters.date_from, filters.date_to
    if filters.congress is not None:
        found = audience.pages(CongressPage).filter(pk=filters.congress).first()
        if found is None:
            raise bad_parameter("congress", _("Nothing published matches this %s.") % "congress")
        articles = articles.descendant_of(found)
        indexes = indexes.descendant_of(found)
    if slug := clean_text("category", filters.category):
        chosen = NewsCategory.objects.filter(
            locale__language_code=audience.language_code, slug=slug
        ).first()
        if chosen is None:
            raise bad_parameter("category", _("No such news category."))
        articles = articles.in_category(chosen)
    if date_from and date_to and date_from > date_to:
        raise bad_parameter("to", _("The end must be later than the start."))
    if date_from:
        articles = articles.filter(publication_date__gte=date_from)
    if date_to:
        articles = articles.filter(publication_date__lte=date_to)
    if not_modified := conditional(request, version_of(request, audience, articles), response):
        return not_modified
    count = articles.count()
    page = list(with_tags(articles.latest_first())[bounds])
    representation = Representation(request, audience)
    representation.prepare_news(page)
    items = [representation.news_item(article, tag_names(article)) for article in page]
    feeds = []
    if export_path("news_rss", 1):  # one query for the indexes, only if the feeds are mounted
        indexes = indexes.order_by("path").only("pk", "title", "url_path")
        feeds = representation.news_feeds(indexes, slug or None)
    return schemas.NewsListing(count=count, items=items, feeds=feeds)


@router.get(
    "/news/{article_id}/", response={200: schemas.NewsDetail, **PROBLEMS}, summary="An article"
)
def news_detail(
    request: HttpRequest,
    response: HttpResponse,
    article_id: int = Path(..., ge=1, le=MAX_ID, description="The id of a news article page."),
    locale: str | None = locale_param(),
):
    """An article with its body as typed blocks, its related congress and sessions (in the
    locale where translated, else the source marked with its locale) and other news."""
    audience = Audience(requested_language(locale))
    article = (
        audience.pages(NewsArticlePage)
        .select_related("category", "locale")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise not_found("article_id")
    parent_path = article.path[: -article.steplen]
    neighbours = audience.pages(Page).filter(path__startswith=parent_path, depth=article.depth)
    if not_modified := conditional(request, version_of(request, audience, neighbours), response):
        return not_modified
    return article_detail(request, audience, article)


def article_detail(
    request: HttpRequest, audience: Audience, article: NewsArticlePage, draft: bool = False
) -> schemas.NewsDetail:
    """The detail of ``article``; a ``draft`` (a headless preview) has its tags in memory."""
    # other_news() leaves out aliases of another locale only; the API leaves out every alias.
    other = [item for item in article.other_news() if not item.alias_of_id]
    prefetch_related_objects(other if draft else [article, *other], tags_prefetch())
    representation = Representation(request, audience)
    representation.prepare_news([article, *other])
    session_ids = [row.session_id for row in article.related_sessions.all()]
    # Every page the article refers to, its body's included, resolved in one go.
    links = representation.resolve_pages(
        [article.related_congress_id, *session_ids, *body_page_ids(article.body)]
    )
    sessions = []
    for pk in session_ids:
        link = links.get(pk)
        if link is not None and link not in sessions:
            sessions.append(link)
    tags = (
        sorted((tag.name for tag in article.tags.all()), key=str.casefold)
        if draft
        else tag_names(article)
    )
    item = representation.news_item(article, tags)
    return schemas.NewsDetail(
        **dict(item),  # the item's fields, nested schemas kept as they are
        body=representation.body(article.body),
        related_congress=links.get(article.related_congress_id),
        related_sessions=sessions,
        other_news=[representation.news_item(item, tag_names(item)) for item in other],
        json_ld=jsonld.news_article(article, request),
    )
