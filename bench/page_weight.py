"""`make bench`, third part: what a phone downloads on its first visit, and the offline shell.

Builds (once; `--fresh` to rebuild) a SQLite database of its own under var/bench/ with the demo
town (`seed_demo`), then, through the portal's WSGI handler in this process, fetches the home
page as an anonymous visitor and the report page as a signed-in resident, finds the files each
loads (stylesheets, scripts, images, the icon and the manifest: every href and src of the page,
and the images its stylesheets name) and adds up their bytes, by kind, as served (before
compression; the gzip size is printed beside it). Then the service worker's shell: the offline
pages and the files /sw.js keeps. Target: the shell under 200 KB. Exits 1 if it is missed.

    .venv/bin/python bench/page_weight.py [--fresh]
"""

import argparse
import gzip
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WEIGHT_DB = ROOT / "var" / "bench" / "page-weight.sqlite3"
os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{WEIGHT_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django-q").setLevel(logging.WARNING)  # the demo's tasks, queued, not run

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from portal import roles  # noqa: E402
from portal.models import User  # noqa: E402

SHELL_LIMIT = 200 * 1024
REFERENCE = re.compile(r'(?:href|src)="(?P<url>[^"#]+)"')
CSS_URL = re.compile(r"url\(['\"]?(?P<url>[^'\")]+)['\"]?\)")
KINDS = {".css": "CSS", ".js": "JS", ".json": "JS", ".webmanifest": "JS"}
IMAGES = {".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif", ".ico", ".avif"}


def fetch(client, url) -> bytes:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if response.status_code != 200:
        return b""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def asset(client, url) -> bytes:
    """A file the page loads: static files from where they are found, the rest over HTTP."""
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found).read_bytes() if found else b""
    if urlsplit(url).netloc:
        return b""  # another origin (map tiles): not this site's weight
    if path.startswith(settings.MEDIA_URL):  # uploaded images, served by the web server
        file = Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]
        return file.read_bytes() if file.is_file() else b""
    return fetch(client, path)


def kind_of(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    if suffix in IMAGES:
        return "images"
    return KINDS.get(suffix, "other")


def weigh(client, url: str) -> dict[str, list[int]]:
    html = fetch(client, url)
    totals = {"HTML": [len(html), len(gzip.compress(html))]}
    seen, queue = set(), [m["url"] for m in REFERENCE.finditer(html.decode())]
    while queue:
        reference = queue.pop()
        if reference in seen or reference.startswith(("mailto:", "tel:", "data:")):
            continue
        seen.add(reference)
        kind = kind_of(reference)
        if kind == "other" and "manifest" not in reference:
            continue  # links to other pages
        body = asset(client, reference)
        if kind == "CSS":
            queue += [m["url"] for m in CSS_URL.finditer(body.decode(errors="ignore"))]
        row = totals.setdefault("JS" if "manifest" in reference else kind, [0, 0])
        row[0] += len(body)
        row[1] += len(gzip.compress(body))
    return totals


def report(title: str, totals: dict[str, list[int]]) -> int:
    print(f"\n{title}")
    whole = sum(raw for raw, _zipped in totals.values())
    for kind in ("HTML", "CSS", "JS", "images"):
        raw, zipped = totals.get(kind, [0, 0])
        print(f"  {kind:7} {raw / 1024:8.1f} KB   ({zipped / 1024:7.1f} KB gzipped)")
    print(f"  {'total':7} {whole / 1024:8.1f} KB")
    return whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database")
    args = parser.parse_args()
    if args.fresh and WEIGHT_DB.exists():
        WEIGHT_DB.unlink()
    call_command("migrate", verbosity=0)
    if not User.objects.exists():
        print("Seeding the demo town (once; --fresh to redo)…")
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    anonymous = Client()
    report("Home page, first visit (anonymous, Chinese):", weigh(anonymous, "/"))
    resident, _created = User.objects.get_or_create(
        phone="+8613800009999", defaults={"phone_verified": True}
    )
    resident.groups.add(Group.objects.get(name=roles.RESIDENT))
    signed_in = Client()
    signed_in.force_login(resident)
    report("Report page, first visit (signed in):", weigh(signed_in, "/report/"))

    worker = fetch(anonymous, "/sw.js").decode()
    shell = {"HTML": [0, 0]}
    for page in re.findall(r'"(/offline/[^"]+)"', worker):
        body = fetch(anonymous, page)
        shell["HTML"][0] += len(body)
        shell["HTML"][1] += len(gzip.compress(body))
    static_urls = re.compile('"(' + re.escape(settings.STATIC_URL) + '[^"]+)"')
    for url in sorted(set(static_urls.findall(worker))):
        body = asset(anonymous, url)
        row = shell.setdefault(kind_of(url), [0, 0])
        row[0] += len(body)
        row[1] += len(gzip.compress(body))
    size = report("Service worker's offline shell:", shell)
    passed = 0 < size < SHELL_LIMIT
    print(f"\n{'PASS' if passed else 'FAIL'}  offline shell {size / 1024:.1f} KB < 200 KB")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
