"""Template tags of the admin's programme import."""

from __future__ import annotations

from typing import NamedTuple

from django import template
from django.utils.formats import number_format

from ..importers.limits import shown_problems
from ..importers.rows import RowError

register = template.Library()


class ShownProblems(NamedTuple):
    problems: list[RowError]
    shown: str  # how many are listed, grouped ("200")
    total: str  # how many there are ("700,000")
    left_out: int


@register.simple_tag
def import_problems(errors: list[RowError]) -> ShownProblems:
    """The first ``IMPORT_MAX_PROBLEMS_SHOWN`` problems, and the counts for "200 of 700,000"."""
    problems, left_out = shown_problems(errors)
    return ShownProblems(
        problems,
        number_format(len(problems), force_grouping=True),
        number_format(len(errors), force_grouping=True),
        left_out,
    )
