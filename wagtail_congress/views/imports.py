"""Admin programme import: upload, a dry-run report, then confirm to write everything."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages

from ..importers import ImportError_, Report, apply_plan, make_plan, read_file
from ..importers.limits import ImportLimitError, check_file_size, limit_problem
from ..importers.plan import Plan
from ..importers.readers import guess_format
from .permissions import CongressToolView

TOKEN_MAX_AGE = 60 * 60  # seconds an uploaded file waits for confirmation
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


def upload_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "wagtail_congress_imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def store_upload(data: bytes) -> str:
    """Keep the file under a random name until it is confirmed; returns the name."""
    name = secrets.token_hex(16)
    (upload_dir() / name).write_bytes(data)
    return name


class ImportView(CongressToolView, FormView):
    """Upload → dry-run report → confirm (a signed token names the kept file) → import."""

    page_title = _("Import programme")
    template_name = "wagtail_congress/admin/import.html"
    form_class = ImportForm
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        return super().get_context_data(congress=self.congress, **kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "token" in request.POST:
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
                "file": store_upload(data),
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
            self.congress, rows, publish=options["publish"], create_tracks=options["create_tracks"]
        )
        return plan, plan.errors

    def confirm(self, token: str) -> HttpResponse:
        try:
            stored = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            stored = None
        valid = (
            stored
            and stored["congress"] == self.congress.pk
            and stored["user"] == self.request.user.pk
        )
        path = upload_dir() / stored["file"] if valid else None
        if path is None or not path.is_file():
            messages.error(self.request, _("The upload has expired; please upload the file again."))
            return redirect("wagtail_congress_import", self.congress.pk)
        plan, errors = self.plan(path.read_bytes(), stored)
        if not errors:
            try:
                report = apply_plan(plan, user=self.request.user)
            except ImportError_ as error:
                errors = error.errors
        if errors:  # the site changed since the dry run, or a page refused to save
            context = {"form": self.get_form_class()(), "filename": stored["name"]}
            return self.render_to_response(self.get_context_data(errors=errors, **context))
        path.unlink()
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
