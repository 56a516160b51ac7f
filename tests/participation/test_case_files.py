"""Case files through faults (the disk-full and web-kill drills of `make drill`, here without a
real full disk): a report whose photo cannot be stored is refused with a clear message and
leaves nothing; a failed commit leaves no file; files a killed process left behind are removed
by the hourly clean-up once old enough, and nothing an attachment refers to is."""

import datetime
import errno
import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

import pytest

from participation import thumbnails
from participation.case_files import case_files_clean, orphan_case_files
from participation.models import Attachment, Case
from participation.models.cases import case_files_storage

from .helpers import LAT, LNG, files_in, image_bytes, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    """Writing a file stops half-way with ENOSPC, as on a full disk, leaving what was written."""

    def save_half(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(content.read()[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save_half)


def report_data(town, **overrides):
    return {
        "idempotency_key": "9d3c2b1a-0f1e-4d2c-8b7a-6e5f4d3c2b1a",
        "category": town.category.pk,
        "urgency": "routine",
        "title": "Manhole cover missing",
        "description": "The cover outside No. 12 is gone.",
        "latitude": str(LAT),
        "longitude": str(LNG),
        **overrides,
    }


def test_a_report_whose_photo_cannot_be_stored_is_refused_and_leaves_nothing(
    client, resident, town, case_files, full_disk
):
    client.force_login(resident)
    response = client.post("/report/", report_data(town, photos=[photo(size=(64, 64))]))

    assert response.status_code == 400
    assert "Your files could not be stored just now, so nothing was sent." in (
        response.content.decode()
    )
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []


def test_the_background_send_gets_the_same_message_as_json(
    client, resident, town, case_files, full_disk
):
    client.force_login(resident)
    response = client.post(
        "/report/",
        report_data(town, photos=[photo(size=(64, 64))]),
        headers={"accept": "application/json"},
    )

    assert response.status_code == 400
    assert "could not be stored" in response.content.decode()
    assert not Case.objects.exists()
    assert files_in(case_files) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_whose_commit_fails_leaves_no_file(submit_report, town, case_files, monkeypatch):
    def failing_commit(self):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch, pytest.raises(OperationalError):
        patch.setattr(type(connection._connections["default"]), "commit", failing_commit)
        submit_report(photos=[photo(size=(64, 64))])

    assert files_in(case_files) == []


def _age(root, name, hours):
    moment = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(root / name, (moment, moment))


def test_the_clean_up_removes_old_files_no_attachment_refers_to(submit, case_files):
    case = submit(photos=[photo(size=(64, 64))])
    kept = case.attachments.get().file.name
    month = f"{timezone.localtime():%Y/%m}"
    orphan = case_files_storage.save(f"{month}/left-by-a-killed-upload.jpg", ContentFile(b"x"))
    young = case_files_storage.save(f"{month}/an-upload-under-way.jpg", ContentFile(b"y"))
    for name in (kept, orphan):
        _age(case_files, name, hours=2)

    assert orphan_case_files() == [orphan]
    assert case_files_clean() == [orphan]

    assert case_files_storage.exists(kept)
    assert case_files_storage.exists(young)
    assert not case_files_storage.exists(orphan)


def test_the_clean_up_command_lists_without_removing_on_a_dry_run(case_files):
    month = f"{timezone.localtime():%Y/%m}"
    orphan = case_files_storage.save(f"{month}/left-behind.jpg", ContentFile(b"x"))
    _age(case_files, orphan, hours=2)

    call_command("clean_case_files", "--dry-run")
    assert case_files_storage.exists(orphan)

    call_command("clean_case_files")
    assert not case_files_storage.exists(orphan)


def test_a_thumbnail_the_database_did_not_take_is_removed(submit, case_files, monkeypatch):
    case = submit(photos=[photo(data=image_bytes(size=(600, 400)))])
    attachment = case.attachments.get()

    def unreachable(self, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr("django.db.models.query.QuerySet.update", unreachable)
    with pytest.raises(OperationalError):
        thumbnails.attachment_thumbnail(attachment.pk)

    assert [path.name for path in files_in(case_files)] == [attachment.file.name.rsplit("/")[-1]]
