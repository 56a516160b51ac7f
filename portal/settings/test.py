"""The test suite: fast hashing, mail kept in memory, tasks run inline."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_ALLOW_DEMO_DATA = True
PORTAL_CASE_FILES_ROOT = VAR_DIR / "test-case-files"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database is a file, not SQLite's shared memory: there every thread of the live
    # server would share the test's one connection, so concurrent browser requests ran inside
    # each other's transactions (docs/decisions.md, "Transactional tests"). With a file each
    # thread has its own connection, as in use. One folder per process (each xdist worker, and
    # any other test run beside this one), in memory where the machine offers it; removed at exit.
    _in_memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    _test_db_dir = Path(tempfile.mkdtemp(prefix="portal-test-db-", dir=_in_memory))
    atexit.register(shutil.rmtree, _test_db_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db_dir / "portal.sqlite3")}  # noqa: F405

# Text messages are written to files (one per message) in a folder of this process's own;
# tests read them with the `sms_outbox` fixture. The provider's retries do not wait.
SMS_BACKEND = "portal.sms.backends.file.SmsBackend"
SMS_FILE_PATH = Path(tempfile.mkdtemp(prefix="portal-test-sms-"))
atexit.register(shutil.rmtree, SMS_FILE_PATH, ignore_errors=True)
SMS_ALIYUN = {**SMS_ALIYUN, "backoff_seconds": 0}  # noqa: F405
# No request lines in the test output (tests/portal/test_request_log.py attaches its own handler).
LOGGING["loggers"]["portal.requests"]["level"] = "WARNING"  # noqa: F405
