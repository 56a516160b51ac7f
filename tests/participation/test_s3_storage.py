"""Media and case files on S3-compatible object storage: the S3 storages the environment selects
(MEDIA_STORAGE=s3, CASE_FILES_STORAGE=s3), against moto's S3 server over real HTTP. Reports'
files land in the private bucket (never on disk), are served only through the access-checked
view, get thumbnails there, and leave nothing behind when a report is refused; editors' images
land in the media bucket; no case file can be read from the bucket without the keys."""

import datetime
import hashlib
import io
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import boto3
import psycopg
import pytest
from PIL import Image

from participation import services, thumbnails
from participation.case_files import case_files_clean
from participation.models import Attachment, Case
from participation.models.cases import case_files_storage
from portal import roles

from .helpers import LAT, LNG, files_in, image_bytes, photo, recording

pytestmark = pytest.mark.django_db

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
REPOSITORY = Path(__file__).resolve().parents[2]
# Run afresh with the environment a test sets, beside the settings in use.
BASE_SETTINGS = str(REPOSITORY / "portal" / "settings" / "base.py")
KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto's S3 server on a free local port, for the whole session; its address."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def storages_from(monkeypatch, **environment) -> dict:
    """The STORAGES the settings make from these environment variables (and nothing else)."""
    for name in ("MEDIA_STORAGE", "CASE_FILES_STORAGE", "S3_MEDIA_CUSTOM_DOMAIN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(BASE_SETTINGS)["STORAGES"]


@pytest.fixture
def s3(settings, monkeypatch, moto_endpoint, tmp_path):
    """Fresh buckets for this test, and the settings pointing media and case files at them, as
    the environment would; `s3.objects(bucket)` lists what is in one."""
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    media, case_files = f"media-{uuid.uuid4().hex[:12]}", f"case-files-{uuid.uuid4().hex[:12]}"
    for bucket in (media, case_files):
        client.create_bucket(Bucket=bucket)
    with monkeypatch.context() as env:
        storages = storages_from(
            env,
            MEDIA_STORAGE="s3",
            CASE_FILES_STORAGE="s3",
            S3_ENDPOINT_URL=moto_endpoint,
            S3_MEDIA_BUCKET=media,
            S3_CASE_FILES_BUCKET=case_files,
            S3_CASE_FILES_PREFIX="cases",
            **KEYS,
        )
    settings.STORAGES = {**settings.STORAGES, **storages}
    settings.MEDIA_ROOT = tmp_path / "media"

    def objects(bucket):
        listing = client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(bucket, key):
        return client.get_object(Bucket=bucket, Key=key)["Body"].read()

    return SimpleNamespace(
        client=client,
        endpoint=moto_endpoint,
        media=media,
        case_files=case_files,
        objects=objects,
        read=read,
    )


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def test_a_residents_report_lands_in_the_private_bucket_not_on_disk(
    s3, resident_client, town, case_files, django_capture_on_commit_callbacks
):
    form = {
        "idempotency_key": str(uuid.uuid4()),
        "category": town.category.pk,
        "urgency": "routine",
        "title": "Manhole cover missing",
        "description": "The cover outside No. 12 is gone.",
        "latitude": str(LAT),
        "longitude": str(LNG),
        "photos": [photo(size=(640, 480))],
        "voice": recording(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = resident_client.post(reverse("participation:report"), form)

    case = Case.objects.get()
    assert response.url == f"/cases/{case.reference}/"
    photo_file = case.attachments.get(kind=Attachment.Kind.PHOTO)
    voice = case.attachments.get(kind=Attachment.Kind.AUDIO)
    stored = [photo_file.file.name, photo_file.thumbnail.name, voice.file.name]
    assert s3.objects(s3.case_files) == sorted(f"cases/{name}" for name in stored)
    assert s3.objects(s3.media) == []
    assert files_in(case_files) == []
    # The thumbnail is a JPEG made from the stored photo, at most 480 pixels across.
    thumbnail = Image.open(io.BytesIO(s3.read(s3.case_files, f"cases/{stored[1]}")))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (480, 360))


def test_the_file_view_serves_a_private_cases_files_to_its_reporter_only(
    s3, town, submit, client, resident, neighbour, django_capture_on_commit_callbacks
):
    town.category.public_by_default = False  # seen by its reporter and staff only
    town.category.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(photos=[photo(size=(32, 32))])
    attachment = case.attachments.get()
    urls = [
        reverse("participation:attachment", args=[attachment.pk]),
        reverse("participation:attachment_thumb", args=[attachment.pk]),
    ]
    names = [attachment.file.name, attachment.thumbnail.name]

    client.force_login(resident)
    for url, name in zip(urls, names, strict=True):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == s3.read(s3.case_files, f"cases/{name}")

    client.force_login(neighbour)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.logout()
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_a_second_thumbnail_run_that_loses_the_race_removes_only_its_own_object(
    s3, submit, monkeypatch
):
    """Two runs of the thumbnail task at once: the loser deletes what it wrote, and the winner's
    thumbnail stays (objects never overwrite one another, as files on disk do not)."""
    case = submit(photos=[photo(size=(32, 32))])
    attachment = case.attachments.get()
    make_file = thumbnails.ContentFile
    runs = []

    def other_run_finishes_first(content):
        if not runs:
            runs.append(1)
            thumbnails.attachment_thumbnail(attachment.pk)
        return make_file(content)

    monkeypatch.setattr(thumbnails, "ContentFile", other_run_finishes_first)
    thumbnails.attachment_thumbnail(attachment.pk)

    attachment.refresh_from_db()
    expected = sorted([f"cases/{attachment.file.name}", f"cases/{attachment.thumbnail.name}"])
    assert s3.objects(s3.case_files) == expected


def test_a_report_refused_after_its_files_were_written_leaves_nothing_in_the_bucket(
    s3, submit, monkeypatch
):
    def fail(*args, **kwargs):
        assert len(s3.objects(s3.case_files)) == 2, "the files were written before the failure"
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        submit(photos=[photo()], voice=recording())

    assert not Case.objects.exists()
    assert s3.objects(s3.case_files) == []


def test_case_files_cannot_be_read_from_the_bucket_without_the_keys(s3, submit):
    case = submit(photos=[photo()])
    key = f"cases/{case.attachments.get().file.name}"

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3.endpoint}/{s3.case_files}/{key}", timeout=5)
    assert refused.value.code == 403
    grants = s3.client.get_object_acl(Bucket=s3.case_files, Key=key)["Grants"]
    assert [g for g in grants if g["Grantee"].get("URI") == ALL_USERS] == []
    # A URL made for one (the portal streams them instead) is signed: only it reads the object.
    url = case.attachments.get().file.url
    assert "Signature=" in url
    with urllib.request.urlopen(url, timeout=5) as signed:
        assert signed.read() == s3.read(s3.case_files, key)


def test_an_editors_image_upload_lands_in_the_media_bucket(s3, make_user, mfa_client):
    from wagtail.images import get_image_model

    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    client = mfa_client(editor)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Shifo Street", "file": photo("street.jpg", data=image_bytes(size=(300, 200)))},
    )

    assert response.status_code == 302
    image = get_image_model().objects.get(title="Shifo Street")
    rendition = image.get_rendition("fill-100x100")
    assert s3.objects(s3.media) == sorted([image.file.name, rendition.file.name])
    assert s3.objects(s3.case_files) == []
    # Public media: plain links to the bucket, which the pages' CSP must allow.
    assert rendition.url == f"{s3.endpoint}/{s3.media}/{rendition.file.name}"


# --- What the environment selects ----------------------------------------------------------------


def test_with_nothing_set_media_and_case_files_stay_in_local_folders(monkeypatch):
    storages = storages_from(monkeypatch)

    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storages["case_files"] == {"BACKEND": "portal.storage.PrivateFileSystemStorage"}


def test_case_files_on_s3_are_private_and_media_public(monkeypatch):
    storages = storages_from(
        monkeypatch,
        MEDIA_STORAGE="s3",
        CASE_FILES_STORAGE="s3",
        S3_ENDPOINT_URL="https://oss-cn-hangzhou.aliyuncs.com",
        S3_MEDIA_BUCKET="wuzhen-media",
        S3_MEDIA_CUSTOM_DOMAIN="media.wuzhen.example.org",
        S3_CASE_FILES_BUCKET="wuzhen-case-files",
        **KEYS,
    )
    media, case_files = storages["default"]["OPTIONS"], storages["case_files"]["OPTIONS"]

    assert (media["default_acl"], case_files["default_acl"]) == (None, None)
    assert (case_files["querystring_auth"], case_files["querystring_expire"]) == (True, 60)
    assert "custom_domain" not in case_files
    assert (media["querystring_auth"], media["custom_domain"]) == (
        False,
        "media.wuzhen.example.org",
    )
    assert media["file_overwrite"] is case_files["file_overwrite"] is False


def test_the_media_domain_is_allowed_by_the_content_security_policy(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("S3_MEDIA_BUCKET", "wuzhen-media")
    monkeypatch.setenv("S3_MEDIA_CUSTOM_DOMAIN", "media.wuzhen.example.org")

    policy = runpy.run_path(BASE_SETTINGS)["CONTENT_SECURITY_POLICY"]

    assert "https://media.wuzhen.example.org" in policy["DIRECTIVES"]["img-src"]


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"MEDIA_STORAGE": "minio"}, "MEDIA_STORAGE must be local or s3."),
        ({"CASE_FILES_STORAGE": "s3"}, "S3_CASE_FILES_BUCKET must name a bucket"),
        (
            {
                "MEDIA_STORAGE": "s3",
                "CASE_FILES_STORAGE": "s3",
                "S3_MEDIA_BUCKET": "wuzhen",
                "S3_CASE_FILES_BUCKET": "wuzhen",
            },
            "Case files must not share the public media bucket",
        ),
        (
            {
                "MEDIA_STORAGE": "s3",
                "CASE_FILES_STORAGE": "s3",
                "S3_MEDIA_BUCKET": "wuzhen",
                "S3_CASE_FILES_BUCKET": "wuzhen",
                "S3_CASE_FILES_PREFIX": "media/cases",
                "S3_MEDIA_PREFIX": "media",
            },
            "Case files must not share the public media bucket",
        ),
    ],
    ids=["unknown-storage", "no-bucket", "same-bucket", "inside-the-media-prefix"],
)
def test_settings_that_could_expose_or_lose_files_are_refused(monkeypatch, environment, message):
    from django.core.exceptions import ImproperlyConfigured

    for name in ("S3_MEDIA_PREFIX", "S3_CASE_FILES_PREFIX", "S3_MEDIA_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from(monkeypatch, **environment)


def test_one_bucket_with_separate_prefixes_is_accepted(monkeypatch):
    storages = storages_from(
        monkeypatch,
        MEDIA_STORAGE="s3",
        CASE_FILES_STORAGE="s3",
        S3_MEDIA_BUCKET="wuzhen",
        S3_MEDIA_PREFIX="media",
        S3_CASE_FILES_BUCKET="wuzhen",
        S3_CASE_FILES_PREFIX="media-private/",
    )

    assert storages["case_files"]["OPTIONS"]["location"] == "media-private"


def test_orphan_clean_up_removes_only_objects_no_attachment_refers_to(s3, submit):
    """What a web process killed during an upload left in the bucket goes; files in use stay."""
    case = submit(photos=[photo()])
    kept = case.attachments.get().file.name
    left = case_files_storage.save(f"{timezone.now():%Y/%m}/left.jpg", ContentFile(b"half"))

    removed = case_files_clean(now=timezone.now() + datetime.timedelta(hours=2))

    assert removed == [left]
    assert s3.objects(s3.case_files) == [f"cases/{kept}"]


# --- Backup and restore --------------------------------------------------------------------------


def bucket_checksums(s3, bucket) -> dict[str, str]:
    return {key: hashlib.sha256(s3.read(bucket, key)).hexdigest() for key in s3.objects(bucket)}


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database of the test database's kind, to restore into."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_s3_restore_{uuid.uuid4().hex[:8]}"
    server = {
        "host": params["HOST"] or "localhost",
        "port": params["PORT"] or 5432,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: read afresh
def test_a_backup_from_buckets_restores_into_fresh_buckets_with_the_same_bytes(
    s3, submit, empty_database, tmp_path
):
    from wagtail.images import get_image_model

    attachment = submit(photos=[photo(size=(64, 48))]).attachments.get()
    thumbnails.attachment_thumbnail(attachment.pk)
    image = get_image_model().objects.create(
        title="Canal at dawn", file=ContentFile(image_bytes(size=(120, 80)), name="canal.jpg")
    )
    image.get_rendition("fill-80x60")
    source = {
        "media": bucket_checksums(s3, s3.media),
        "case_files": bucket_checksums(s3, s3.case_files),
    }
    assert [len(source["media"]), len(source["case_files"])] == [2, 2]
    backup = tmp_path / "backup"
    call_command("backup", backup, stdout=io.StringIO())

    fresh_media, fresh_case_files = f"restored-{s3.media}", f"restored-{s3.case_files}"
    for bucket in (fresh_media, fresh_case_files):
        s3.client.create_bucket(Bucket=bucket)
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=REPOSITORY,
        env={
            **os.environ,
            **KEYS,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": empty_database,
            "PORTAL_VAR_DIR": str(tmp_path / "elsewhere"),
            "MEDIA_STORAGE": "s3",
            "CASE_FILES_STORAGE": "s3",
            "S3_ENDPOINT_URL": s3.endpoint,
            "S3_MEDIA_BUCKET": fresh_media,
            "S3_CASE_FILES_BUCKET": fresh_case_files,
            "S3_CASE_FILES_PREFIX": "cases",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert restored.returncode == 0, restored.stderr
    assert bucket_checksums(s3, fresh_media) == source["media"]
    assert bucket_checksums(s3, fresh_case_files) == source["case_files"]
