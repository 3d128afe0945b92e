"""Carry out a plan in one transaction: speakers, then tracks, then sessions, with revisions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page

from ..models import SessionPage, SessionSpeaker, SessionTrackPage, Speaker
from .permissions import permission_errors
from .plan import CREATE, UNCHANGED, UPDATE, Plan, SessionPlan, SpeakerPlan, TrackPlan
from .rows import ImportError_, RowError

Progress = Callable[[int, int], None]


@dataclasses.dataclass
class Report:
    """What an import did (or, for a dry run, would do) by kind and outcome."""

    counts: dict[str, dict[str, int]]
    errors: list[RowError]

    @classmethod
    def from_plan(cls, plan: Plan) -> Report:
        counts = {
            kind: {action: plan.count(kind, action) for action in (CREATE, UPDATE, UNCHANGED)}
            for kind in ("sessions", "tracks", "speakers")
        }
        return cls(counts, list(plan.errors))

    @property
    def changes(self) -> int:
        return sum(c[CREATE] + c[UPDATE] for c in self.counts.values())


def apply_plan(plan: Plan, *, user=None, progress: Progress | None = None) -> Report:
    """Write everything the plan says, or nothing: raises :class:`ImportError_` on any error.

    With a ``user``, their permissions are checked again here, whatever the plan said (a dry
    run may be old, or made for someone else); ``user=None`` is trusted code.
    """
    if plan.errors:
        raise ImportError_(plan.errors)
    with transaction.atomic():
        if user is not None:
            refused = permission_errors(plan, user)
            if refused:
                raise ImportError_(refused)
        Writer(plan, user, progress).write()
    return Report.from_plan(plan)


class Writer:
    def __init__(self, plan: Plan, user, progress: Progress | None):
        self.plan, self.user, self.progress = plan, user, progress
        self.locale = plan.congress.locale

    def write(self) -> None:
        for speaker in self.plan.speakers:
            if speaker.action != UNCHANGED:
                self.write_speaker(speaker)
        for track in self.plan.tracks:
            try:
                self.create_track(track)
            except ValidationError as error:  # e.g. a title that makes no slug ("?")
                raise ImportError_(
                    [RowError(track.row, track.column, " ".join(error.messages))]
                ) from None
        total = len(self.plan.sessions)
        for done, session in enumerate(self.plan.sessions, start=1):
            if session.action != UNCHANGED:
                try:
                    self.write_session(session)
                except ValidationError as error:  # a rule the plan did not know about
                    raise ImportError_(
                        [RowError(session.row, "", " ".join(error.messages))]
                    ) from None
            if self.progress:
                self.progress(done, total)

    def write_speaker(self, plan: SpeakerPlan) -> None:
        speaker = plan.existing or Speaker(name=plan.name, locale=self.locale)
        speaker.name, speaker.external_id = plan.name, plan.external_id
        speaker.organisation, speaker.bio = plan.organisation, plan.bio
        speaker.full_clean()
        speaker.save()
        log(speaker, "wagtail.create" if plan.existing is None else "wagtail.edit", user=self.user)
        plan.existing = speaker

    def create_track(self, plan: TrackPlan) -> None:
        parent: Page = plan.parent.existing if plan.parent else self.plan.congress
        page = SessionTrackPage(title=plan.title, locale=self.locale, live=False)
        self.add_page(parent, page)
        plan.existing = page

    def add_page(self, parent: Page, page: Page) -> None:
        """Create ``page`` under ``parent`` as the page editor does: a revision, then publish."""
        if self.user is not None and self.user.is_authenticated:
            page.owner = self.user
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.user)
        log(page, "wagtail.create", user=self.user, revision=revision)
        if self.plan.publish:
            revision.publish(user=self.user)

    def write_session(self, plan: SessionPlan) -> None:
        track = plan.track.existing
        if plan.action == CREATE:
            page = SessionPage(locale=self.locale, live=False, external_id=plan.external_id)
            self.fill(page, plan)
            self.add_page(track, page)
            return
        page = plan.existing
        if not (page.path.startswith(track.path) and page.depth == track.depth + 1):
            page.move(track, pos="last-child", user=self.user)
            page = SessionPage.objects.get(pk=page.pk)
        if page.has_unpublished_changes:
            page = page.get_latest_revision_as_object()
        self.fill(page, plan)
        revision = page.save_revision(user=self.user, log_action=True)
        if self.plan.publish:
            revision.publish(user=self.user)

    def fill(self, page: SessionPage, plan: SessionPlan) -> None:
        for name, value in plan.fields.items():
            setattr(page, name, value)
        if plan.speakers is not None:
            # sort_order set here: modelcluster keeps the list's order only in memory, and rows
            # without one come back in any order (PostgreSQL does reorder them).
            page.speakers = [
                SessionSpeaker(
                    speaker=speaker.existing, role=role, locale=self.locale, sort_order=position
                )
                for position, (speaker, role) in enumerate(plan.speakers)
            ]
