"""Test data built from the seeds (Kongres Polityki Miejskiej 2021)."""

import datetime
import zoneinfo

import factory
import wagtail_factories
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

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


# Admin form data: what the page and snippet editors POST, with the seeds' values, built with
# Wagtail's own helpers. Each takes overrides for its top-level keys.


def admin_datetime(moment: datetime.datetime) -> str:
    """A moment as the admin's date-time widget submits it (in the editor's timezone)."""
    return moment.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")


def list_block(values: list) -> dict:
    """Form data for a ``ListBlock`` (Wagtail's ``streamfield()`` helper covers ``StreamBlock``)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def empty_formset() -> dict:
    return inline_formset([])


def congress_form_data(**overrides) -> dict:
    data = {
        "title": "Kongres Polityki Miejskiej 2021",
        "slug": "kpm-2021",
        "edition": "2021",
        "lead": "Największe wydarzenie w Polsce poświęcone problematyce rozwoju miast.",
        "body": streamfield([]),
        "start": admin_datetime(warsaw(2021, 6, 7, 9, 0)),
        "end": admin_datetime(warsaw(2021, 6, 8, 18, 0)),
        "timezone": "Europe/Warsaw",
        "attendance_mode": "online",
        "venue": "Studio nagraniowe",
        "address": "",
        "city": "Katowice",
        "stream_url": "",
        "registration_url": "https://kongrespolitykimiejskiej.pl/rejestracja",
        "registration_opens_at": admin_datetime(warsaw(2021, 5, 1, 9, 0)),
        "registration_closes_at": admin_datetime(warsaw(2021, 6, 6, 23, 59)),
        "thematic_areas": empty_formset(),
        "partners": streamfield([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    languages = data.pop("languages", ["pl", "en"])  # several values for one name
    return {**nested_form_data(data), "languages": languages}


def track_form_data(**overrides) -> dict:
    data = {
        "title": "Noc wtop",
        "slug": "noc-wtop",
        "kind": TrackKind.SESSION_FORMAT,
        "description": rich_text("<p>Wyjątkowy panel.</p>"),
        "signup_opens_at": "",
        "colour": "#1d4e89",
        "partners": empty_formset(),
    }
    data.update(overrides)
    return nested_form_data(data)


def session_form_data(**overrides) -> dict:
    data = {
        "title": "Rozwój małych i średnich miast",
        "slug": "rozwoj-malych-i-srednich-miast",
        "start": admin_datetime(warsaw(2021, 6, 8, 10, 0)),
        "end": admin_datetime(warsaw(2021, 6, 8, 11, 30)),
        "room": "Scena główna",
        "format": SessionFormat.PANEL,
        "language": "pl",
        "description": rich_text("<p>Sesja Związku Miast Polskich.</p>"),
        "speakers": empty_formset(),
        "partners": empty_formset(),
        "thematic_areas": empty_formset(),
        "registration_url": "",
        "registration_opens_at": "",
        "capacity": "",
        "stream_url": "",
        "recording_url": "",
        "materials": streamfield([]),
        "external_id": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def news_index_form_data(**overrides) -> dict:
    data = {"title": "Aktualności", "slug": "aktualnosci", "intro": rich_text("<p>Wiadomości.</p>")}
    data.update(overrides)
    return nested_form_data(data)


def news_article_form_data(**overrides) -> dict:
    data = {
        "title": "Zapraszamy na sesję ZMP",
        "slug": "zapraszamy-na-sesje-zmp",
        "publication_date": "2021-05-28",
        "category": "",
        "tags": "",
        "lead": "Trwa rejestracja na Kongres Polityki Miejskiej.",
        "image": "",
        "body": streamfield([]),
        "related_congress": "",
        "related_sessions": empty_formset(),
    }
    data.update(overrides)
    return nested_form_data(data)


def partner_listing_form_data(**overrides) -> dict:
    data = {
        "title": "Partnerzy",
        "slug": "partnerzy",
        "intro": rich_text("<p>Partnerzy kongresu.</p>"),
        "partners": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def partner_group(heading: str, role: str, partners: list) -> tuple[str, dict]:
    """One ``group`` block of a ``PartnerGroupsBlock``, for ``streamfield()``."""
    return (
        "group",
        {"heading": heading, "role": role, "partners": list_block([p.pk for p in partners])},
    )


__all__ = ["SpeakerRole", "warsaw"]
