from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal import backups


class Command(BaseCommand):
    help = (
        "Back up the database, the case files and editors' media into a new or empty folder, "
        "with a manifest of row counts and checksums (written last). See docs/deployment.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder for the backup.")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        try:
            summary = backups.backup_make(directory=directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(path)s: %(tables)s tables and %(rows)s rows of the "
                    "%(vendor)s database, %(files)s files (%(size)s)."
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
