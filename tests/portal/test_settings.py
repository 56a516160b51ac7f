"""Settings come from the environment; production refuses to run unsafely."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
}


def manage(*args, env=None, tmp_path=None):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_"))
    }
    clean.update({"PORTAL_VAR_DIR": str(tmp_path), **(env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


def shell(code, env=None, tmp_path=None):
    return manage(
        "shell", "--verbosity=0", "--no-imports", "--command", code, env=env, tmp_path=tmp_path
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_key_or_hosts(tmp_path, missing):
    env = {**PRODUCTION_ENV, missing: ""}

    result = manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert f"{missing} must" in result.stderr


def test_production_cookies_are_host_prefixed_and_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0, s.SECURE_REFERRER_POLICY, s.DEBUG)"
    )

    result = shell(code, env=PRODUCTION_ENV, tmp_path=tmp_path)

    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "strict-origin-when-cross-origin",
        "False",
    ]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    # A second connection too (WAL is set once per process; the rest on every connection).
    query = (
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " c.execute('PRAGMA foreign_keys').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0],"
        " connection.transaction_mode);"
    )
    code = f"from django.db import connection;{query}connection.close();{query}"

    result = shell(code, tmp_path=tmp_path)

    # synchronous 1 is NORMAL.
    assert result.stdout.split() == ["wal", "20000", "1", "1", "IMMEDIATE"] * 2, result.stderr
    assert (tmp_path / "portal.sqlite3").exists()


def test_redis_url_switches_cache_and_task_broker_to_redis(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.Q_CLUSTER.get('redis'), 'orm' in s.Q_CLUSTER,"
        " s.Q_CLUSTER.get('broker_class'))"
    )

    result = shell(code, env={"REDIS_URL": "redis://127.0.0.1:6379/3"}, tmp_path=tmp_path)

    assert result.stdout.split() == [
        # Django's Redis cache, failing open while Redis is down (portal/cache_backends.py).
        "portal.cache_backends.FailOpenRedisCache",
        "redis://127.0.0.1:6379/3?socket_connect_timeout=1",
        "False",
        # Tasks leased until done, so a killed worker's task runs again (portal/brokers.py).
        "portal.brokers.ReliableRedis",
    ]


def test_task_queue_retries_after_the_timeout_and_gives_up_eventually():
    cluster = settings.Q_CLUSTER

    assert cluster["retry"] > cluster["timeout"]
    assert 1 <= cluster["max_attempts"] <= 10
    assert cluster["sync"] is True  # tests run tasks inline


def test_database_url_selects_postgresql(tmp_path):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"

    result = shell(
        code,
        env={"DATABASE_URL": "postgres://u@127.0.0.1:5432/x"},
        tmp_path=tmp_path,
    )

    assert result.stdout.strip() == "django.db.backends.postgresql"
