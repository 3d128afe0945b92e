"""Admin view copying a congress to its next edition: a form, a confirmation, the copy."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.widgets import AdminDateTimeInput

from ..editions import copy_to_next_edition, next_edition_errors, wall_clock_offset
from ..models import CongressPage, SessionPage, SessionTrackPage
from .permissions import CongressToolView


class NextEditionForm(forms.Form):
    """Title, slug and start of the new edition; the start in the congress's timezone."""

    title = forms.CharField(label=_("Title"), max_length=255)
    slug = forms.SlugField(label=_("Slug"), max_length=255, allow_unicode=True)
    start = forms.DateTimeField(label=_("Start"), widget=AdminDateTimeInput)

    def __init__(self, *args, congress: CongressPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["start"].help_text = _(
            "In the congress's timezone (%(timezone)s). Every time of the congress, its tracks "
            "and sessions moves by as much as the start."
        ) % {"timezone": congress.timezone}

    def clean(self):
        cleaned_data = super().clean()
        errors = next_edition_errors(
            self.congress,
            title=cleaned_data.get("title", ""),
            slug=cleaned_data.get("slug", ""),
            start=cleaned_data.get("start"),
        )
        for name, error in errors.items():
            if name not in self.errors:
                self.add_error(name, error)
        return cleaned_data


def suggested_initial(congress: CongressPage) -> dict:
    """A year later, with the year in the title and slug moved on too if they contain it."""
    start = congress.local_start
    try:
        next_start = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        next_start = start + datetime.timedelta(days=365)
    old_year, new_year = str(start.year), str(next_start.year)
    return {
        "title": congress.title.replace(old_year, new_year),
        "slug": congress.slug.replace(old_year, new_year),
        "start": next_start.replace(tzinfo=None),
    }


class NextEditionView(CongressToolView, FormView):
    """Ask for the new edition's title, slug and start, confirm, then copy."""

    page_title = _("Next edition")
    template_name = "wagtail_congress/admin/next_edition.html"
    form_class = NextEditionForm
    header_icon = "copy"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        parent = self.congress.get_parent()
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        # The form reads and shows times in the congress's timezone, not the editor's.
        with timezone.override(self.congress.tzinfo):
            return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "congress": self.congress}

    def get_initial(self) -> dict:
        return suggested_initial(self.congress)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            congress=self.congress,
            track_count=SessionTrackPage.objects.descendant_of(self.congress).count(),
            session_count=SessionPage.objects.descendant_of(self.congress).count(),
        )
        return context

    def form_valid(self, form: NextEditionForm) -> HttpResponse:
        data = form.cleaned_data
        if "confirm" not in self.request.POST:
            offset = wall_clock_offset(self.congress.start, data["start"], self.congress.tzinfo)
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True, offset_days=offset.days)
            )
        try:
            new_congress = copy_to_next_edition(
                self.congress,
                title=data["title"],
                slug=data["slug"],
                start=data["start"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, _describe_copy_error(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(title)s” created as a draft, with its tracks and sessions.")
            % {"title": new_congress.title},
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[new_congress.pk]), _("Edit")
                ),
                messages.button(
                    reverse("wagtail_congress_timetable", args=[new_congress.pk]), _("Timetable")
                ),
            ],
        )
        return redirect("wagtailadmin_explore", new_congress.pk)


def _describe_copy_error(error: ValidationError) -> str:
    """A copied page was invalid (old data the current rules reject): say what, to fix first."""
    messages_ = [str(message) for message in error.messages]
    return _("Nothing was copied. %(errors)s Fix the old edition first.") % {
        "errors": " ".join(messages_)
    }
