"""Where each page type may be created in the page tree."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from example_project.home.models import HomePage
from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsIndexPage,
    PartnerListingPage,
    SessionPage,
    SessionTrackPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_congress_holds_tracks_news_and_partners(self):
        self.assertAllowedSubpageTypes(
            CongressPage, {SessionTrackPage, NewsIndexPage, PartnerListingPage}
        )

    def test_congress_goes_anywhere_a_site_may_put_it(self):
        self.assertAllowedParentPageTypes(CongressPage, {Page, HomePage})
        self.assertCanCreateAt(Page, CongressPage)
        self.assertCanCreateAt(HomePage, CongressPage)
        self.assertCanNotCreateAt(CongressPage, CongressPage)

    def test_track_holds_tracks_and_sessions(self):
        self.assertAllowedSubpageTypes(SessionTrackPage, {SessionTrackPage, SessionPage})
        self.assertAllowedParentPageTypes(SessionTrackPage, {CongressPage, SessionTrackPage})

    def test_session_only_in_a_track_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(SessionPage, {SessionTrackPage})
        self.assertAllowedSubpageTypes(SessionPage, set())
        self.assertCanNotCreateAt(CongressPage, SessionPage)

    def test_news_index_holds_articles(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        # A congress's own news, or a site-wide news section.
        self.assertAllowedParentPageTypes(NewsIndexPage, {CongressPage, HomePage, Page})
        self.assertCanNotCreateAt(SessionTrackPage, NewsIndexPage)

    def test_article_only_in_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        for parent in (Page, HomePage, CongressPage, SessionTrackPage, PartnerListingPage):
            self.assertCanNotCreateAt(parent, NewsArticlePage)

    def test_partner_listing_holds_nothing(self):
        self.assertAllowedParentPageTypes(PartnerListingPage, {CongressPage, HomePage, Page})
        self.assertAllowedSubpageTypes(PartnerListingPage, set())
