"""Reading and checking a demo content file before anything is written to the database.

The file is JSON (see ``content/kpm2021.json``). Every translatable value is an object
``{"pl": ..., "en": ...}``; rich text is HTML; times without an offset are in the congress's
timezone. :func:`read_content` returns the parsed file or raises :class:`DemoContentError`
with a message that names the offending item.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wagtail_localize.strings import extract_strings

DEFAULT_CONTENT_FILE = Path(__file__).resolve().parent / "content" / "kpm2021.json"
FORMAT = "wagtail-congress-demo/1"

BLOCK_TYPES = {"heading", "paragraph", "link"}
JSON_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string"}


class DemoContentError(Exception):
    """The demo content file cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class DemoContent:
    """A checked demo content file: plain data, with datetimes parsed and references resolved."""

    path: Path
    source_language: str
    target_languages: list[str]
    data: dict[str, Any]

    @property
    def languages(self) -> list[str]:
        return [self.source_language, *self.target_languages]


def read_content(path: Path | str = DEFAULT_CONTENT_FILE) -> DemoContent:
    """Parse and check ``path``; raise :class:`DemoContentError` on the first problem found."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DemoContentError(f"Cannot read {path}: {error.strerror or error}") from error
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise DemoContentError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    if not isinstance(data, dict):
        raise DemoContentError(f"{path}: the top level must be a JSON object.")
    return check_content(data, path)


def check_content(data: dict[str, Any], path: Path) -> DemoContent:
    """Check demo ``data`` built in memory (see ``sample.py``) as :func:`read_content` does."""
    checker = _Checker(data)
    checker.check()
    return DemoContent(
        path=path,
        source_language=checker.languages[0],
        target_languages=checker.languages[1:],
        data=data,
    )


class _Checker:
    """Validates the structure and cross-references of a content file, normalising values."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.languages: list[str] = []
        self.tzinfo = zoneinfo.ZoneInfo("Europe/Warsaw")
        self.page_keys: set[str] = set()

    def check(self) -> None:
        data = self.data
        if data.get("format", FORMAT) != FORMAT:
            raise DemoContentError(f'Unknown "format" {data["format"]!r}; expected {FORMAT!r}.')
        self.languages = self.require(data, "locales", "the file", list)
        if len(self.languages) < 2 or not all(isinstance(code, str) for code in self.languages):
            raise DemoContentError(
                '"locales" must list the source language first, then at least one target, '
                'such as ["pl", "en"].'
            )
        areas = self.snippets("thematic_areas", text=["name"], optional_text=["description"])
        partners = self.snippets(
            "partners", text=["name"], optional_text=["short_name", "description"]
        )
        categories = self.snippets("news_categories", text=["name", "slug"])
        speakers = self.snippets(
            "speakers", text=["name"], optional_text=["position", "organisation", "bio"]
        )

        home = self.page_item(self.require(data, "home", "the file", dict), "home")
        self.optional_texts(home, "home", ["intro"])

        congress = self.page_item(self.require(data, "congress", "the file", dict), "congress")
        where = self.where("congress", congress)
        self.tzinfo = self.timezone(congress, where)
        self.optional_texts(congress, where, ["edition", "lead", "venue", "city"])
        self.time_range(congress, where)
        self.refs(congress, "thematic_areas", areas, "thematic area", where)
        self.partner_groups(congress, where, partners)

        track_keys = self.tracks(partners)
        self.sessions(track_keys, partners, areas, speakers)

        news_index = self.page_item(
            self.require(data, "news_index", "the file", dict), "news_index"
        )
        self.optional_texts(news_index, "news_index", ["intro"])
        listing = self.page_item(
            self.require(data, "partner_listing", "the file", dict), "partner_listing"
        )
        self.optional_texts(listing, "partner_listing", ["intro"])
        self.partner_groups(listing, "partner_listing", partners)

        articles = self.items("news")
        for index, article in enumerate(articles):
            where = self.where(f"news[{index}]", article)
            self.page_item(article, where)
            self.optional_texts(article, where, ["lead"])
            article["publication_date"] = self.date(article, "publication_date", where)
            if "category" in article:
                self.ref(article["category"], categories, "news category", where)
            self.refs(article, "related_sessions", self.session_keys, "session", where)

        # Body blocks may link to any page of the file, so they are checked last.
        self.body(congress, "congress")
        for index, article in enumerate(articles):
            self.body(article, self.where(f"news[{index}]", article))

    # Collections ----------------------------------------------------------------------------

    def items(self, name: str, required: bool = True) -> list[dict[str, Any]]:
        items = self.data.get(name)
        if items is None:
            if required:
                raise DemoContentError(f'The file has no "{name}" list.')
            self.data[name] = items = []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise DemoContentError(f'"{name}" must be a list of objects.')
        return items

    def snippets(
        self, name: str, text: list[str], optional_text: list[str] | None = None
    ) -> set[str]:
        keys: set[str] = set()
        for index, item in enumerate(self.items(name, required=name != "speakers")):
            where = self.where(f"{name}[{index}]", item)
            key = self.key(item, where, keys)
            for field in text:
                self.text(item, field, where)
            self.optional_texts(item, where, optional_text or [])
            keys.add(key)
        return keys

    def tracks(self, partners: set[str]) -> set[str]:
        keys: set[str] = set()
        for index, track in enumerate(self.items("tracks")):
            where = self.where(f"tracks[{index}]", track)
            self.page_item(track, where)
            self.optional_texts(track, where, ["description"])
            parent = track.get("parent")
            if parent is not None and parent not in keys:
                raise DemoContentError(
                    f'{where}: parent track "{parent}" is not a track listed before it in the file.'
                )
            if "signup_opens_at" in track:
                track["signup_opens_at"] = self.datetime(track, "signup_opens_at", where)
            self.refs(track, "partners", partners, "partner", where)
            keys.add(track["key"])
        return keys

    def sessions(
        self, track_keys: set[str], partners: set[str], areas: set[str], speakers: set[str]
    ) -> None:
        self.session_keys: set[str] = set()
        congress_areas = set(self.data["congress"].get("thematic_areas", []))
        for index, session in enumerate(self.items("sessions", required=False)):
            where = self.where(f"sessions[{index}]", session)
            self.page_item(session, where)
            self.optional_texts(session, where, ["description"])
            track = self.require(session, "track", where, str)
            if track not in track_keys:
                raise DemoContentError(
                    f'{where}: track "{track}" is not one of the file\'s tracks.'
                )
            self.time_range(session, where)
            self.refs(session, "partners", partners, "partner", where)
            self.refs(session, "thematic_areas", areas, "thematic area", where)
            for area in session.get("thematic_areas", []):
                if area not in congress_areas:
                    raise DemoContentError(
                        f'{where}: thematic area "{area}" is not one of the congress\'s areas.'
                    )
            for position, row in enumerate(session.get("speakers", [])):
                row_where = f"{where}, speakers[{position}]"
                if not isinstance(row, dict):
                    raise DemoContentError(f'{row_where}: expected {{"speaker": key, "role": …}}.')
                self.ref(self.require(row, "speaker", row_where, str), speakers, "speaker", where)
            self.session_keys.add(session["key"])

    # Pieces ---------------------------------------------------------------------------------

    @staticmethod
    def where(label: str, item: dict[str, Any]) -> str:
        key = item.get("key")
        return f'{label} "{key}"' if isinstance(key, str) else label

    def require(self, item: dict[str, Any], name: str, where: str, kind: Any) -> Any:
        if name not in item:
            raise DemoContentError(f'{where}: missing required key "{name}".')
        value = item[name]
        if not isinstance(value, kind):
            expected = JSON_TYPE_NAMES.get(kind, "value of another type")
            raise DemoContentError(f'{where}: "{name}" must be {expected}.')
        return value

    def key(self, item: dict[str, Any], where: str, seen: set[str]) -> str:
        key = self.require(item, "key", where, str)
        if key in seen:
            raise DemoContentError(f'{where}: the key "{key}" is used twice.')
        return key

    def page_item(self, item: dict[str, Any], where: str) -> dict[str, Any]:
        key = self.key(item, where, self.page_keys)
        self.page_keys.add(key)
        self.text(item, "title", where)
        self.text(item, "slug", where)
        return item

    def text(self, item: dict[str, Any], name: str, where: str) -> dict[str, str]:
        value = self.require(item, name, where, dict)
        for language in self.languages:
            if not isinstance(value.get(language), str) or not value[language].strip():
                raise DemoContentError(
                    f'{where}: "{name}" has no "{language}" text; every translatable value '
                    f"needs one per locale ({', '.join(self.languages)})."
                )
        source = value[self.languages[0]]
        if source.lstrip().startswith("<"):
            expected = len(extract_strings(source)[1])
            for language in self.languages[1:]:
                found = len(extract_strings(value[language])[1])
                if found != expected:
                    raise DemoContentError(
                        f'{where}: the "{language}" text of "{name}" has {found} paragraphs or '
                        f"list items, the source text {expected}; they must match one to one."
                    )
        return value

    def optional_texts(self, item: dict[str, Any], where: str, names: list[str]) -> None:
        for name in names:
            if name in item:
                self.text(item, name, where)

    def ref(self, key: Any, known: set[str], kind: str, where: str) -> None:
        if key not in known:
            raise DemoContentError(f'{where}: unknown {kind} "{key}".')

    def refs(self, item: dict[str, Any], name: str, known: set[str], kind: str, where: str):
        keys = item.get(name, [])
        if not isinstance(keys, list):
            raise DemoContentError(f'{where}: "{name}" must be a list of keys.')
        for key in keys:
            self.ref(key, known, kind, where)

    def partner_groups(self, item: dict[str, Any], where: str, partners: set[str]) -> None:
        for index, group in enumerate(item.get("partner_groups", [])):
            group_where = f"{where}, partner_groups[{index}]"
            if not isinstance(group, dict):
                raise DemoContentError(f"{group_where}: expected an object.")
            self.text(group, "heading", group_where)
            self.require(group, "role", group_where, str)
            if not self.require(group, "partners", group_where, list):
                raise DemoContentError(f"{group_where}: a partner group needs partners.")
            self.refs(group, "partners", partners, "partner", group_where)

    def body(self, item: dict[str, Any], where: str) -> None:
        for index, block in enumerate(item.get("body", [])):
            block_where = f"{where}, body[{index}]"
            if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
                raise DemoContentError(
                    f"{block_where}: a block must have a type, one of {sorted(BLOCK_TYPES)}."
                )
            if block["type"] == "link":
                self.text(block, "label", block_where)
                self.ref(
                    self.require(block, "page", block_where, str), self.page_keys, "page", where
                )
            else:
                self.text(block, "text", block_where)

    def timezone(self, item: dict[str, Any], where: str) -> zoneinfo.ZoneInfo:
        name = item.get("timezone", "Europe/Warsaw")
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
            raise DemoContentError(f'{where}: unknown timezone "{name}".') from error

    def datetime(self, item: dict[str, Any], name: str, where: str) -> datetime.datetime:
        value = self.require(item, name, where, (str, datetime.datetime))
        if isinstance(value, datetime.datetime):
            return value
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError as error:
            raise DemoContentError(
                f'{where}: "{name}" is not a date and time such as 2021-06-07T09:00: {value!r}.'
            ) from error
        return moment if moment.tzinfo else moment.replace(tzinfo=self.tzinfo)

    def date(self, item: dict[str, Any], name: str, where: str) -> datetime.date:
        value = self.require(item, name, where, (str, datetime.date))
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise DemoContentError(
                f'{where}: "{name}" is not a date such as 2021-05-28: {value!r}.'
            ) from error

    def time_range(self, item: dict[str, Any], where: str) -> None:
        item["start"] = self.datetime(item, "start", where)
        item["end"] = self.datetime(item, "end", where)
        if item["end"] <= item["start"]:
            raise DemoContentError(
                f"{where}: the end ({item['end'].isoformat()}) is not after the start "
                f"({item['start'].isoformat()})."
            )
