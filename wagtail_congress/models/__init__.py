"""The content model, one module per content type; everything is importable from here."""

from .base import CongressBasePage, TranslatedPageMixin, congress_for, foreign_alias_q
from .congress import CongressPage, CongressThematicArea, ThematicArea
from .news import (
    NewsArticlePage,
    NewsArticleRelatedSession,
    NewsArticleTag,
    NewsCategory,
    NewsIndexPage,
)
from .partners import Partner, PartnerListingPage
from .sessions import (
    SessionPage,
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
    SessionTrackPage,
    TrackPartner,
)
from .speakers import Speaker

__all__ = [
    "CongressBasePage",
    "CongressPage",
    "CongressThematicArea",
    "NewsArticlePage",
    "NewsArticleRelatedSession",
    "NewsArticleTag",
    "NewsCategory",
    "NewsIndexPage",
    "Partner",
    "PartnerListingPage",
    "SessionPage",
    "SessionPartner",
    "SessionSpeaker",
    "SessionThematicArea",
    "SessionTrackPage",
    "Speaker",
    "ThematicArea",
    "TranslatedPageMixin",
    "TrackPartner",
    "congress_for",
    "foreign_alias_q",
]
