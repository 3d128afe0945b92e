"""Programme import: CSV, XLSX and frab ``schedule.json`` into tracks, sessions and speakers.

Readers turn a file into :class:`~.rows.RawRow` objects, :func:`~.plan.make_plan` validates all
of them against a congress and works out what would change, :func:`~.writer.apply_plan` writes.
Both take the acting ``user``: :mod:`.permissions` asks Wagtail's permission policies what they
may do. :mod:`.uploads` keeps admin uploads in a shared storage until they are confirmed.
"""

from .plan import Plan, make_plan
from .readers import READERS, read_file
from .rows import ImportError_, RowError
from .writer import Report, apply_plan

__all__ = [
    "READERS",
    "ImportError_",
    "Plan",
    "Report",
    "RowError",
    "apply_plan",
    "make_plan",
    "read_file",
]
