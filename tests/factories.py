"""Test data built from the seeds (Kongres Polityki Miejskiej 2021)."""

import datetime
import zoneinfo

import factory
import wagtail_factories
from wagtail.models import Locale

from wagtail_congress.choices import SessionFormat, SpeakerRole, TrackKind
from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    Partner,
    PartnerListingPage,
    SessionPage,
    SessionTrackPage,
    Speaker,
    ThematicArea,
)

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WARSAW)


def default_locale() -> Locale:
    return Locale.get_default()


class CongressPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kongres Polityki Miejskiej {2021 + n}")
    edition = "2021"
    lead = "Największe wydarzenie w Polsce poświęcone problematyce rozwoju miast."
    start = warsaw(2021, 6, 7, 9, 0)
    end = warsaw(2021, 6, 8, 18, 0)
    timezone = "Europe/Warsaw"
    attendance_mode = "online"
    venue = "Studio nagraniowe"
    city = "Katowice"
    languages = ["pl", "en"]

    class Meta:
        model = CongressPage


class SessionTrackPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Ścieżka {n}")
    kind = TrackKind.MAIN_BLOCK
    description = "<p>Główny blok tematyczny kongresu.</p>"
    colour = "#1d4e89"

    class Meta:
        model = SessionTrackPage


class SessionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sesja {n}")
    start = warsaw(2021, 6, 8, 10, 0)
    end = warsaw(2021, 6, 8, 11, 30)
    room = "Scena główna"
    format = SessionFormat.PANEL
    language = "pl"
    description = "<p>Rozwój małych i średnich miast.</p>"

    class Meta:
        model = SessionPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktualności"

    class Meta:
        model = NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Aktualność {n}")
    publication_date = datetime.date(2021, 5, 28)
    lead = "Trwa rejestracja na Kongres Polityki Miejskiej."

    class Meta:
        model = NewsArticlePage


class PartnerListingPageFactory(wagtail_factories.PageFactory):
    title = "Partnerzy"

    class Meta:
        model = PartnerListingPage


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Prelegentka {n}")
    position = "Dyrektorka"
    organisation = "Związek Miast Polskich"
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Speaker


class PartnerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Partner {n}")
    website = "https://www.zmp.poznan.pl/"
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Partner


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Obszar {n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = ThematicArea


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = "Inne"
    slug = factory.Sequence(lambda n: f"kategoria-{n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = NewsCategory


__all__ = ["SpeakerRole", "warsaw"]
