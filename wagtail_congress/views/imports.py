"""Admin programme import: upload, a dry-run report, then confirm to write everything."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages

from ..importers import ImportError_, Report, apply_plan, make_plan, read_file, uploads
from ..importers.limits import ImportLimitError, check_file_size, limit_problem
from ..importers.plan import Plan
from ..importers.readers import FORMATS, guess_format
from .permissions import CongressToolView

SALT = "wagtail_congress.import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Programme file"),
        help_text=_("CSV (UTF-8) or XLSX in the documented columns, or a frab schedule.json."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("From the file name")),
            ("csv", "CSV"),
            ("xlsx", "XLSX"),
            ("frab", _("frab / pretalx schedule.json")),
        ],
    )
    create_tracks = forms.BooleanField(label=_("Create tracks the file names"), required=False)
    publish = forms.BooleanField(
        label=_("Publish"), required=False, help_text=_("Otherwise sessions are saved as drafts.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_file_size(upload.size)  # before the file is read into memory
        except ImportLimitError as error:
            raise forms.ValidationError(error.message) from None
        return upload


class ImportView(CongressToolView, FormView):
    """Upload → dry-run report → confirm or cancel (a signed token names the kept file).

    The file waits in :mod:`~wagtail_congress.importers.uploads` (a storage every app server
    shares), so the confirmation may reach another server than the upload did.
    """

    page_title = _("Import programme")
    template_name = "wagtail_congress/admin/import.html"
    form_class = ImportForm
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        return super().get_context_data(congress=self.congress, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "token" in request.POST:
            if "cancel" in request.POST:
                return self.cancel(request.POST["token"])
            return self.confirm(request.POST["token"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        options = {
            "format": form.cleaned_data["file_format"] or guess_format(upload.name),
            "publish": form.cleaned_data["publish"],
            "create_tracks": form.cleaned_data["create_tracks"],
        }
        data = upload.read()
        plan, errors = self.plan(data, options)
        if limit := limit_problem(errors):  # a file past a limit is a form error
            form.add_error("file", limit.form_message)
            return self.form_invalid(form)
        context = {"form": form, "filename": upload.name, "options": options}
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors, **context))
        token = signing.dumps(
            {
                "file": uploads.store(data),
                "name": upload.name,
                "congress": self.congress.pk,
                "user": self.request.user.pk,
                **options,
            },
            salt=SALT,
        )
        return self.render_to_response(
            self.get_context_data(plan=plan, report=Report.from_plan(plan), token=token, **context)
        )

    def plan(self, data: bytes, options: dict) -> tuple[Plan | None, list]:
        try:
            rows = read_file(data, options["format"])
        except ImportError_ as error:
            return None, error.errors
        plan = make_plan(
            self.congress,
            rows,
            publish=options["publish"],
            create_tracks=options["create_tracks"],
            user=self.request.user,
        )
        return plan, plan.errors

    def unsign(self, token: str) -> dict | None:
        """The token's contents if it is this user's, for this congress; else ``None``."""
        try:
            stored = signing.loads(token, salt=SALT, max_age=uploads.max_age())
        except signing.BadSignature:  # tampered with, or older than the upload's max age
            return None
        if not isinstance(stored, dict):
            return None
        if stored.get("congress") != self.congress.pk or stored.get("user") != self.request.user.pk:
            return None
        return stored

    def refuse(self, stored: dict | None) -> HttpResponse:
        if stored is not None and not uploads.is_valid_name(stored.get("file")):
            # Only a token signed with the SECRET_KEY gets here: say no more than that.
            messages.error(
                self.request, _("This import token is not valid; please upload the file again.")
            )
        else:
            messages.error(self.request, _("The upload has expired; please upload the file again."))
        return redirect("wagtail_congress_import", self.congress.pk)

    def cancel(self, token: str) -> HttpResponse:
        stored = self.unsign(token)
        if stored is None or not uploads.is_valid_name(stored.get("file")):
            return self.refuse(stored)
        uploads.delete(stored["file"])
        messages.success(self.request, _("Import cancelled; the uploaded file was deleted."))
        return redirect("wagtail_congress_import", self.congress.pk)

    def confirm(self, token: str) -> HttpResponse:
        stored = self.unsign(token)
        data = uploads.load(stored.get("file")) if stored is not None else None
        if data is None or stored.get("format") not in FORMATS:
            return self.refuse(stored)
        # Used once, imported or not; deleted before the import so that a second click (or a
        # second server) finds it gone instead of importing the same file twice at once.
        uploads.delete(stored["file"])
        options = {
            "format": stored["format"],
            "publish": bool(stored.get("publish")),
            "create_tracks": bool(stored.get("create_tracks")),
        }
        # Planned again, with the user's permissions as they are now: the dry run may be old.
        plan, errors = self.plan(data, options)
        if not errors:
            try:
                report = apply_plan(plan, user=self.request.user)
            except ImportError_ as error:
                errors = error.errors
        if errors:  # the site or the user's permissions changed since the dry run
            context = {"form": self.get_form_class()(), "filename": str(stored.get("name", ""))}
            return self.render_to_response(self.get_context_data(errors=errors, **context))
        counts = report.counts["sessions"]
        messages.success(
            self.request,
            _(
                "Programme imported: %(created)s sessions created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "created": counts["create"],
                "updated": counts["update"],
                "unchanged": counts["unchanged"],
            },
            buttons=[
                messages.button(
                    reverse("wagtail_congress_timetable", args=[self.congress.pk]), _("Timetable")
                )
            ],
        )
        return redirect("wagtailadmin_explore", self.congress.pk)
