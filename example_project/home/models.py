from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    TranslatedPageMixin,
    foreign_alias_q,
)


class HomePage(TranslatedPageMixin, Page):
    """The example site's home: an introduction, the congresses and the latest news.

    ``TranslatedPageMixin`` gives it what the package's pages do next to their translations.
    """

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        in_this_language = (
            CongressPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(foreign_alias_q())
        )
        context["congresses"] = in_this_language.order_by("-start")
        context["latest_news"] = (
            NewsArticlePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(foreign_alias_q())
            .latest_first()[:3]
        )
        return context
