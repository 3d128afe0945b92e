"""News: categories, the news index and news articles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..api import stock_fields
from ..blocks import BodyBlock
from ..conf import congress_settings
from ..panels import AddLabelInlinePanel
from .base import CongressBasePage, foreign_alias_q
from .querysets import NewsArticleManager


class NewsCategory(TranslatableMixin, models.Model):
    """A news category, such as "Polityka społeczna" (a translatable snippet)."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        allow_unicode=False,
        help_text=_("Used in addresses: ?category=slug"),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    api_fields = [APIField("name"), APIField("slug")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # The admin form has no locale field, so Django skips the (slug, locale) check.
        taken = NewsCategory.objects.filter(slug=self.slug, locale_id=self.locale_id).exclude(
            pk=self.pk
        )
        if self.slug and self.locale_id and taken.exists():
            raise ValidationError(
                {"slug": _("Another category in this language already uses this slug.")}
            )


class NewsIndexPage(CongressBasePage):
    """Lists the news articles below it, newest first, filterable by category."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["wagtail_congress.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def articles(self):
        return (
            NewsArticlePage.objects.child_of(self)
            .live()
            .public()
            .exclude(foreign_alias_q())
            .latest_first()
            .select_related("category", "image")
        )

    def categories(self):
        """Categories used by the visible articles of this index, in its locale."""
        return (
            NewsCategory.objects.filter(locale_id=self.locale_id, news_articles__in=self.articles())
            .distinct()
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        category = None
        if slug := request.GET.get("category"):
            category = NewsCategory.objects.filter(locale_id=self.locale_id, slug=slug).first()
            if category is None:
                raise Http404(_("No such news category."))
            articles = articles.in_category(category)
        paginator = Paginator(articles, congress_settings.NEWS_PER_PAGE)
        context["category"] = category
        context["categories"] = self.categories()
        context["articles"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(CongressBasePage):
    """A news article, such as ZMP's invitation to its session at the congress."""

    publication_date = models.DateField(
        _("publication date"), default=timezone.localdate, help_text=_("Shown as “Published”.")
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("Shown in listings and under the title.")
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))
    related_congress = models.ForeignKey(
        "wagtail_congress.CongressPage",
        verbose_name=_("related congress"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NewsArticleManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("category"), FieldPanel("tags")],
            heading=_("Publication"),
        ),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("related_congress"),
                AddLabelInlinePanel(
                    "related_sessions", label=_("Session"), add_button_label=_("Add session")
                ),
            ],
            heading=_("Related congress and sessions"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.FilterField("category"),
    ]

    api_fields = [
        APIField("publication_date"),
        APIField("category", serializer=stock_fields.NewsCategoryField()),
        APIField("lead"),
        APIField("image", serializer=stock_fields.RenditionField()),
        APIField("body"),
        APIField("tags", serializer=stock_fields.TagNamesField(source="tagged_items")),
        APIField(
            "related_congress",
            serializer=stock_fields.LocalizedPageField("related_congress", source="*"),
        ),
        APIField("related_sessions", serializer=stock_fields.RelatedSessionsField()),
    ]

    parent_page_types = ["wagtail_congress.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def other_news(self, limit: int | None = None):
        """Latest visible articles of the same news index, same category first, not this one."""
        limit = congress_settings.OTHER_NEWS_COUNT if limit is None else limit
        siblings = (
            NewsArticlePage.objects.sibling_of(self, inclusive=False)
            .filter(locale_id=self.locale_id)
            .live()
            .public()
            .exclude(foreign_alias_q())
        )
        return siblings.same_category_first(self.category_id).select_related("category", "image")[
            :limit
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["other_news"] = self.other_news()
        return context


class NewsArticleRelatedSession(TranslatableMixin, Orderable):
    page = ParentalKey(NewsArticlePage, on_delete=models.CASCADE, related_name="related_sessions")
    session = models.ForeignKey(
        "wagtail_congress.SessionPage",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("session")]
    # The article shows its rows through ``related_sessions`` (visible sessions only).
    api_fields = [
        APIField("session", serializer=stock_fields.VisibleSessionField(source="*")),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("related session")
        verbose_name_plural = _("related sessions")
