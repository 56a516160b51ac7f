"""Settings for `make bench`: the dev settings with DEBUG off (as in production: no query log,
cached templates) and a SQLite database of its own under var/bench/, so the benchmark never
touches the development database. With BENCH_DATABASE_URL set (e.g.
postgres://postgres@127.0.0.1:5432/portal_bench) the bench uses that database instead: give it one
of its own, as the bench creates, empties and refills it."""

import os
from pathlib import Path

BENCH_DB = (
    Path(os.environ.get("PORTAL_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    / "bench"
    / "bench.sqlite3"
)
BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
# Read by the base settings, which then configure the database exactly as they do for the portal.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DB}"

from portal.settings.dev import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The bench calls the API hundreds of times a minute from one address: no anonymous limit.
PORTAL_OPEN311 = {**PORTAL_OPEN311, "anonymous_rate_limit": 10**9}  # noqa: F405
