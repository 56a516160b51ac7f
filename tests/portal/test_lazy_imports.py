"""A web worker starts without the libraries only a few requests need: each costs every worker
megabytes it may never use (bench/memory.py measures the total)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPOSITORY = Path(__file__).resolve().parents[2]
ONLY_WHERE_USED = ["av", "openpyxl", "shapely", "numpy", "qrcode"]

# What a worker does before its first request: set Django up and load every URL's view.
STARTUP = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps([name for name in {ONLY_WHERE_USED!r} if name in sys.modules]))
"""


def test_a_worker_starts_without_the_libraries_only_some_requests_need():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    started = subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout.strip().splitlines()[-1]) == []
