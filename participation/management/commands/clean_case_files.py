import datetime

from django.core.management.base import BaseCommand

from participation.case_files import DEFAULT_AGE, case_files_clean, orphan_case_files


class Command(BaseCommand):
    help = (
        "Remove case files that no attachment refers to (left by a web process killed during an "
        "upload), once older than --older-than minutes. The task worker runs it every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_AGE.total_seconds() / 60,
            help="Minutes; younger files may belong to an upload still under way (default 60).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List them; remove nothing.")

    def handle(self, *args, older_than, dry_run=False, **options):
        age = datetime.timedelta(minutes=older_than)
        if dry_run:
            names = orphan_case_files(older_than=age)
        else:
            names = case_files_clean(older_than=age)
        for name in names:
            self.stdout.write(name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(names)} orphan case file(s) {verb}.")
