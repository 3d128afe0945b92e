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
        known = {code for code, _label in spoken_language_choices()}
        unknown = [code for code in value or [] if code not in known]
        if not isinstance(value, list) or unknown:
            raise ValidationError(
                _("Unknown language code: %(codes)s."),
                code="invalid_language",
                params={"codes": ", ".join(map(str, unknown or [value]))},
            )

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=spoken_language_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )
