"""``manage.py congress_cleanup_imports``: delete uploaded programme files nobody confirmed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from ...importers import uploads


class Command(BaseCommand):
    help = (
        "Delete programme uploads older than WAGTAIL_CONGRESS_IMPORT_UPLOAD_MAX_AGE that were "
        "neither imported nor cancelled. Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List them, delete nothing.")

    def handle(self, *args, **options) -> None:
        expired, kept = uploads.cleanup(dry_run=options["dry_run"])
        for path in expired:
            self.stdout.write(path, self.style.NOTICE)
        verb = "would be deleted" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"{len(expired)} expired uploads {verb}, {kept} waiting for confirmation kept."
        )
