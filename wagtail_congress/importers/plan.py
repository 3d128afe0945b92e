"""Validate every row against a congress and work out what an import would change.

Nothing is written here: the plan is both the dry-run report and the writer's to-do list.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import zoneinfo

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..choices import SpeakerRole
from ..models import CongressPage, SessionPage, SessionTrackPage, Speaker
from .choices import format_table, language_table, role_table
from .rows import RawRow, RowError, SpeakerCell

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
TRACK_SEPARATOR = " / "
MAX_LENGTH = 255
SPEAKER_RE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<role>[^()]*)\))?\s*$")


@dataclasses.dataclass
class SpeakerPlan:
    name: str
    external_id: str = ""
    organisation: str = ""
    bio: str = ""
    existing: Speaker | None = None
    action: str = CREATE
    row: int = 0  # the row that creates or (first) changes the person, for refusals
    column: str = "speakers"
    changed: list[str] = dataclasses.field(default_factory=list)  # fields an update changes


@dataclasses.dataclass
class TrackPlan:
    path: tuple[str, ...]
    existing: SessionTrackPage | None = None
    parent: TrackPlan | None = None  # None: directly under the congress
    row: int = 0  # the first row naming it, and its track column, for errors
    column: str = "track"

    @property
    def title(self) -> str:
        return self.path[-1]


@dataclasses.dataclass
class SessionPlan:
    row: int
    external_id: str
    fields: dict
    track: TrackPlan
    speakers: list[tuple[SpeakerPlan, str]] | None
    existing: SessionPage | None = None
    action: str = CREATE

    @property
    def title(self) -> str:
        return self.fields["title"]


@dataclasses.dataclass
class Plan:
    congress: CongressPage
    publish: bool
    sessions: list[SessionPlan]
    tracks: list[TrackPlan]  # to create, parents first
    speakers: list[SpeakerPlan]  # every person named, with what happens to them
    errors: list[RowError]

    def count(self, kind: str, action: str) -> int:
        if kind == "tracks":
            return len(self.tracks) if action == CREATE else 0
        items = self.sessions if kind == "sessions" else self.speakers
        return sum(1 for item in items if item.action == action)


def make_plan(
    congress: CongressPage,
    rows: list[RawRow],
    *,
    publish: bool = False,
    create_tracks: bool = False,
    user=None,
) -> Plan:
    """Check all ``rows`` (every error, not just the first) and compare them with the site.

    With a ``user``, what they may not do (Wagtail's page and snippet permissions) is among
    the errors, row by row. ``user=None`` is trusted code (``import_programme
    --as-superuser``): no permission is checked.
    """
    plan = Planner(congress, publish=publish, create_tracks=create_tracks).plan(rows)
    if user is not None:
        from .permissions import permission_errors

        plan.errors.extend(permission_errors(plan, user))
    return plan


class Planner:
    def __init__(self, congress: CongressPage, *, publish: bool, create_tracks: bool):
        self.congress = congress
        self.tzinfo = congress.tzinfo
        self.publish = publish
        self.create_tracks = create_tracks
        self.errors: list[RowError] = []
        self.formats, self.roles, self.languages = format_table(), role_table(), language_table()
        locale = congress.locale
        tracks = SessionTrackPage.objects.descendant_of(congress).filter(locale=locale)
        self.track_by_path = {track.path: track for track in tracks.order_by("path")}
        self.track_plans: dict[tuple[str, ...], TrackPlan] = {}
        sessions = (
            SessionPage.objects.descendant_of(congress)
            .filter(locale=locale)
            .exclude(external_id="")
            .prefetch_related("speakers")
        )
        self.sessions = {session.external_id: session for session in sessions}
        speakers = list(Speaker.objects.filter(locale=locale))
        self.speaker_by_id = {s.external_id: s for s in speakers if s.external_id}
        self.speaker_by_name = {s.name: s for s in speakers}
        self.speaker_plans: dict[str, SpeakerPlan] = {}

    def error(self, row: RawRow, column: str, message: str) -> None:
        self.errors.append(RowError(row.row, row.column(column), message))

    def plan(self, rows: list[RawRow]) -> Plan:
        if not rows:
            self.errors.append(RowError(0, "", _("The file has no sessions.")))
        seen: dict[str, int] = {}
        sessions = []
        for row in rows:
            session = self.session(row)
            if session is None:
                continue
            if session.external_id in seen:
                self.error(
                    row,
                    "external_id",
                    _("The same ID is on row %(row)s.") % {"row": seen[session.external_id]},
                )
                continue
            seen[session.external_id] = row.row
            sessions.append(session)
        for session in sessions:
            session.existing = self.sessions.get(session.external_id)
            session.action = self.session_action(session)
        return Plan(
            congress=self.congress,
            publish=self.publish,
            sessions=sessions,
            tracks=[plan for plan in self.track_plans.values() if plan.existing is None],
            speakers=list(self.speaker_plans.values()),
            errors=self.errors,
        )

    def session(self, row: RawRow) -> SessionPlan | None:
        """A row's session, or ``None`` after recording its errors."""
        before = len(self.errors)
        values = row.values
        for name in ("external_id", "title"):
            if not values.get(name):
                self.error(row, name, _("This cell must not be empty."))
        for name in ("external_id", "title", "room"):
            if len(values.get(name, "")) > MAX_LENGTH:
                self.error(row, name, _("At most %(max)s characters.") % {"max": MAX_LENGTH})
        speaker_texts = [text for cell in row.speakers or [] for text in vars(cell).values()]
        cells = [*values.items(), *(("speakers", text) for text in speaker_texts)]
        for name in dict.fromkeys(name for name, text in cells if "\x00" in text):
            # PostgreSQL cannot store them, and no editor means them.
            self.error(row, name, _("The cell contains NUL characters."))
        fields: dict = {"title": values.get("title", "")}
        start, end = self.moment(row, "start"), self.moment(row, "end")
        if start and end and end <= start:
            self.error(row, "end", _("The end must be later than the start."))
        fields.update(start=start, end=end)
        if "room" in values:
            fields["room"] = values["room"]
        for name, table in (("format", self.formats), ("language", self.languages)):
            if values.get(name):
                fields[name] = self.choice(row, name, table)
        if "description" in values:
            fields["description"] = rich_text(values["description"])
        track = self.track(row)
        speakers = self.speakers(row)
        if len(self.errors) > before:
            return None
        return SessionPlan(row.row, values["external_id"], fields, track, speakers)

    def moment(self, row: RawRow, name: str) -> datetime.datetime | None:
        text = row.values.get(name, "")
        if not text:
            self.error(row, name, _("This cell must not be empty."))
            return None
        moment = parse_moment(text, self.tzinfo)
        if moment is None:
            self.error(
                row,
                name,
                _("“%(value)s” is not a time; write YYYY-MM-DD HH:MM.") % {"value": text},
            )
        elif not self.congress.is_within_dates(moment):
            days = self.congress.days
            self.error(
                row,
                name,
                _("Outside the congress (%(first)s – %(last)s).")
                % {"first": days[0].isoformat(), "last": days[-1].isoformat()},
            )
            return None
        return moment

    def choice(self, row: RawRow, name: str, table: dict[str, str]) -> str:
        value = table.get(row.values[name].casefold())
        if value is None:
            self.error(row, name, _("Unknown value “%(value)s”.") % {"value": row.values[name]})
        return value or ""

    def track(self, row: RawRow) -> TrackPlan | None:
        """The track named by title or slug, nested as "Parent / Child"."""
        text = row.values.get("track", "")
        parts = tuple(part.strip() for part in text.split(TRACK_SEPARATOR.strip()))
        if not text or not all(parts):
            self.error(row, "track", _("Name the session's track."))
            return None
        parent: Page | None = self.congress
        path: tuple[str, ...] = ()
        plan: TrackPlan | None = None
        for part in parts:
            path += (part,)
            existing = self.child_track(parent, part) if parent is not None else None
            if existing is None and not self.create_tracks:
                self.error(
                    row,
                    "track",
                    _("No track “%(track)s” in this congress (creating tracks is off).")
                    % {"track": TRACK_SEPARATOR.join(path)},
                )
                return None
            if existing is None and len(part) > MAX_LENGTH:
                self.error(row, "track", _("At most %(max)s characters.") % {"max": MAX_LENGTH})
                return None
            allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)  # Wagtail's
            if existing is None and not slugify(part, allow_unicode=allow_unicode):
                # Wagtail makes a new page's slug from its title, and refuses an empty one.
                self.error(
                    row,
                    "track",
                    _("A new track's title needs a letter or digit: “%(track)s”.")
                    % {"track": part},
                )
                return None
            key = tuple(p.casefold() for p in path)
            plan = self.track_plans.setdefault(
                key, TrackPlan(path, existing, plan, row.row, row.column("track"))
            )
            parent = existing
        return plan

    def child_track(self, parent: Page, text: str) -> SessionTrackPage | None:
        wanted = text.casefold()
        depth = parent.depth + 1
        children = [
            track
            for path, track in self.track_by_path.items()
            if path.startswith(parent.path) and track.depth == depth
        ]
        for track in children:
            if track.title.casefold() == wanted or track.slug == text:
                return track
        return None

    def speakers(self, row: RawRow) -> list[tuple[SpeakerPlan, str]] | None:
        cells = row.speakers if row.speakers is not None else self.speaker_cells(row)
        if cells is None:
            return None
        result = []
        for cell in cells:
            role = SpeakerRole.SPEAKER.value
            if cell.role:
                role = self.roles.get(cell.role.casefold())
                if role is None:
                    self.error(row, "speakers", _("Unknown role “%(role)s”.") % {"role": cell.role})
                    continue
            if not cell.name or len(cell.name) > MAX_LENGTH:
                self.error(row, "speakers", _("A speaker's name is missing or too long."))
                continue
            result.append((self.speaker(cell, row), role))
        return result

    def speaker_cells(self, row: RawRow) -> list[SpeakerCell] | None:
        """``Name (role); Name (role)`` with organisations and IDs in the same order."""
        if "speakers" not in row.values:
            return None
        names = split_list(row.values["speakers"])
        cells = []
        for text in names:
            # Line breaks inside a cell would stop the pattern matching: one line per name.
            match = SPEAKER_RE.match(" ".join(text.split()))
            cells.append(SpeakerCell(match["name"], (match["role"] or "").strip()))
        for column, attribute in (
            ("speaker_organisations", "organisation"),
            ("speaker_ids", "external_id"),
        ):
            if not row.values.get(column):
                continue
            extra = split_list(row.values[column], keep_empty=True)
            if len(extra) != len(cells):
                self.error(row, column, _("Give one value per speaker, separated by “;”."))
                continue
            for cell, value in zip(cells, extra, strict=True):
                setattr(cell, attribute, value)
        return cells

    def speaker(self, cell: SpeakerCell, row: RawRow) -> SpeakerPlan:
        """The same person once per import: by ID, else by exact name; created if unknown."""
        key = f"id:{cell.external_id}" if cell.external_id else f"name:{cell.name}"
        plan = self.speaker_plans.get(key)
        if plan is None:
            existing = self.speaker_by_id.get(cell.external_id) if cell.external_id else None
            existing = existing or self.speaker_by_name.get(cell.name)
            plan = SpeakerPlan(
                existing.name if existing else cell.name,
                existing=existing,
                action=UNCHANGED if existing else CREATE,
                row=row.row,
                column=row.column("speakers"),
            )
            plan.external_id = existing.external_id if existing else ""
            plan.organisation = existing.organisation if existing else ""
            plan.bio = existing.bio if existing else ""
            self.speaker_plans[key] = plan
        wanted = {
            "name": cell.name,  # a person found by ID may have a new name
            "external_id": cell.external_id or plan.external_id,
            "organisation": cell.organisation or plan.organisation,
            "bio": rich_text(cell.bio) if cell.bio else plan.bio,
        }
        for name, value in wanted.items():
            if getattr(plan, name) != value:
                setattr(plan, name, value)
                if plan.existing is not None:
                    if plan.action == UNCHANGED:
                        plan.row, plan.column = row.row, row.column("speakers")
                    plan.action = UPDATE
                    if name not in plan.changed:
                        plan.changed.append(name)
        return plan

    def session_action(self, session: SessionPlan) -> str:
        page = session.existing
        if page is None:
            return CREATE
        if self.publish and (not page.live or page.has_unpublished_changes):
            return UPDATE
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        if any(getattr(current, name) != value for name, value in session.fields.items()):
            return UPDATE
        track = session.track.existing
        if track is None or not page.path.startswith(track.path) or page.depth != track.depth + 1:
            return UPDATE
        if session.speakers is not None:
            wanted = [(plan.existing, role) for plan, role in session.speakers]
            have = [(row.speaker_id, row.role) for row in current.speakers.all()]
            if any(speaker is None for speaker, _role in wanted):
                return UPDATE
            if have != [(speaker.pk, role) for speaker, role in wanted]:
                return UPDATE
        return UNCHANGED


def split_list(text: str, *, keep_empty: bool = False) -> list[str]:
    parts = [part.strip() for part in text.split(";")]
    return parts if keep_empty else [part for part in parts if part]


def parse_moment(text: str, tzinfo: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """ISO 8601, ``YYYY-MM-DD HH:MM`` or ``DD.MM.YYYY HH:MM``; naive: the congress's zone."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            moment = datetime.datetime.strptime(text.strip(), "%d.%m.%Y %H:%M")
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tzinfo)
    return moment


def rich_text(text: str) -> str:
    """Plain text as paragraphs of rich text; text already in HTML is kept as it is."""
    text = text.strip().replace("\r\n", "\n")
    if not text or text.startswith("<"):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
