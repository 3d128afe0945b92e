"""Model fields that Django and Wagtail do not ship."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import spoken_language_choices


class LanguageListField(models.JSONField):
    """An ordered list of spoken-language codes, edited as checkboxes.

    Stored as a JSON list so it works the same on SQLite and PostgreSQL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(
                _("Enter a list of language codes."), code="invalid_language_list"
            )
        known = {code for code, _label in spoken_language_choices()}
        unknown = [code for code in value if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown language code: %(codes)s."),
                code="invalid_language",
                params={"codes": ", ".join(map(str, unknown))},
            )

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=spoken_language_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class RecordingSelect(forms.NullBooleanSelect):
    """A session's ``do_not_record``: its congress's default (empty), or its own yes or no."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("As the congress")),
            ("true", _("Do not record")),
            ("false", _("May be recorded")),
        ]
