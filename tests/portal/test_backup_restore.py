"""`manage.py backup` and `manage.py restore`: a slice of the demo town (its accounts, structure
and cases, a reported photo, editors' image and document) is backed up, then restored elsewhere,
by a separate process as an operator would: a new database (a file, or a PostgreSQL database made
for the test) and new folders. Every table's rows and every file's bytes come back. Damaged,
incomplete, misdirected or overwriting restores are refused before anything changes."""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import psycopg
import pytest
from PIL import Image

from participation import demo as participation_demo
from participation import selectors, services
from participation.models import Attachment, Category, Grid
from portal import demo as portal_demo
from portal.models import User

from ..participation.helpers import photo


def jpeg(colour, size=(320, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def folder_checksums(root: Path) -> dict[str, str]:
    """Every file under `root` by its path there, with the sha256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def row_counts(wrapper) -> dict[str, int]:
    """Every table's row count, read with Django's own introspection (not the code under test)."""
    with wrapper.cursor() as cursor:
        counts = {}
        for table in wrapper.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def elsewhere_connection(settings_dict):
    """A connection of the test database's kind to another database."""
    return type(connections[DEFAULT_DB_ALIAS])(settings_dict, alias="elsewhere")


def postgres_admin():
    """A connection to the server's maintenance database, to make and drop databases."""
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def source_folders(settings, tmp_path):
    """The portal's case files and media go to folders of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "source" / "media"
    settings.PORTAL_CASE_FILES_ROOT = tmp_path / "source" / "case-files"
    return SimpleNamespace(media=settings.MEDIA_ROOT, case_files=settings.PORTAL_CASE_FILES_ROOT)


@pytest.fixture
def demo_slice(django_db_serialized_rollback, transactional_db, source_folders):
    """The demo town's accounts, structure and a few of its cases (the whole demo takes
    minutes), a resident's report with a photo (and its thumbnail), and an editor's image with a
    rendition and a document; committed, so another process sees them."""
    quiet = io.StringIO()
    portal_demo.seed(stdout=quiet)
    participation_demo.seed_structure()
    participation_demo.seed_cases(count=12)
    grid = Grid.objects.order_by("pk").first()
    latitude, longitude = selectors.grid_centre(grid)
    services.case_submit(
        reporter=User.objects.get(email=portal_demo.DEMO_USERS[0][0]),
        category=Category.objects.order_by("pk").first(),
        urgency="routine",
        title="Manhole cover missing",
        description="The cover outside No. 12 is gone; someone could fall in.",
        latitude=latitude,
        longitude=longitude,
        photos=[photo("cover.jpg", size=(64, 48))],
        require_answers=False,
    )
    image = get_image_model().objects.create(
        title="Canal at dawn", file=ImageFile(io.BytesIO(jpeg((11, 93, 75))), name="canal.jpg")
    )
    image.get_rendition("fill-80x60")
    get_document_model().objects.create(
        title="Notice", file=ContentFile(b"Water off on Tuesday.\n", name="notice.txt")
    )
    assert Attachment.objects.exclude(thumbnail="").exists()
    return source_folders


@pytest.fixture
def elsewhere(tmp_path):
    """Where an operator restores to: a new database and new folders, and `manage(...)` to run
    manage.py there in a process of its own. On PostgreSQL the database is made for the test
    and dropped after."""
    var = tmp_path / "elsewhere"
    var.mkdir()
    database_name = None
    if connection.vendor == "postgresql":
        database_name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with postgres_admin() as admin:
            admin.execute(f'CREATE DATABASE "{database_name}"')
        params = connection.settings_dict
        url = "postgres://{user}{password}@{host}:{port}/{name}".format(
            user=params["USER"],
            password=f":{params['PASSWORD']}" if params["PASSWORD"] else "",
            host=params["HOST"] or "localhost",
            port=params["PORT"] or 5432,
            name=database_name,
        )
        settings_dict = {**connection.settings_dict, "NAME": database_name}
    else:
        url = f"sqlite:///{var / 'portal.sqlite3'}"
        settings_dict = {**connection.settings_dict, "NAME": str(var / "portal.sqlite3")}
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": url,
        # The test settings keep media and case files under PORTAL_VAR_DIR.
        "PORTAL_VAR_DIR": str(var),
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *map(str, arguments)],
            cwd=django_settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def counts():
        wrapper = elsewhere_connection(settings_dict)
        try:
            return row_counts(wrapper)
        finally:
            wrapper.close()

    yield SimpleNamespace(
        manage=manage,
        counts=counts,
        settings_dict=settings_dict,
        media=var / "test-media",
        case_files=var / "test-case-files",
    )
    if database_name:
        with postgres_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


def test_a_backup_restores_elsewhere_with_every_row_and_every_file(demo_slice, elsewhere, tmp_path):
    backup = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", backup, stdout=out)
    assert "Backup written to" in out.getvalue()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"]["portal"].startswith("00")
    assert {entry["storage"] for entry in manifest["files"]} == {"case_files", "media"}

    restored = elsewhere.manage("restore", backup)

    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    source_counts = row_counts(connection)
    assert source_counts["participation_case"] >= 12
    assert elsewhere.counts() == source_counts
    source_case_files = folder_checksums(demo_slice.case_files)
    source_media = folder_checksums(demo_slice.media)
    assert len(source_case_files) >= 2  # the photo and its thumbnail
    assert any(path.startswith("original_images/") for path in source_media)
    assert any(path.startswith("images/") for path in source_media)  # the rendition
    assert any(path.startswith("documents/") for path in source_media)
    assert folder_checksums(elsewhere.case_files) == source_case_files
    assert folder_checksums(elsewhere.media) == source_media
    if connection.vendor == "postgresql":
        # New rows get new ids: the sequences came back with the rows.
        wrapper = elsewhere_connection(elsewhere.settings_dict)
        try:
            with wrapper.cursor() as cursor:
                cursor.execute(
                    "SELECT (SELECT MAX(id) FROM participation_case), last_value "
                    "FROM pg_sequences WHERE sequencename = "
                    "pg_get_serial_sequence('participation_case', 'id')::regclass::name"
                )
                largest_id, last_value = cursor.fetchone()
        finally:
            wrapper.close()
        assert last_value >= largest_id

    # Over a portal that is not empty (refused without it: see the tests below) and has changed
    # since, --force puts back what the backup holds.
    changed_file = next(path for path in source_media if path.startswith("documents/"))
    (elsewhere.media / changed_file).write_bytes(b"changed since")
    wrapper = elsewhere_connection(elsewhere.settings_dict)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'portal'")
    finally:
        wrapper.close()

    forced = elsewhere.manage("restore", backup, "--force")

    assert forced.returncode == 0, forced.stderr
    assert elsewhere.counts() == source_counts
    assert folder_checksums(elsewhere.media) == source_media


# --- What is refused ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """A backup of the test database as the migrations made it, with a file in each storage:
    enough for what is refused. Made once; tests change copies of it."""
    root = tmp_path_factory.mktemp("small-backup")
    with (
        override_settings(MEDIA_ROOT=root / "media", PORTAL_CASE_FILES_ROOT=root / "case-files"),
        django_db_blocker.unblock(),
    ):
        default_storage.save("original_images/canal.jpg", ContentFile(jpeg((11, 93, 75))))
        storages["case_files"].save("2027/04/cover.jpg", ContentFile(jpeg((150, 150, 145))))
        call_command("backup", root / "backup", stdout=io.StringIO())
    return root / "backup"


@pytest.fixture
def backup_copy(small_backup, tmp_path, source_folders):
    copy = tmp_path / "backup"
    shutil.copytree(small_backup, copy)
    return copy


@pytest.fixture
def someone(make_user):
    """Someone already in the database, who must still be there after a refused restore."""
    return make_user(email="still.here@example.org")


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path, source_folders):
    folder = tmp_path / "not-empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", folder, stdout=io.StringIO())

    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_a_backup_that_fails_half_way_leaves_no_manifest(db, tmp_path, source_folders, monkeypatch):
    default_storage.save("original_images/canal.jpg", ContentFile(jpeg((11, 93, 75))))

    def unreadable(*args, **kwargs):
        raise OSError("disk read error")

    monkeypatch.setattr(FileSystemStorage, "_open", unreadable)
    folder = tmp_path / "backup"

    with pytest.raises(CommandError, match="The backup failed, .* removed: disk read error"):
        call_command("backup", folder, stdout=io.StringIO())

    assert not folder.exists()


@pytest.mark.parametrize(
    ("manifest", "refusal"),
    [
        (None, "has no manifest.json: it is not a complete backup"),
        ('{"format": 1, "files": [', "manifest of .* cannot be read: the backup is damaged"),
    ],
    ids=["missing", "cut-short"],
)
def test_restore_refuses_a_folder_without_a_whole_manifest(
    db, backup_copy, someone, manifest, refusal
):
    if manifest is None:
        (backup_copy / "manifest.json").unlink()
    else:
        (backup_copy / "manifest.json").write_text(manifest)

    with pytest.raises(CommandError, match=refusal):
        call_command("restore", backup_copy, "--force", stdout=io.StringIO())

    assert User.objects.filter(pk=someone.pk).exists()


@pytest.mark.parametrize("damaged", ["database", "file"])
def test_restore_names_the_first_damaged_file_and_changes_nothing(
    db, backup_copy, someone, damaged
):
    manifest = json.loads((backup_copy / "manifest.json").read_text())
    if damaged == "database":
        name = manifest["database"]["file"]
    else:
        entry = next(entry for entry in manifest["files"] if entry["storage"] == "media")
        name = f"files/media/{entry['path']}"
    data = bytearray((backup_copy / name).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (backup_copy / name).write_bytes(bytes(data))

    with pytest.raises(CommandError, match=re.escape(f"The backup is damaged: {name} ")):
        call_command("restore", backup_copy, "--force", stdout=io.StringIO())

    assert User.objects.filter(pk=someone.pk).exists()
    assert not default_storage.exists("original_images/canal.jpg")


def test_restore_refuses_a_database_and_storages_that_are_not_empty(db, backup_copy, someone):
    default_storage.save("original_images/mine.jpg", ContentFile(jpeg((0, 0, 0))))

    with pytest.raises(CommandError) as refused:
        call_command("restore", backup_copy, stdout=io.StringIO())

    message = str(refused.value)
    assert "the database has" in message
    assert "the storage media holds files" in message
    assert "the storage case_files" not in message
    assert "--force" in message
    assert User.objects.filter(pk=someone.pk).exists()
    assert not default_storage.exists("original_images/canal.jpg")


def test_restore_refuses_a_backup_of_the_other_kind_of_database(db, backup_copy, someone):
    manifest = json.loads((backup_copy / "manifest.json").read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    (backup_copy / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", backup_copy, "--force", stdout=io.StringIO())

    assert User.objects.filter(pk=someone.pk).exists()


def test_restore_refuses_a_backup_made_by_a_newer_version(db, backup_copy, someone):
    manifest = json.loads((backup_copy / "manifest.json").read_text())
    manifest["migrations"]["portal"] = "9999_from_the_future"
    (backup_copy / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="portal.9999_from_the_future is unknown here"):
        call_command("restore", backup_copy, "--force", stdout=io.StringIO())

    assert User.objects.filter(pk=someone.pk).exists()
