"""Where uploaded files live. `STORAGES` (portal.settings.base) names a local folder or an
S3-compatible bucket for editors' media ("default") and for case files ("case_files"); code reaches
files only through Django's storage API, so the same paths work on disk and in a bucket."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Case files on disk, in the folder PORTAL_CASE_FILES_ROOT names, read on every use (tests and
    restores point it elsewhere). No URL: the web server never serves the folder; an
    access-checked view does (participation.views.attachment)."""

    @property
    def base_location(self):
        return str(settings.PORTAL_CASE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None
