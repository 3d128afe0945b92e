"""Writes checked demo content to the database: the Polish content, then its translations.

Translations go through wagtail-localize's own models, as an editor's would: a
``TranslationSource`` per object, a ``Translation`` per target locale, a ``StringTranslation``
per source string (taken from the file's English text) and ``SegmentOverride`` rows where a
synchronised value must differ (English slugs of categories, links to English pages), then
``Translation.save_target()``. So the admin shows every object as translated, 100 %.

Idempotent: every object gets a translation key derived from its key in the file, so a second
run finds it, compares, and writes only what differs (no new pages, snippets or revisions).
Call :meth:`DemoLoader.load` inside ``transaction.atomic()``; pages are published inside the
transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import override as language_override
from modelcluster.fields import ParentalKey
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    TranslationSource,
)
from wagtail_localize.models import Translation as LocalizeTranslation
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from example_project.home.models import HomePage
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

from .content import DemoContent, DemoContentError

# Translation keys of demo objects are uuid5(DEMO_NAMESPACE, "<kind>:<key>"): stable across
# runs and databases, so the loader finds what it created before.
DEMO_NAMESPACE = uuid.UUID("6f1c1a52-3b8e-4a0e-9a57-1f4f3c0d2b21")

CREATED, UPDATED, UNCHANGED, DELETED = "created", "updated", "unchanged", "deleted"

SNIPPETS: dict[str, tuple[type[models.Model], list[str], list[str]]] = {
    # file list: (model, translatable fields, other fields)
    "thematic_areas": (ThematicArea, ["name", "description"], []),
    "partners": (Partner, ["name", "short_name", "description"], ["website"]),
    "news_categories": (NewsCategory, ["name", "slug"], []),
    "speakers": (Speaker, ["name", "position", "organisation", "bio"], []),
}


def demo_translation_key(kind: str, key: str) -> uuid.UUID:
    """The translation key of the demo object ``key`` of ``kind`` ("page", "partners", ...)."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


class Summary:
    """What a load did, counted per kind of object and outcome."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.labels: list[str] = []

    def record(self, label: str, outcome: str) -> None:
        if label not in self.labels:
            self.labels.append(label)
        self.counts[label, outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(count for (_label, done), count in self.counts.items() if done == outcome)

    def lines(self) -> list[str]:
        lines = []
        for label in self.labels:
            parts = [
                f"{self.counts[label, outcome]} {outcome}"
                for outcome in (CREATED, UPDATED, UNCHANGED, DELETED)
                if self.counts[label, outcome]
            ]
            lines.append(f"  {label}: {', '.join(parts)}")
        return lines


@contextmanager
def named_errors(label: str) -> Iterator[None]:
    """Turn a model validation error into a :class:`DemoContentError` naming the item."""
    try:
        yield
    except ValidationError as error:
        with language_override("en"):
            if hasattr(error, "error_dict"):
                details = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
            else:
                details = " ".join(error.messages)
        raise DemoContentError(f"{label}: {details}") from error


class DemoLoader:
    """Creates or updates the demo content of one :class:`DemoContent` file."""

    def __init__(self, content: DemoContent, user=None):
        self.content = content
        self.data = content.data
        self.user = user
        self.summary = Summary()
        self.locales: dict[str, Locale] = {}

    # Entry point ----------------------------------------------------------------------------

    def load(self) -> Summary:
        self.create_locales()
        self.write_snippets()
        self.write_pages()
        for language in self.content.target_languages:
            self.translate_everything(language)
        return self.summary

    def create_locales(self) -> None:
        for language in self.content.languages:
            locale, created = Locale.objects.get_or_create(language_code=language)
            self.locales[language] = locale
            self.summary.record("locales", CREATED if created else UNCHANGED)

    @property
    def source_locale(self) -> Locale:
        return self.locales[self.content.source_language]

    # Looking things up ----------------------------------------------------------------------

    def snippet(self, kind: str, key: str, language: str) -> models.Model:
        model = SNIPPETS[kind][0]
        return model.objects.get(
            translation_key=demo_translation_key(kind, key), locale=self.locales[language]
        )

    def page(self, key: str, language: str) -> Page:
        page = Page.objects.filter(
            translation_key=demo_translation_key("page", key), locale=self.locales[language]
        ).first()
        if page is None:
            raise DemoContentError(
                f'Page "{key}" does not exist yet in "{language}" when it is needed: '
                "a link may only point to a page that comes earlier in the file."
            )
        return page.specific

    @staticmethod
    def text(item: dict[str, Any], name: str, language: str) -> str:
        return item[name][language] if name in item else ""

    # Snippets -------------------------------------------------------------------------------

    def write_snippets(self) -> None:
        for kind, (model, _translatable, _other) in SNIPPETS.items():
            for item in self.data.get(kind, []):
                with language_override("en"):
                    label = f'{model._meta.verbose_name} "{item["key"]}"'
                fields = self.snippet_fields(kind, item, self.content.source_language)
                tk = demo_translation_key(kind, item["key"])
                obj = model.objects.filter(translation_key=tk, locale=self.source_locale).first()
                if obj is None:
                    obj = model(translation_key=tk, locale=self.source_locale, **fields)
                    outcome = CREATED
                else:
                    changed = {n: v for n, v in fields.items() if getattr(obj, n) != v}
                    if not changed:
                        self.summary.record(self.plural(model, "pl"), UNCHANGED)
                        continue
                    for name, value in changed.items():
                        setattr(obj, name, value)
                    outcome = UPDATED
                with named_errors(label):
                    obj.full_clean()
                    obj.save()
                self.summary.record(self.plural(model, "pl"), outcome)

    def snippet_fields(self, kind: str, item: dict[str, Any], language: str) -> dict[str, Any]:
        _model, translatable, other = SNIPPETS[kind]
        fields = {name: self.text(item, name, language) for name in translatable}
        fields.update({name: item.get(name, "") for name in other})
        return fields

    @staticmethod
    def plural(model: type[models.Model], language: str) -> str:
        with language_override("en"):
            return f"{model._meta.verbose_name_plural} ({language})"

    # Pages ----------------------------------------------------------------------------------

    def write_pages(self) -> None:
        home = self.write_home()
        congress = self.write_page(self.data["congress"], CongressPage, home)
        for track in self.data["tracks"]:
            parent = self.page(track["parent"], "pl") if track.get("parent") else congress
            self.write_page(track, SessionTrackPage, parent)
        for session in self.data["sessions"]:
            self.write_page(session, SessionPage, self.page(session["track"], "pl"))
        news_index = self.write_page(self.data["news_index"], NewsIndexPage, congress)
        self.write_page(self.data["partner_listing"], PartnerListingPage, congress)
        for article in self.data["news"]:
            self.write_page(article, NewsArticlePage, news_index)

    def write_home(self) -> HomePage:
        """The site's home page, made the default site's root in place of Wagtail's welcome."""
        item = self.data["home"]
        home = HomePage.objects.filter(
            translation_key=demo_translation_key("page", item["key"]), locale=self.source_locale
        ).first()
        site = Site.objects.filter(is_default_site=True).first()
        if home is None:
            home = self.write_page(item, HomePage, Page.get_first_root_node())
        else:
            home = self.write_page(item, HomePage, home.get_parent())
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
            self.summary.record("sites", CREATED)
        elif site.root_page_id != home.pk:
            previous = site.root_page.specific
            site.root_page = home
            site.save()
            self.summary.record("sites", UPDATED)
            if is_wagtail_welcome_page(previous):
                previous.delete()
                self.summary.record("Wagtail welcome pages", DELETED)
        else:
            self.summary.record("sites", UNCHANGED)
        return home

    def write_page(self, item: dict[str, Any], model: type[Page], parent: Page) -> Page:
        with language_override("en"):
            label = f'{model._meta.verbose_name} "{item["key"]}"'
        fields = self.page_fields(model, item, "pl")
        children = self.page_children(model, item)
        tk = demo_translation_key("page", item["key"])
        page = model.objects.filter(translation_key=tk, locale=self.source_locale).first()
        if page is None:
            page = model(translation_key=tk, locale=self.source_locale, **fields)
            set_children(page, children, self.source_locale)
            with named_errors(label):
                parent.add_child(instance=page)
                page.save_revision(user=self.user, log_action=True).publish(user=self.user)
            self.summary.record(self.plural(model, "pl"), CREATED)
            return page
        changed = {n: v for n, v in fields.items() if not same_value(page, n, v)}
        changed_children = {
            relation: rows
            for relation, rows in children.items()
            if not children_match(getattr(page, relation).all(), rows)
        }
        if not changed and not changed_children and page.live:
            self.summary.record(self.plural(model, "pl"), UNCHANGED)
            return page
        for name, value in changed.items():
            setattr(page, name, value)
        set_children(page, changed_children, self.source_locale)
        with named_errors(label):
            page.save_revision(user=self.user, log_action=True).publish(user=self.user)
        self.summary.record(self.plural(model, "pl"), UPDATED)
        return page

    def page_fields(self, model: type[Page], item: dict[str, Any], language: str) -> dict:
        """The page's own field values in ``language`` (references resolved in that locale)."""
        text = lambda name: self.text(item, name, language)  # noqa: E731
        fields: dict[str, Any] = {"title": text("title"), "slug": text("slug")}
        key = item["key"]
        if model is HomePage or model is NewsIndexPage:
            fields["intro"] = text("intro")
        elif model is CongressPage:
            fields.update(
                edition=text("edition"),
                lead=text("lead"),
                start=item["start"],
                end=item["end"],
                timezone=item.get("timezone", "Europe/Warsaw"),
                attendance_mode=item.get("attendance_mode", "onsite"),
                venue=text("venue"),
                city=text("city"),
                languages=item.get("languages", [language]),
                body=self.body(key, item.get("body", []), language),
                partners=self.partner_groups(key, item.get("partner_groups", []), language),
            )
        elif model is SessionTrackPage:
            fields.update(
                kind=item.get("kind", "main_block"),
                colour=item.get("colour", ""),
                description=text("description"),
                signup_opens_at=item.get("signup_opens_at"),
            )
        elif model is SessionPage:
            fields.update(
                start=item["start"],
                end=item["end"],
                room=item.get("room", ""),
                format=item.get("format", "panel"),
                language=item.get("language", self.content.source_language),
                description=text("description"),
            )
        elif model is PartnerListingPage:
            fields.update(
                intro=text("intro"),
                partners=self.partner_groups(key, item.get("partner_groups", []), language),
            )
        elif model is NewsArticlePage:
            category = item.get("category")
            fields.update(
                publication_date=item["publication_date"],
                category=self.snippet("news_categories", category, language) if category else None,
                lead=text("lead"),
                body=self.body(key, item.get("body", []), language),
                related_congress=(
                    self.page(self.data["congress"]["key"], language)
                    if item.get("related_congress")
                    else None
                ),
            )
        return fields

    def page_children(self, model: type[Page], item: dict[str, Any]) -> dict[str, list[dict]]:
        """Inline rows of the Polish page; translations copy them with localized snippets."""
        partners = [
            {"partner": self.snippet("partners", k, "pl")} for k in item.get("partners", [])
        ]
        areas = [
            {"area": self.snippet("thematic_areas", k, "pl")}
            for k in item.get("thematic_areas", [])
        ]
        if model is CongressPage:
            return {"thematic_areas": areas}
        if model is SessionTrackPage:
            return {"partners": partners}
        if model is SessionPage:
            speakers = [
                {
                    "speaker": self.snippet("speakers", row["speaker"], "pl"),
                    "role": row.get("role", "speaker"),
                }
                for row in item.get("speakers", [])
            ]
            return {"partners": partners, "thematic_areas": areas, "speakers": speakers}
        if model is NewsArticlePage:
            sessions = [{"session": self.page(k, "pl")} for k in item.get("related_sessions", [])]
            return {"related_sessions": sessions}
        return {}

    def body(self, key: str, blocks: list[dict[str, Any]], language: str) -> list[dict]:
        """A BodyBlock stream with block ids derived from the item, so reruns compare equal."""
        stream = []
        for index, block in enumerate(blocks):
            kind = block["type"]
            if kind == "heading":
                value: Any = {"text": block["text"][language], "level": block.get("level", "h2")}
            elif kind == "paragraph":
                value = block["text"][language]
            else:
                value = {
                    "label": block["label"][language],
                    "page": self.page(block["page"], language).pk,
                    "url": "",
                }
            stream.append({"type": kind, "value": value, "id": block_id(key, "body", index)})
        return stream

    def partner_groups(self, key: str, groups: list[dict[str, Any]], language: str) -> list:
        return [
            {
                "type": "group",
                "id": block_id(key, "partners", index),
                "value": {
                    "heading": group["heading"][language],
                    "role": group["role"],
                    "partners": [
                        {
                            "type": "item",
                            "value": self.snippet("partners", partner, language).pk,
                            "id": block_id(key, f"partners.{index}", position),
                        }
                        for position, partner in enumerate(group["partners"])
                    ],
                },
            }
            for index, group in enumerate(groups)
        ]

    # Translations ---------------------------------------------------------------------------

    def translate_everything(self, language: str) -> None:
        for kind in SNIPPETS:
            for item in self.data.get(kind, []):
                obj = self.snippet(kind, item["key"], "pl")
                english = self.snippet_fields(kind, item, language)
                self.translate(obj, english, language)
        page_items = [
            self.data["home"],
            self.data["congress"],
            *self.data["tracks"],
            *self.data["sessions"],
            self.data["news_index"],
            self.data["partner_listing"],
            *self.data["news"],
        ]
        for item in page_items:
            page = self.page(item["key"], "pl")
            self.translate(page, self.page_fields(type(page), item, language), language)

    def translate(self, obj: models.Model, target_fields: dict[str, Any], language: str) -> None:
        """Translate ``obj`` into ``language`` with wagtail-localize, using ``target_fields``."""
        model = type(obj)
        with language_override("en"):
            label = f'{model._meta.verbose_name} "{obj}" ({language})'
        locale = self.locales[language]
        previous = TranslationSource.objects.filter(
            object_id=obj.translation_key, locale=obj.locale
        ).first()
        source, _created = TranslationSource.update_or_create_from_instance(obj)
        source_changed = previous is None or previous.last_updated_at != source.last_updated_at
        translation, translation_created = LocalizeTranslation.objects.get_or_create(
            source=source, target_locale=locale
        )
        if not translation.enabled:
            translation.enabled = True
            translation.save(update_fields=["enabled"])
            translation_created = True

        twin = self.target_twin(obj, target_fields, language)
        strings_changed = self.store_string_translations(source, twin, locale, label)
        overrides_changed = self.store_overrides(source, twin, locale)
        total, translated = translation.get_progress()
        if translated != total:
            raise DemoContentError(
                f"{label}: only {translated} of {total} texts could be translated; "
                "check that the English HTML has the same links and structure as the Polish."
            )

        target = model.objects.filter(translation_key=obj.translation_key, locale=locale).first()
        outcome = UPDATED if target is not None else CREATED
        is_page = isinstance(obj, Page)
        up_to_date = target is not None and (
            not is_page or (target.live and not target.has_unpublished_changes)
        )
        changed = source_changed or translation_created or strings_changed or overrides_changed
        if up_to_date and not changed:
            self.summary.record(self.plural(model, language), UNCHANGED)
            return
        with named_errors(label):
            # Pages are published here rather than in wagtail-localize's on_commit callback,
            # so that a failure anywhere rolls the whole load back.
            translation.save_target(user=self.user, publish=not is_page)
            if is_page:
                target = model.objects.get(translation_key=obj.translation_key, locale=locale)
                target.get_latest_revision().publish(user=self.user)
        self.summary.record(self.plural(model, language), outcome)

    def target_twin(self, obj: models.Model, fields: dict[str, Any], language: str):
        """An unsaved copy of ``obj`` with the target-language values, to extract strings from.

        Its inline rows keep their translation keys; links to pages point at the translations,
        because wagtail-localize synchronises page foreign keys instead of localizing them.
        """
        twin = type(obj).objects.get(pk=obj.pk)
        for name, value in fields.items():
            setattr(twin, name, value)
        for relation in child_relations(twin):
            rows = list(getattr(twin, relation).all())
            for row in rows:
                for field in row._meta.concrete_fields:
                    if is_page_link(field):
                        page = getattr(row, field.name)
                        if page is not None:
                            setattr(row, field.name, page.get_translation(self.locales[language]))
            setattr(twin, relation, rows)
        return twin

    def store_string_translations(self, source, twin, locale: Locale, label: str) -> bool:
        target_strings: dict[str, list[StringSegmentValue]] = defaultdict(list)
        for segment in extract_segments(twin):
            if isinstance(segment, StringSegmentValue):
                target_strings[segment.path].append(segment)
        source_strings: dict[str, list[StringSegment]] = defaultdict(list)
        for segment in (
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        ):
            source_strings[segment.context.path].append(segment)

        changed = False
        for path, segments in source_strings.items():
            translations = target_strings.get(path, [])
            if len(translations) != len(segments):
                raise DemoContentError(
                    f"{label}: the text at {path!r} has {len(translations)} parts, "
                    f"the source {len(segments)}; they must match one to one."
                )
            for segment, translated in zip(segments, translations, strict=True):
                changed |= self.store_string(segment, translated.string.data, locale)
        return changed

    def store_string(self, segment: StringSegment, data: str, locale: Locale) -> bool:
        existing = StringTranslation.objects.filter(
            translation_of=segment.string, locale=locale, context=segment.context
        ).first()
        if existing and existing.data == data and not existing.has_error:
            return False
        if existing is None:
            existing = StringTranslation(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                last_translated_by=self.user,
            )
        existing.data = data
        existing.has_error = False
        existing.field_error = ""
        existing.save()
        return True

    def store_overrides(self, source, twin, locale: Locale) -> bool:
        """Overrides for synchronised values that differ in the target: slugs, page links."""
        wanted = {
            segment.path: segment.data
            for segment in extract_segments(twin)
            if isinstance(segment, OverridableSegmentValue)
        }
        changed = False
        for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
            path = segment.context.path
            if path not in wanted:
                continue
            existing = SegmentOverride.objects.filter(
                locale=locale, context=segment.context
            ).first()
            if wanted[path] == segment.data:
                if existing is not None:
                    existing.delete()
                    changed = True
                continue
            data_json = json.dumps(wanted[path], cls=DjangoJSONEncoder)
            if existing and existing.data_json == data_json and not existing.has_error:
                continue
            SegmentOverride.objects.update_or_create(
                locale=locale,
                context=segment.context,
                defaults={
                    "data_json": data_json,
                    "has_error": False,
                    "field_error": "",
                    "last_translated_by": self.user,
                },
            )
            changed = True
        return changed


# Helpers ------------------------------------------------------------------------------------


def block_id(key: str, field: str, index: int) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"block:{key}:{field}:{index}"))


def is_wagtail_welcome_page(page: Page) -> bool:
    """Whether ``page`` is the untouched "Welcome to your new Wagtail site!" page."""
    return (
        type(page) is Page
        and page.depth == 2
        and page.numchild == 0
        and page.title.startswith("Welcome to your new Wagtail site")
    )


def same_value(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    current = getattr(obj, name)
    if isinstance(field, StreamField):
        wanted = field.to_python(json.dumps(value, cls=DjangoJSONEncoder))
        return field.get_prep_value(current) == field.get_prep_value(wanted)
    if isinstance(value, models.Model) or isinstance(current, models.Model):
        return getattr(current, "pk", None) == getattr(value, "pk", None)
    return current == value


def is_page_link(field: models.Field) -> bool:
    """A foreign key to a page other than an inline row's link to its own page."""
    return (
        isinstance(field, models.ForeignKey)
        and not isinstance(field, ParentalKey)
        and issubclass(field.related_model, Page)
    )


def child_relations(obj: models.Model) -> list[str]:
    from modelcluster.models import get_all_child_relations

    return [
        relation.get_accessor_name()
        for relation in get_all_child_relations(obj)
        if relation.get_accessor_name() != "wagtail_admin_comments"
    ]


def children_match(existing, rows: list[dict[str, Any]]) -> bool:
    """Whether the existing inline rows hold exactly ``rows``, in order."""

    def plain(value: Any) -> Any:
        return value.pk if isinstance(value, models.Model) else value

    existing = list(existing)
    if len(existing) != len(rows):
        return False
    return all(
        plain(getattr(row, name)) == plain(value)
        for row, wanted in zip(existing, rows, strict=True)
        for name, value in wanted.items()
    )


def set_children(page: Page, children: dict[str, list[dict[str, Any]]], locale: Locale) -> None:
    for relation, rows in children.items():
        model = page._meta.get_field(relation).related_model
        # Explicit sort_order: modelcluster keeps the list's order only in memory.
        setattr(
            page,
            relation,
            [model(locale=locale, sort_order=n, **row) for n, row in enumerate(rows)],
        )
