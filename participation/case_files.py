"""Case files no attachment refers to: what a web process killed half-way through a report left.

A report's files are written inside its transaction and removed if it rolls back
(`services._Files`); a process killed in between (`kill -9`, the OOM killer, a machine that
stops) cannot remove them, and the database drops the rows. `case_files_clean` removes such
files once they are older than any upload can take, run every hour by the task worker (and by
`manage.py clean_case_files`). Files are filed by month (`attachment_path`), so only the folders
of this month and the last are looked through, however many years of files there are.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone

from .models import Attachment
from .models.cases import case_files_storage

logger = logging.getLogger(__name__)

# Far longer than any upload's transaction takes.
DEFAULT_AGE = datetime.timedelta(hours=1)
BATCH = 500


def _months(now: datetime.datetime) -> list[str]:
    this_month = timezone.localtime(now).date().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    return [f"{this_month:%Y/%m}", f"{last_month:%Y/%m}"]


def _files(folder: str):
    try:
        folders, files = case_files_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files(f"{folder}/{sub}")


def orphan_case_files(*, older_than=DEFAULT_AGE, now=None) -> list[str]:
    """Files in this and last month's folders, older than `older_than`, that no attachment
    (as its file or its thumbnail) refers to."""
    now = now or timezone.now()
    candidates = [
        name
        for folder in _months(now)
        for name in _files(folder)
        if case_files_storage.get_modified_time(name) <= now - older_than
    ]
    orphans = []
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        referenced = set()
        for file, thumbnail in Attachment.objects.filter(
            Q(file__in=batch) | Q(thumbnail__in=batch)
        ).values_list("file", "thumbnail"):
            referenced.update((file, thumbnail))
        orphans.extend(name for name in batch if name not in referenced)
    return orphans


def case_files_clean(*, older_than=DEFAULT_AGE, now=None) -> list[str]:
    """Remove the orphan case files; returns their names."""
    orphans = orphan_case_files(older_than=older_than, now=now)
    for name in orphans:
        case_files_storage.delete(name)
    if orphans:
        logger.warning("Removed %s case file(s) that no attachment refers to", len(orphans))
    return orphans
