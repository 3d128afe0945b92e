"""The API's response types, written for the congress content (not generated from models).

Component names are prefixed where Wagtail's API v3 uses the same word, so a site that
documents both never sees one silently replace the other.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from ninja import Schema
from pydantic import Field

Item = TypeVar("Item")


class TranslationLink(Schema):
    """Where the same content lives in another language."""

    id: int
    url: str | None


class Rendition(Schema):
    """An image resized for the web, with its alternative text."""

    url: str
    width: int
    height: int
    alt: str


class PageLink(Schema):
    """A reference to a page, in the requested locale when it is published in it.

    ``locale`` says the language of the page linked to: a reference with no live translation
    points at its source page, in the source's language.
    """

    id: int
    title: str
    url: str | None
    locale: str


class CongressExports(Schema):
    """Absolute URLs of a congress's exports (``null`` each where that export is not mounted)."""

    ical: str | None = Field(description="The programme as iCalendar (every visible session).")
    frab_xml: str | None = Field(description="The frab schedule.xml, for conference apps.")
    frab_json: str | None = Field(description="The frab schedule.json (c3voc's layout).")
    frab_schedule2: str | None = Field(
        description='The frab schedule in the flat "schedule 2" JSON layout (c3 hub\'s).'
    )


class CalendarExport(Schema):
    """The absolute URL of an iCalendar export of a track or a session."""

    ical: str | None


class NewsFeed(Schema):
    """The RSS and Atom feeds of a news index (of one category when ``category`` is set)."""

    index: PageLink
    category: str | None = Field(description="The category slug, or null for every article.")
    rss: str | None
    atom: str | None


EXPORTS_DESCRIPTION = "Links to the exports; null when the site does not mount them."
JSON_LD_DESCRIPTION = "The schema.org JSON-LD object the default page template embeds."


class TrackRef(Schema):
    """A session's track; ``locale`` is the source's when the track is not translated yet."""

    id: int
    title: str
    url: str | None
    locale: str
    colour: str = Field(description="A hex colour such as #1d4e89, or empty.")
    exports: CalendarExport | None = Field(description=EXPORTS_DESCRIPTION)


class SessionSpeakerItem(Schema):
    """A speaker of one session, with their role in it."""

    id: int
    translation_key: str
    name: str
    role: str
    role_label: str
    position: str
    organisation: str
    photo: Rendition | None


class PartnerItem(Schema):
    id: int
    translation_key: str
    name: str
    short_name: str
    website: str
    logo: Rendition | None


class ThematicAreaItem(Schema):
    id: int
    translation_key: str
    name: str


class Registration(Schema):
    required: bool
    url: str
    opens_at: datetime.datetime | None
    capacity: int | None


class SessionItem(Schema):
    """A session as the programme lists it; times carry the congress's UTC offset."""

    id: int
    title: str
    url: str | None
    locale: str
    start: datetime.datetime
    end: datetime.datetime
    track: TrackRef | None
    room: str
    format: str
    format_label: str
    language: str = Field(description="The language the session is held in.")
    language_label: str
    speakers: list[SessionSpeakerItem]
    partners: list[PartnerItem]
    thematic_areas: list[ThematicAreaItem]
    registration: Registration
    stream_url: str
    recording_url: str
    translations: dict[str, TranslationLink]
    exports: CalendarExport | None = Field(description=EXPORTS_DESCRIPTION)


class SessionDetail(SessionItem):
    """A session with its description (HTML) and its congress."""

    description: str
    congress: PageLink
    json_ld: dict[str, Any] = Field(description=JSON_LD_DESCRIPTION)


class CongressItem(Schema):
    id: int
    title: str
    url: str | None
    locale: str
    edition: str
    lead: str
    start: datetime.datetime
    end: datetime.datetime
    timezone: str
    days: list[datetime.date]
    attendance_mode: str
    venue: str
    address: str
    city: str
    languages: list[str]
    stream_url: str
    registration_url: str
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    image: Rendition | None
    translations: dict[str, TranslationLink]
    exports: CongressExports | None = Field(description=EXPORTS_DESCRIPTION)


class CongressDetail(CongressItem):
    thematic_areas: list[ThematicAreaItem]
    json_ld: dict[str, Any] = Field(description=JSON_LD_DESCRIPTION)


class TrackNode(Schema):
    """A track and the tracks nested in it."""

    id: int
    title: str
    url: str | None
    kind: str
    kind_label: str
    colour: str
    description: str
    signup_opens_at: datetime.datetime | None
    translations: dict[str, TranslationLink]
    exports: CalendarExport | None = Field(description=EXPORTS_DESCRIPTION)
    children: list[TrackNode]


class TrackTree(Schema):
    congress: PageLink
    tracks: list[TrackNode]


class ProgrammeDay(Schema):
    date: datetime.date
    sessions: list[SessionItem]


class Programme(Schema):
    """A congress's sessions by day (in the congress's timezone), each day in time order."""

    congress: PageLink
    timezone: str
    exports: CongressExports | None = Field(description=EXPORTS_DESCRIPTION)
    days: list[ProgrammeDay]


class Listing(Schema, Generic[Item]):
    """A page of results: how many there are in all, and those from ``offset`` on."""

    count: int
    items: list[Item]


class CongressListing(Listing[CongressItem]):
    pass


class SessionListing(Listing[SessionItem]):
    pass


# --- speakers ----------------------------------------------------------------------------


class ProfileLink(Schema):
    label: str
    url: str


class SpeakerSession(Schema):
    """A visible session a speaker appears in (start with its congress's UTC offset)."""

    id: int
    title: str
    url: str | None
    start: datetime.datetime
    role: str
    role_label: str
    congress: PageLink | None = Field(
        None, description="The session's congress (given where sessions of several are listed)."
    )


class SpeakerItem(Schema):
    """A speaker, in the requested locale or, if not translated yet, in the language of the
    version the sessions use (``locale`` says which)."""

    id: int
    translation_key: str
    locale: str
    name: str
    position: str
    organisation: str
    bio: str = Field(description="HTML, internal links pointing at the requested locale.")
    photo: Rendition | None
    links: list[ProfileLink]
    translations: dict[str, TranslationLink] = Field(
        description="Every language version of the speaker (snippets have no URL)."
    )
    sessions: list[SpeakerSession]


class SpeakerListing(Listing[SpeakerItem]):
    pass


# --- partners ----------------------------------------------------------------------------


class PartnerDetail(PartnerItem):
    locale: str
    description: str = Field(description="HTML, internal links pointing at the requested locale.")
    translations: dict[str, TranslationLink]


class PartnerGroup(Schema):
    """One of the congress's partner groups: an editor's heading over partners in order."""

    heading: str
    role: str
    role_label: str
    partners: list[PartnerDetail]


class CongressPartners(Schema):
    """A congress's partners in its groups, and once each in a flat list (first appearance)."""

    congress: PageLink
    groups: list[PartnerGroup]
    partners: list[PartnerDetail]


# --- news --------------------------------------------------------------------------------


class NewsCategoryItem(Schema):
    id: int
    translation_key: str
    name: str
    slug: str


class NewsItem(Schema):
    id: int
    title: str
    url: str | None
    locale: str
    publication_date: datetime.date
    lead: str
    category: NewsCategoryItem | None
    tags: list[str]
    image: Rendition | None
    translations: dict[str, TranslationLink]


class NewsListing(Listing[NewsItem]):
    feeds: list[NewsFeed] = Field(
        description=(
            "The feeds of the news indexes listed from (of the congress when filtered by "
            "congress, of the category when filtered by category); empty without exports."
        ),
    )


class HeadingBlockItem(Schema):
    type: Literal["heading"]
    id: str
    text: str
    level: str = Field(description="h2, h3 or h4.")


class ParagraphBlockItem(Schema):
    type: Literal["paragraph"]
    id: str
    html: str = Field(description="HTML, internal links pointing at the requested locale.")


class ImageBlockItem(Schema):
    type: Literal["image"]
    id: str
    image: Rendition | None
    caption: str
    alt: str = Field(description="The block's alternative text, else the image's.")


class QuoteBlockItem(Schema):
    type: Literal["quote"]
    id: str
    quote: str
    attribution: str


class LinkBlockItem(Schema):
    type: Literal["link"]
    id: str
    label: str
    url: str | None = Field(description="The external address, or the page's URL.")
    page: PageLink | None = Field(description="The page linked to, by the page-reference rule.")


class EmbedBlockItem(Schema):
    type: Literal["embed"]
    id: str
    url: str = Field(description="The address to embed (oEmbed is left to the frontend).")


BodyBlockItem = Annotated[
    HeadingBlockItem
    | ParagraphBlockItem
    | ImageBlockItem
    | QuoteBlockItem
    | LinkBlockItem
    | EmbedBlockItem,
    Field(discriminator="type"),
]


class NewsDetail(NewsItem):
    """An article with its body as typed blocks, its references and other news."""

    body: list[BodyBlockItem]
    related_congress: PageLink | None
    related_sessions: list[PageLink]
    other_news: list[NewsItem]
    json_ld: dict[str, Any] = Field(description=JSON_LD_DESCRIPTION)


TrackNode.model_rebuild()


# --- headless preview --------------------------------------------------------------------


class CongressPreview(Schema):
    """A congress draft."""

    type: Literal["congress"]
    draft: CongressDetail


class SessionPreview(Schema):
    """A session draft."""

    type: Literal["session"]
    draft: SessionDetail


class NewsPreview(Schema):
    """A news article draft."""

    type: Literal["news"]
    draft: NewsDetail


PreviewItem = Annotated[CongressPreview | SessionPreview | NewsPreview, Field(discriminator="type")]
