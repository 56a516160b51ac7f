from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database (a new one, not migrated) and "
        "empty storages, after checking every checksum in its manifest. See docs/deployment.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder `backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database's content and overwrite files of the same name.",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        try:
            summary = backups.backup_restore(directory=directory, force=options["force"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(path)s: %(tables)s tables and %(rows)s rows into the %(vendor)s "
                    "database, as counted in the backup; %(files)s files (%(size)s)."
                )
                % {
                    "path": directory,
                    "tables": summary.tables,
                    "rows": summary.rows,
                    "vendor": summary.vendor,
                    "files": sum(summary.files.values()),
                    "size": filesizeformat(summary.bytes),
                }
            )
        )
        for name, count in summary.files.items():
            self.stdout.write(
                _("  %(storage)s: %(count)s files") % {"storage": name, "count": count}
            )
        if summary.pending_migrations:
            self.stdout.write(
                _(
                    "This version has %(count)s migrations the backup had not applied: run "
                    "`manage.py migrate` next."
                )
                % {"count": summary.pending_migrations}
            )
