"""Registration with Wagtail: snippets, the editor tools' admin views, buttons and warnings."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from .clashes import clashes_for_session
from .models import CongressPage, SessionPage
from .views.imports import ImportView
from .views.next_edition import NextEditionView
from .views.timetable import TimetableView
from .viewsets import CongressViewSetGroup

register_snippet(CongressViewSetGroup)


@hooks.register("register_admin_urls")
def register_editor_tool_urls():
    return [
        path(
            "congress/<int:congress_id>/timetable/",
            TimetableView.as_view(),
            name="wagtail_congress_timetable",
        ),
        path(
            "congress/<int:congress_id>/next-edition/",
            NextEditionView.as_view(),
            name="wagtail_congress_next_edition",
        ),
        path(
            "congress/<int:congress_id>/import/",
            ImportView.as_view(),
            name="wagtail_congress_import",
        ),
    ]


def congress_buttons(page, user, priority: int):
    """ "Timetable", "Next edition" and "Import programme" for a congress the user may edit."""
    if not issubclass(page.specific_class or type(page), CongressPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Timetable"),
        reverse("wagtail_congress_timetable", args=[page.pk]),
        icon_name="calendar",
        priority=priority,
    )
    yield Button(
        _("Next edition"),
        reverse("wagtail_congress_next_edition", args=[page.pk]),
        icon_name="copy",
        priority=priority + 1,
    )
    yield Button(
        _("Import programme"),
        reverse("wagtail_congress_import", args=[page.pk]),
        icon_name="upload",
        priority=priority + 2,
    )


@hooks.register("register_page_header_buttons")
def congress_header_buttons(page, user, view_name=None, next_url=None):
    yield from congress_buttons(page, user, priority=35)


@hooks.register("register_page_listing_more_buttons")
def congress_listing_buttons(page, user, next_url=None):
    yield from congress_buttons(page, user, priority=25)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_session_clashes(request, page) -> None:
    """Warn (never block) when a saved session shares a room or a speaker with another one."""
    if not isinstance(page, SessionPage) or not request.accepts("text/html"):
        return  # autosave asks for JSON: warn once, on the editor's own save
    clashes = clashes_for_session(page)
    if not clashes:
        return
    tzinfo = page.congress.tzinfo
    for clash in clashes:
        messages.warning(
            request,
            clash.describe(tzinfo),
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[clash.other.pk]),
                    _("Edit “%(title)s”") % {"title": clash.other.title},
                )
            ],
        )


@hooks.register("insert_global_admin_js")
def polish_translation_editor_heading():
    """Polish for the translation editor's heading, which wagtail-localize writes in English."""
    return format_html(
        '<script src="{}" defer></script>', static("wagtail_congress/admin/localize_polish.js")
    )
