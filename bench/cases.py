"""`make bench`: do the public case pages keep up with a town's worth of cases, on SQLite?

Builds a fresh SQLite database under var/bench/ (bench/settings.py), loads the demo structure
and 100,000 demo cases (participation.demo.seed_cases), then calls the portal's WSGI handler in
this process, as a server would but without the network, and times:

- the trivial view: HttpResponse("ok") behind the full middleware stack (the floor);
- the public case list filtered by grid and status, page 1 (/cases/?grid=<n>&status=closed);
- a case page (/cases/<reference>/) with a full timeline;
- the same two pages rendered afresh on every request (a unique, ignored query parameter misses
  the page cache that serves anonymous readers): what a signed-in reader, or the first reader
  after a case changes, waits for;
- for information only: an empty page of the site (its layout: header, footer, settings), the
  unfiltered list (/cases/, whose page count covers every public case) and the Atom feed.

Targets (as anonymous readers get them, through the page cache): list throughput ≥ 0.3 × the
trivial view's, case page ≥ 0.5 ×, and the list's number of
queries the same for 10 and 50 cases a page (no query per row). Prints PASS/FAIL per target and
exits 1 if any fails. Not part of `make test`: timings depend on the machine and its load.

    .venv/bin/python bench/cases.py [--cases 100000] [--requests 200] [--keep] [--explain]
"""

import argparse
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from participation import demo, views  # noqa: E402
from participation.models import Case, Grid  # noqa: E402
from participation.statistics import statistics_rollup  # noqa: E402

TARGETS = {"list": 0.3, "case": 0.5}
STATISTICS_P95_MS = 150
WARM_UP = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="demo cases to load")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument(
        "--keep", action="store_true", help="reuse var/bench/ if it already has the cases"
    )
    parser.add_argument("--explain", action="store_true", help="print the list's query plans")
    args = parser.parse_args()

    prepare(args.cases, keep=args.keep)
    grid, case = pick_targets()
    pages = {
        "trivial": "/bench/ok/",
        "list": f"/cases/?grid={grid.number}&status=closed",
        "case": f"/cases/{case.reference}/",
        # The same pages rendered afresh every time (a unique, ignored parameter misses the page
        # cache): what a signed-in reader, or the first reader after a change, waits for.
        "list, uncached": f"/cases/?grid={grid.number}&status=closed&fresh=",
        "case, uncached": f"/cases/{case.reference}/?fresh=",
        # Public statistics (last 12 months) from the roll-up; target p95 < 150 ms afresh.
        "statistics": "/cases/statistics/",
        "stats, uncached": "/cases/statistics/?fresh=",
        # For information: the site's layout alone, and other public reads of the case table.
        "empty page": "/bench/layout/",
        "list, no filter": "/cases/",
        "feed": "/cases/feed/",
    }
    handler = WSGIHandler()
    print(
        f"\nServing in-process, one request at a time: {args.requests} timed requests per page "
        f"after {WARM_UP} warm-up. Grid {grid.number} has {grid.closed} closed cases; "
        f"{case.reference} has {case.events.count()} timeline entries."
    )
    results = {name: measure(handler, url, args.requests) for name, url in pages.items()}
    query_counts = {size: count_queries(handler, pages["list"], size) for size in (10, 50)}
    case_queries = count_queries(handler, pages["case"], views.PAGE_SIZE)
    if args.explain:
        explain(handler, pages["list"])
        explain(handler, pages["list, no filter"])
    return report(pages, results, query_counts, case_queries)


def prepare(count: int, *, keep: bool) -> None:
    database = Path(settings.DATABASES["default"]["NAME"])
    if keep and database.exists():
        call_command("migrate", verbosity=0)
        if Case.objects.count() >= count:
            print(f"Reusing {database} ({Case.objects.count():,} cases).")
            rollup()
            return
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    with connection.cursor() as cursor:
        # Loading only: no journal, no fsync, a big page cache. The requests below get new
        # connections, set up as the portal's (WAL, synchronous=NORMAL).
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
    with transaction.atomic():
        demo.seed_structure()
        seeded = demo.seed_cases(count=count)
    done = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a long-running database would have: planner statistics
        cursor.execute("PRAGMA journal_mode=WAL")
    rollup()
    connection.close()
    print(
        f"Fresh database {database}: migrated in {migrated - started:.1f} s; "
        f"{seeded['cases']:,} cases, {seeded['case events']:,} timeline entries and "
        f"{seeded['evaluations']:,} evaluations seeded in {done - migrated:.1f} s."
    )


def rollup() -> None:
    """The statistics page reads the hourly roll-up: bring it up to date (all months if empty)."""
    started = time.perf_counter()
    months = statistics_rollup()
    print(f"Statistics roll-up: {months} month(s) in {time.perf_counter() - started:.1f} s.")


def pick_targets():
    """The busiest grid (the largest filtered list) and a public case with a long timeline."""
    grid = (
        Grid.objects.annotate(closed=Count("cases", filter=Q(cases__status="closed")))
        .order_by("-closed", "number")
        .first()
    )
    case = (
        Case.objects.filter(is_hidden=False, status=Case.Status.CLOSED, reopen_count__gt=0)
        .order_by("-pk")
        .first()
    ) or Case.objects.filter(is_hidden=False).order_by("-pk").first()
    return grid, case


def call(handler, url: str) -> bytes:
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multiprocess": False,
        "wsgi.multithread": True,
        "wsgi.run_once": False,
    }
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{url} answered {statuses[0]}")
    return body


def measure(handler, url: str, requests: int) -> dict:
    fresh = url.endswith("fresh=")
    for n in range(WARM_UP):
        call(handler, f"{url}w{n}" if fresh else url)
    times = []
    for n in range(requests):
        target = f"{url}{n}" if fresh else url
        started = time.perf_counter()
        call(handler, target)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "rps": 1000 * len(times) / sum(times),
    }


def count_queries(handler, url: str, page_size: int) -> int:
    original = views.PAGE_SIZE
    views.PAGE_SIZE = page_size
    cache.clear()  # count the queries of a rendered page, not of a page-cache hit
    try:
        with CaptureQueriesContext(connection) as queries:
            body = call(handler, url)
    finally:
        views.PAGE_SIZE = original
    if url.startswith("/cases/?"):
        shown = body.count(b'class="case-card"')
        assert shown == page_size, f"expected {page_size} cases on the page, saw {shown}"
    return len(queries)


def explain(handler, url: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        call(handler, url)
    print(f"\nQuery plans for {url}:")
    for query in queries.captured_queries:
        if "participation_case" not in query["sql"]:
            continue
        print(f"  {query['time']}s  {query['sql'][:150]}…")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            for row in cursor.fetchall():
                print(f"      {row[-1]}")


def report(pages, results, query_counts, case_queries) -> int:
    trivial, layout = results["trivial"]["rps"], results["empty page"]["rps"]
    print(
        f"\n{'page':<16} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} {'× trivial':>10} "
        f"{'× empty page':>13}  url"
    )
    for name, result in results.items():
        print(
            f"{name:<16} {result['median']:>10.2f} {result['p95']:>8.2f} {result['rps']:>8.0f} "
            f"{result['rps'] / trivial:>10.3f} {result['rps'] / layout:>13.3f}  {pages[name]}"
        )
    print(
        f"\nQueries: list {query_counts[10]} with 10 cases a page, {query_counts[50]} with 50; "
        f"case page {case_queries}."
    )
    checks = [
        (
            f"statistics page p95 < {STATISTICS_P95_MS} ms afresh",
            results["stats, uncached"]["p95"] < STATISTICS_P95_MS,
            f"{results['stats, uncached']['p95']:.1f} ms",
        ),
        (
            f"list ≥ {TARGETS['list']} × trivial",
            results["list"]["rps"] / trivial >= TARGETS["list"],
            f"{results['list']['rps'] / trivial:.3f} ×",
        ),
        (
            f"case page ≥ {TARGETS['case']} × trivial",
            results["case"]["rps"] / trivial >= TARGETS["case"],
            f"{results['case']['rps'] / trivial:.3f} ×",
        ),
        (
            "list queries do not grow with page size",
            query_counts[10] == query_counts[50],
            f"{query_counts[10]} vs {query_counts[50]}",
        ),
    ]
    print()
    for label, passed, value in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label:<42} {value}")
    failed = [label for label, passed, _value in checks if not passed]
    if failed:
        print(f"\n{len(failed)} target(s) missed: exit status 1.")
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
