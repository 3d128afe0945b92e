"""The API's response types, written for the congress content (not generated from models).

Component names are prefixed where Wagtail's API v3 uses the same word, so a site that
documents both never sees one silently replace the other.
"""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

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


class TrackRef(Schema):
    id: int
    title: str
    url: str | None
    colour: str = Field(description="A hex colour such as #1d4e89, or empty.")


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


class SessionDetail(SessionItem):
    """A session with its description (HTML) and its congress."""

    description: str
    congress: PageLink


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


class CongressDetail(CongressItem):
    thematic_areas: list[ThematicAreaItem]


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
    days: list[ProgrammeDay]


class Listing(Schema, Generic[Item]):
    """A page of results: how many there are in all, and those from ``offset`` on."""

    count: int
    items: list[Item]


class CongressListing(Listing[CongressItem]):
    pass


class SessionListing(Listing[SessionItem]):
    pass


TrackNode.model_rebuild()
