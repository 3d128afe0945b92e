"""``manage.py import_programme``: a programme file into a congress, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...importers import ImportError_, Report, apply_plan, make_plan, read_file
from ...importers.limits import ImportLimitError, check_file_size, shown_problems
from ...importers.readers import FORMATS, guess_format
from ...models import CongressPage


class Command(BaseCommand):
    help = "Import sessions, tracks and speakers from CSV, XLSX or a frab schedule.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("congress", help="The congress's page ID or URL path, e.g. /kpm-2021/.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file's extension.")
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument(
            "--create-tracks", action="store_true", help="Create tracks the file names."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        who = parser.add_mutually_exclusive_group()
        who.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user, with their page and snippet permissions (required, or "
            "--as-superuser).",
        )
        who.add_argument(
            "--as-superuser",
            action="store_true",
            help="Import without checking permissions, as the admin's superusers can.",
        )

    def handle(self, *args, **options) -> None:
        user = find_user(options["user"], options["as_superuser"])
        congress = find_congress(options["congress"])
        path: Path = options["file"]
        try:
            check_file_size(path.stat().st_size)  # before the file is read into memory
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except ImportLimitError as error:
            self.write_problems(path, error.errors)
            raise CommandError("The file is too large; nothing was imported.") from None
        file_format = options["format"] or guess_format(path.name)
        try:
            rows = read_file(data, file_format)
            self.stdout.write(f"Read {len(rows)} sessions from {path.name} ({file_format}).")
            plan = make_plan(
                congress,
                rows,
                publish=options["publish"],
                create_tracks=options["create_tracks"],
                user=user,
            )
            if options["dry_run"]:
                report = Report.from_plan(plan)
            else:
                report = apply_plan(plan, user=user, progress=self.progress)
        except ImportError_ as error:
            self.write_problems(path, error.errors)
            raise CommandError(f"{len(error.errors)} problems; nothing was imported.") from None
        if report.errors:
            self.write_problems(path, report.errors)
            raise CommandError(f"{len(report.errors)} problems; nothing would be imported.")
        for kind, counts in report.counts.items():
            self.stdout.write(
                f"{kind}: {counts['create']} created, {counts['update']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        done = "Dry run: nothing written." if options["dry_run"] else "Imported."
        self.stdout.write(self.style.SUCCESS(done))

    def write_problems(self, path: Path, errors: list) -> None:
        """One line per problem, up to ``IMPORT_MAX_PROBLEMS_SHOWN``; then how many more."""
        shown, left_out = shown_problems(errors)
        for problem in shown:
            self.stderr.write(f"{path.name}:{problem}")
        if left_out:
            self.stderr.write(f"... and {left_out} more problems ({len(errors)} in all).")

    def progress(self, done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            self.stdout.write(f"  {done}/{total} sessions")


def find_user(username: str | None, as_superuser: bool):
    """The user the import acts as; ``None`` for ``--as-superuser`` (no permission checks)."""
    if as_superuser:
        return None
    if not username:
        raise CommandError(
            "Say whom the import acts as: --user USERNAME (their permissions apply) or "
            "--as-superuser (no permission checks)."
        )
    User = get_user_model()  # noqa: N806
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        raise CommandError(f"No user {username}.")
    if not user.is_active:
        raise CommandError(f"The user {username} is not active.")
    return user


def find_congress(reference: str) -> CongressPage:
    """A congress by page ID or by (the end of) its URL path."""
    if reference.isdigit():
        congress = CongressPage.objects.filter(pk=int(reference)).first()
    else:
        wanted = "/" + reference.strip("/") + "/"
        matches = [c for c in CongressPage.objects.all() if c.url_path.endswith(wanted)]
        if len(matches) > 1:
            raise CommandError(f"Several congresses match {reference}; give the page ID.")
        congress = matches[0] if matches else None
    if congress is None:
        raise CommandError(f"No congress {reference}.")
    return congress
