from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_congress.models import CongressPage, NewsArticlePage


class HomePage(Page):
    """The example site's home: an introduction, the congresses and the latest news."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["congresses"] = (
            CongressPage.objects.live().public().filter(locale_id=self.locale_id).order_by("-start")
        )
        context["latest_news"] = (
            NewsArticlePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .latest_first()[:3]
        )
        return context
