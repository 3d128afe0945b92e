"""What the importing user may do, asked of Wagtail's own permission policies.

The import writes pages and snippets as the page editor and the snippet screens would, so it
asks the same questions they do: "add" on the parent to create a track or a session, "change"
on a page to change it (or "add" and ownership, as Wagtail allows), "publish" to publish, the
lock, and the snippet model's "add" / "change" permission for a speaker. Every refusal is a
:class:`~.rows.RowError` on the row that asks for it, so the dry run lists them before anything
is written, and the writer asks again inside its transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page, PagePermissionTester
from wagtail.permissions import policy_registry

from ..models import Speaker
from .plan import CREATE, UNCHANGED, UPDATE, Plan, SessionPlan, SpeakerPlan, TrackPlan
from .rows import RowError


def permission_errors(plan: Plan, user) -> list[RowError]:
    """Every action of ``plan`` that ``user`` may not take, row by row (empty: all allowed)."""
    return Checker(plan, user).errors()


class Checker:
    def __init__(self, plan: Plan, user):
        self.plan, self.user = plan, user
        self.testers: dict[int, PagePermissionTester] = {}
        self.speaker_policy = policy_registry.get_by_type(Speaker)

    def tester(self, page: Page) -> PagePermissionTester:
        if page.pk not in self.testers:
            self.testers[page.pk] = page.permissions_for_user(self.user)
        return self.testers[page.pk]

    def anchor(self, track: TrackPlan | None) -> Page:
        """The nearest page that exists: where Wagtail looks up the new pages' permissions."""
        while track is not None and track.existing is None:
            track = track.parent
        return track.existing if track is not None else self.plan.congress

    def errors(self) -> list[RowError]:
        errors: list[RowError] = []
        for track in self.plan.tracks:
            errors += self.track_errors(track)
        for session in self.plan.sessions:
            if session.action != UNCHANGED:
                errors += self.session_errors(session)
        for speaker in self.plan.speakers:
            errors += self.speaker_errors(speaker)
        return sorted(errors, key=lambda error: error.row)

    def track_errors(self, track: TrackPlan) -> list[RowError]:
        parent = self.anchor(track.parent)
        tester = self.tester(parent)
        names = {"track": " / ".join(track.path), "parent": parent.get_admin_display_title()}
        if not tester.can_add_subpage():
            message = _(
                "You may not create the track “%(track)s”: no “add” permission on “%(parent)s”."
            )
            return [RowError(track.row, track.column, message % names)]
        if self.plan.publish and not tester.can_publish_subpage():
            return [RowError(track.row, track.column, publish_refused(names["parent"]))]
        return []

    def session_errors(self, session: SessionPlan) -> list[RowError]:
        names = {"title": session.title}
        column = session.track.column
        if session.action == CREATE:
            parent = self.anchor(session.track)
            tester = self.tester(parent)
            names["parent"] = parent.get_admin_display_title()
            if not tester.can_add_subpage():
                message = _(
                    "You may not create the session “%(title)s”: no “add” permission on "
                    "“%(parent)s”."
                )
                return [RowError(session.row, column, message % names)]
            if self.plan.publish and not tester.can_publish_subpage():
                return [RowError(session.row, column, publish_refused(names["parent"]))]
            return []
        page = session.existing
        tester = self.tester(page)
        if not tester.can_edit():
            message = _("You may not change the session “%(title)s”: no “change” permission on it.")
            return [RowError(session.row, "", message % names)]
        if tester.page_locked():
            message = _("The session “%(title)s” is locked; it cannot be changed.")
            return [RowError(session.row, "", message % names)]
        errors = []
        if not self.may_move(page, session.track):
            message = _("You may not move the session “%(title)s” to the track “%(track)s”.")
            names["track"] = " / ".join(session.track.path)
            errors.append(RowError(session.row, column, message % names))
        if self.plan.publish and not tester.can_publish():
            message = _(
                "You may not publish the session “%(title)s”: no “publish” permission on it; "
                "untick Publish to save drafts."
            )
            errors.append(RowError(session.row, "", message % names))
        return errors

    def may_move(self, page: Page, track: TrackPlan) -> bool:
        destination = track.existing
        if destination is not None:
            if page.path.startswith(destination.path) and page.depth == destination.depth + 1:
                return True  # not a move
            return self.tester(page).can_move_to(destination)
        # A new track: Wagtail would ask its nearest existing ancestor (the grant covers it).
        parent = self.tester(self.anchor(track))
        if not (self.tester(page).can_move() and parent.can_add_subpage()):
            return False
        return not page.live or parent.can_publish_subpage()

    def speaker_errors(self, speaker: SpeakerPlan) -> list[RowError]:
        if speaker.action == CREATE and not self.speaker_policy.user_has_permission(
            self.user, "add"
        ):
            message = _(
                "You may not create speakers (“%(name)s”): no “add” permission on speakers."
            )
            return [RowError(speaker.row, speaker.column, message % {"name": speaker.name})]
        if speaker.action == UPDATE and not self.speaker_policy.user_has_permission(
            self.user, "change"
        ):
            fields = ", ".join(
                str(Speaker._meta.get_field(name).verbose_name) for name in speaker.changed
            )
            message = _(
                "You may not change the speaker “%(name)s” (%(fields)s): no “change” "
                "permission on speakers."
            )
            names = {"name": speaker.existing.name, "fields": fields}
            return [RowError(speaker.row, speaker.column, message % names)]
        return []


def publish_refused(where: str) -> str:
    return _(
        "You may not publish in “%(page)s”: no “publish” permission there; untick Publish to "
        "save drafts."
    ) % {"page": where}
