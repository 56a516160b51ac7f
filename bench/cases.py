"""`make bench`: do the case pages keep up with a town's worth of cases, on SQLite (or PostgreSQL)?

Builds a fresh SQLite database under var/bench/ (bench/settings.py; or, with BENCH_DATABASE_URL
set, a PostgreSQL database, created if missing), loads the demo structure
and 100,000 demo cases (participation.demo.seed_cases), then calls the portal's WSGI handler in
this process, as a server would but without the network, and times:

- the trivial view: HttpResponse("ok") behind the full middleware stack (the floor);
- the public case list filtered by grid and status, page 1 (/cases/?grid=<n>&status=closed);
- a case page (/cases/<reference>/) with a full timeline;
- the same two pages rendered afresh on every request (a unique, ignored query parameter misses
  the page cache that serves anonymous readers): what a signed-in reader, or the first reader
  after a case changes, waits for;
- the back office, signed in (a session cookie) as staff with two-factor authentication on: the
  dispatcher inbox (the centre's queue, /admin/cases/queue/), a department inbox (/admin/cases/
  as staff of the department with the most cases) and, for information, the centre's list of all
  cases (/admin/cases/ as a dispatcher); never cached, as they are per user;
- the Open311 API: `GET requests.json` with its default window (the last 90 days, up to 1,000
  requests), the same filtered by service_code and status, and `POST requests.json` (a new case
  with a description and a pin, through an API key);
- the home page (its figures, latest news, school items and recently fixed cases) and a news
  section of 1,000 articles (/news/, page 1), as anonymous readers get them (the page cache) and
  rendered afresh, and a news article rendered afresh;
- for information only: an empty page of the site (its layout: header, footer, settings), the
  unfiltered list (/cases/, whose page count covers every public case) and the Atom feed.

Targets (as anonymous readers get them, through the page cache): list throughput ≥ 0.3 × the
trivial view's, case page ≥ 0.5 ×, and the list's number of
queries the same for 10 and 50 cases a page (no query per row); the statistics page rendered
afresh and both inboxes p95 < 150 ms; Open311 GET p95 < 100 ms and POST p95 < 150 ms, and the
API list's queries the same for 10 and 100 requests a page; the home page ≥ 0.5 × the trivial
view's throughput; rendered afresh, the home page's median < 40 ms, and at most 15 queries for
the home page, 12 for a news article, the news section and the department inbox (counted on a
request after a first: see `afresh_queries`); the trivial view behind the portal's middleware
at most 1.5 × its cost behind a bare Wagtail site's (bakerydemo's). A ratio compares median
times, the page timed alternately with the trivial view (1,000 times at least), so a stall of a
shared machine counts against neither. Prints PASS/FAIL per target and exits 1 if any fails.
Not part of `make test`: timings depend on the machine and its load.

    .venv/bin/python bench/cases.py [--cases 100000] [--requests 200] [--keep] [--explain]
"""

import argparse
import datetime
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
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402

from participation import demo, views  # noqa: E402
from participation.models import Case, Department, DepartmentMembership, Grid  # noqa: E402
from participation.open311 import services as open311_services  # noqa: E402
from participation.statistics.rollup import statistics_rollup  # noqa: E402
from portal import roles  # noqa: E402
from portal.demo import demo_user  # noqa: E402

TARGETS = {"list": 0.3, "case": 0.5, "home": 0.5}
# Cached pages, compared with the trivial view: timed alternately with it, this many times at
# least (a cached page takes about a millisecond), and compared by median times.
RATIO_PAGES = ("list", "case", "home", "news index")
RATIO_REQUESTS = 1000
# A bare Wagtail site's middleware (wagtail/bakerydemo's, with WhiteNoise as in its production):
# the trivial view behind ours may cost at most MIDDLEWARE_RATIO × what it costs behind these.
BARE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
MIDDLEWARE_RATIO = 1.5
ARTICLES = 1000
STATISTICS_P95_MS = 150
INBOX_P95_MS = 150
OPEN311_GET_P95_MS = 100
OPEN311_POST_P95_MS = 150
# Pages rendered afresh (the page cache missed), and the department inbox: at most this many
# queries, counted on a request after a first one (as every request but a server's first is
# served: Wagtail's cached site paths and renditions, the case list's cached structure).
AFRESH_QUERIES = {"home": 15, "article": 12, "news": 12, "department inbox": 12}
HOME_AFRESH_MEDIAN_MS = 40
INBOX = "/admin/cases/"
QUEUE = "/admin/cases/queue/"
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
    prepare_articles(ARTICLES)
    grid, case = pick_targets()
    article = pick_article()
    department, dispatcher_cookie, department_cookie = staff_sessions()
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
        # The back office, signed in: per user, so never cached. Target p95 < 150 ms.
        # The centre's inbox is its queue of new and returned cases (most urgent, oldest first);
        # "all cases" is the searchable list of every case, newest first, for information.
        "dispatcher inbox": QUEUE,
        "department inbox": INBOX,
        "all cases (centre)": INBOX,
        # Open311: the spec's default (last 90 days, capped at 1,000) and a filtered list, never
        # cached; target p95 < 100 ms. POST (a new case each time) is measured below.
        "open311 list": "/open311/v2/requests.json",
        "open311 filtered": f"/open311/v2/requests.json?service_code={case.category.code}"
        "&status=open",
        # The home page and a section of 1,000 articles, cached (target: home ≥ 0.5 × trivial)
        # and rendered afresh (for information).
        "home": "/",
        "home, uncached": "/?fresh=",
        "news index": "/news/",
        "news, uncached": "/news/?fresh=",
        "article, uncached": f"{article}?fresh=",
        # For information: the site's layout alone, and other public reads of the case table.
        "empty page": "/bench/layout/",
        "list, no filter": "/cases/",
        "feed": "/cases/feed/",
    }
    handler = WSGIHandler()
    print(
        f"\nServing in-process, one request at a time: {args.requests} timed requests per page "
        f"after {WARM_UP} warm-up. Grid {grid.number} has {grid.closed} closed cases; "
        f"{case.reference} has {case.events.count()} timeline entries; the department inbox is "
        f"{department.name}'s ({department.cases_count:,} cases of {Case.objects.count():,})."
    )
    cookies = {
        "dispatcher inbox": dispatcher_cookie,
        "department inbox": department_cookie,
        "all cases (centre)": dispatcher_cookie,
    }
    results = {
        name: (
            measure(handler, url, max(args.requests, RATIO_REQUESTS), paired=pages["trivial"])
            if name in RATIO_PAGES
            else measure(handler, url, args.requests, cookie=cookies.get(name))
        )
        for name, url in pages.items()
    }
    results["open311 POST"] = measure_post(handler, open311_post_body(grid), args.requests)
    pages["open311 POST"] = "POST /open311/v2/requests.json"
    with override_settings(MIDDLEWARE=BARE_MIDDLEWARE):
        bare = WSGIHandler()
    results["trivial, bare"] = measure(
        bare, pages["trivial"], RATIO_REQUESTS, paired=pages["trivial"], paired_handler=handler
    )
    pages["trivial, bare"] = f"{pages['trivial']} behind a bare Wagtail site's middleware"
    inbox_queries = {
        name: count_queries(handler, pages[name], views.PAGE_SIZE, cookie=cookie)
        for name, cookie in cookies.items()
    }
    query_counts = {size: count_queries(handler, pages["list"], size) for size in (10, 50)}
    case_queries = count_queries(handler, pages["case"], views.PAGE_SIZE)
    query_counts.update(
        {
            f"open311 {size}": count_queries(
                handler, f"{pages['open311 list']}?page_size={size}", size
            )
            for size in (10, 100)
        }
    )
    query_counts.update(
        {
            f"{name} afresh": afresh_queries(handler, url, cookie)
            for name, url, cookie in [
                ("home", pages["home, uncached"], None),
                ("article", pages["article, uncached"], None),
                ("news", pages["news, uncached"], None),
                ("department inbox", INBOX, department_cookie),
            ]
        }
    )
    if args.explain:
        explain(handler, pages["open311 list"])
        explain(handler, pages["list"])
        explain(handler, pages["list, no filter"])
        explain(handler, pages["dispatcher inbox"], cookie=dispatcher_cookie)
        explain(handler, pages["department inbox"], cookie=department_cookie)
    return report(pages, results, query_counts, case_queries, inbox_queries)


def prepare(count: int, *, keep: bool) -> None:
    sqlite = connection.vendor == "sqlite"
    name = settings.DATABASES["default"]["NAME"]
    database = Path(name) if sqlite else f"PostgreSQL database {name}"
    exists = database.exists() if sqlite else postgres_database(name)
    if keep and exists:
        call_command("migrate", verbosity=0)
        if Case.objects.count() >= count:
            print(f"Reusing {database} ({Case.objects.count():,} cases).")
            rollup()
            return
    if sqlite:
        for path in database.parent.glob(database.name + "*"):
            path.unlink()
    else:
        connection.close()
        postgres_database(name, recreate=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    if sqlite:
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
        if sqlite:
            cursor.execute("PRAGMA journal_mode=WAL")
    rollup()
    connection.close()
    print(
        f"Fresh database {database}: migrated in {migrated - started:.1f} s; "
        f"{seeded['cases']:,} cases, {seeded['case events']:,} timeline entries and "
        f"{seeded['evaluations']:,} evaluations seeded in {done - migrated:.1f} s."
    )


def prepare_articles(count: int) -> None:
    """A news section with `count` published articles sharing one image (so the index shows
    renditions), made once: a kept database keeps them."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from PIL import Image

    from education.models import NewsIndexPage, NewsPage
    from home.models import HomePage

    section = NewsIndexPage.objects.filter(slug="news").first()
    if section is None:
        section = NewsIndexPage(title="News", slug="news")
        HomePage.objects.get().add_child(instance=section)
        section.save_revision().publish()
    existing = NewsPage.objects.child_of(section).count()
    if existing >= count:
        return
    started = time.perf_counter()
    buffer = BytesIO()
    Image.new("RGB", (1200, 675), (11, 93, 75)).save(buffer, format="JPEG")
    image = get_image_model().objects.create(
        title="Bench", file=ImageFile(BytesIO(buffer.getvalue()), name="bench.jpg")
    )
    today = datetime.date.today()
    for n in range(existing, count):
        page = NewsPage(
            title=f"通知 {n}：小区井盖破损维修",
            slug=f"bench-{n}",
            introduction="新华路夜间施工，请绕行。",
            date=today - datetime.timedelta(days=n % 365),
            image=image,
        )
        section.add_child(instance=page)
        page.save_revision().publish()
    print(f"{count - existing:,} news articles published in {time.perf_counter() - started:.1f} s.")


def postgres_database(name: str, *, recreate: bool = False) -> bool:
    """Whether the PostgreSQL database exists, creating it if missing (emptied first if
    `recreate`), through the server's `postgres` database."""
    import psycopg

    params = settings.DATABASES["default"]
    conninfo = {
        "dbname": "postgres",
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
    }
    quoted = '"' + name.replace('"', '""') + '"'
    with psycopg.connect(autocommit=True, **{k: v for k, v in conninfo.items() if v}) as server:
        existed = bool(
            server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )
        if existed and recreate:
            server.execute(f"DROP DATABASE {quoted} WITH (FORCE)")
        if recreate or not existed:
            server.execute(f"CREATE DATABASE {quoted}")
    return existed


def staff_sessions():
    """The department with the most cases, and session cookies of two signed-in staff members
    with TOTP on (as the admin requires): a dispatcher, and staff of that department only.
    Created or brought up to date on every run, so a kept database gets them too."""
    department = (
        Department.objects.annotate(cases_count=Count("cases")).order_by("-cases_count", "pk")
    ).first()
    unusable = make_password(None)
    dispatcher = demo_user(
        "bench-dispatcher@example.org",
        "Bench dispatcher",
        [roles.DISPATCHER],
        password_hash=unusable,
    )
    staff = demo_user(
        "bench-department@example.org",
        "Bench department staff",
        [roles.DEPARTMENT_STAFF],
        password_hash=unusable,
    )
    DepartmentMembership.objects.filter(user=staff).exclude(department=department).delete()
    DepartmentMembership.objects.get_or_create(
        user=staff, department=department, defaults={"role": DepartmentMembership.Role.STAFF}
    )
    cookies = []
    for user in (dispatcher, staff):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    connection.close()
    return department, *cookies


def rollup() -> None:
    """The statistics page reads the hourly roll-up: bring it up to date (all months if empty)."""
    started = time.perf_counter()
    months = statistics_rollup()
    print(f"Statistics roll-up: {months} month(s) in {time.perf_counter() - started:.1f} s.")


def pick_article() -> str:
    """The newest news article's address (its page shows three related articles)."""
    from education.models import NewsPage

    return NewsPage.objects.live().order_by("-date", "-pk").first().url


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


def call(handler, url: str, cookie: str | None = None, body: bytes | None = None) -> bytes:
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": "GET" if body is None else "POST",
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
        "wsgi.input": BytesIO(body or b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multiprocess": False,
        "wsgi.multithread": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if body is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
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


def measure(
    handler,
    url: str,
    requests: int,
    cookie: str | None = None,
    paired: str | None = None,
    paired_handler=None,
) -> dict:
    """Median and p95 of `requests` timed requests after a warm-up. With `paired` (the trivial
    view's URL), each request follows one to `paired` (through `paired_handler`, by default the
    same), so a stall of the (shared) machine falls on both alike, and "× trivial" is the ratio
    of their median times."""
    fresh = url.endswith("fresh=")
    for n in range(WARM_UP):
        body = call(handler, f"{url}w{n}" if fresh else url, cookie)
    if url.startswith(INBOX):
        check_inbox(body)
    times, floor = [], []
    for n in range(requests):
        if paired:
            started = time.perf_counter()
            call(paired_handler or handler, paired)
            floor.append((time.perf_counter() - started) * 1000)
        target = f"{url}{n}" if fresh else url
        started = time.perf_counter()
        call(handler, target, cookie)
        times.append((time.perf_counter() - started) * 1000)
    result = summary(times)
    if paired:
        result["× trivial"] = statistics.median(floor) / result["median"]
    return result


def summary(times: list[float]) -> dict:
    """Median and p95 in ms, and the throughput the median time gives (one stall moves neither)."""
    times = sorted(times)
    median = statistics.median(times)
    return {
        "median": median,
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "rps": 1000 / median,
    }


def open311_post_body(grid) -> bytes:
    """A service request as an app sends it: a key, a service, a pin in `grid`, a description."""
    from urllib.parse import urlencode

    from participation.selectors import grid_centre

    _api_key, raw = open311_services.api_key_create(name="Bench", rate_limit=1_000_000)
    latitude, longitude = grid_centre(grid)
    category = Case.objects.filter(grid=grid).values_list("category__code", flat=True).first()
    return urlencode(
        {
            "api_key": raw,
            "service_code": category,
            "lat": str(latitude),
            "long": str(longitude),
            "description": "A street light has been out for three nights.",
            "email": "bench@example.org",
        }
    ).encode()


def measure_post(handler, body: bytes, requests: int) -> dict:
    url = "/open311/v2/requests.json"
    times = []
    for n in range(WARM_UP + requests):
        started = time.perf_counter()
        call(handler, url, body=body)
        if n >= WARM_UP:
            times.append((time.perf_counter() - started) * 1000)
    return summary(times)


def check_inbox(body: bytes) -> None:
    """The inbox itself (a table of cases), not the sign-in or two-factor page."""
    rows = body.count(b"/admin/cases/inspect/")
    if b'class="listing' not in body or not rows:
        raise SystemExit(f"{INBOX} did not show the cases table: {body[:300]!r}…")


def count_queries(handler, url: str, page_size: int, cookie: str | None = None) -> int:
    original = views.PAGE_SIZE
    views.PAGE_SIZE = page_size
    cache.clear()  # count the queries of a rendered page, not of a page-cache hit
    try:
        with CaptureQueriesContext(connection) as queries:
            body = call(handler, url, cookie)
    finally:
        views.PAGE_SIZE = original
    if url.startswith("/cases/?"):
        shown = body.count(b'class="case-card"')
        assert shown == page_size, f"expected {page_size} cases on the page, saw {shown}"
    if url.startswith("/open311/"):
        shown = body.count(b'"service_request_id"')
        assert shown == page_size, f"expected {page_size} requests, saw {shown}"
    return len(queries)


def afresh_queries(handler, url: str, cookie: str | None = None) -> int:
    """The queries of `url` on a request after a first one: a page whose address ends in
    "fresh=" (a parameter the page ignores) with a new value each time, so the page cache misses
    and the page is rendered afresh, as a signed-in reader or the first reader after a change
    gets it; other pages (the inbox: per user, never cached) as they are."""
    fresh = url.endswith("fresh=")
    call(handler, f"{url}first" if fresh else url, cookie)
    with CaptureQueriesContext(connection) as queries:
        call(handler, f"{url}counted" if fresh else url, cookie)
    return len(queries)


def explain(handler, url: str, cookie: str | None = None) -> None:
    with CaptureQueriesContext(connection) as queries:
        call(handler, url, cookie)
    print(f"\nQuery plans for {url}{' (signed in)' if cookie else ''}:")
    for query in queries.captured_queries:
        if "participation_case" not in query["sql"]:
            continue
        print(f"  {query['time']}s  {query['sql'][:150]}…")
        with connection.cursor() as cursor:
            sqlite = connection.vendor == "sqlite"
            cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + query["sql"])
            for row in cursor.fetchall():
                print(f"      {row[-1]}")


def report(pages, results, query_counts, case_queries, inbox_queries) -> int:
    trivial, layout = results["trivial"]["rps"], results["empty page"]["rps"]
    ratios = {
        name: result.get("× trivial", result["rps"] / trivial) for name, result in results.items()
    }
    print(
        f"\n{'page':<16} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} {'× trivial':>10} "
        f"{'× empty page':>13}  url"
    )
    for name, result in results.items():
        print(
            f"{name:<16} {result['median']:>10.2f} {result['p95']:>8.2f} {result['rps']:>8.0f} "
            f"{ratios[name]:>10.3f} {result['rps'] / layout:>13.3f}  {pages[name]}"
        )
    print(
        f"\nQueries: list {query_counts[10]} with 10 cases a page, {query_counts[50]} with 50; "
        f"case page {case_queries}; dispatcher inbox {inbox_queries['dispatcher inbox']}, "
        f"department inbox {inbox_queries['department inbox']}; Open311 list "
        f"{query_counts['open311 10']} with 10 requests, {query_counts['open311 100']} with 100."
        f"\nQueries after a first request (afresh_queries): home {query_counts['home afresh']}, "
        f"article {query_counts['article afresh']}, news section {query_counts['news afresh']}, "
        f"department inbox {query_counts['department inbox afresh']}."
    )
    checks = [
        (
            f"statistics page p95 < {STATISTICS_P95_MS} ms afresh",
            results["stats, uncached"]["p95"] < STATISTICS_P95_MS,
            f"{results['stats, uncached']['p95']:.1f} ms",
        ),
        *(
            (
                f"{name} p95 < {INBOX_P95_MS} ms",
                results[name]["p95"] < INBOX_P95_MS,
                f"{results[name]['p95']:.1f} ms",
            )
            for name in ("dispatcher inbox", "department inbox")
        ),
        (
            f"list ≥ {TARGETS['list']} × trivial",
            ratios["list"] >= TARGETS["list"],
            f"{ratios['list']:.3f} ×",
        ),
        (
            f"case page ≥ {TARGETS['case']} × trivial",
            ratios["case"] >= TARGETS["case"],
            f"{ratios['case']:.3f} ×",
        ),
        (
            f"home page ≥ {TARGETS['home']} × trivial",
            ratios["home"] >= TARGETS["home"],
            f"{ratios['home']:.3f} ×",
        ),
        (
            f"middleware ≤ {MIDDLEWARE_RATIO} × a bare Wagtail site's",
            ratios["trivial, bare"] <= MIDDLEWARE_RATIO,
            f"{ratios['trivial, bare']:.2f} ×",
        ),
        (
            "list queries do not grow with page size",
            query_counts[10] == query_counts[50],
            f"{query_counts[10]} vs {query_counts[50]}",
        ),
        *(
            (
                f"{name} p95 < {OPEN311_GET_P95_MS} ms",
                results[name]["p95"] < OPEN311_GET_P95_MS,
                f"{results[name]['p95']:.1f} ms",
            )
            for name in ("open311 list", "open311 filtered")
        ),
        (
            f"open311 POST p95 < {OPEN311_POST_P95_MS} ms",
            results["open311 POST"]["p95"] < OPEN311_POST_P95_MS,
            f"{results['open311 POST']['p95']:.1f} ms",
        ),
        (
            "Open311 list queries do not grow with page size",
            query_counts["open311 10"] == query_counts["open311 100"],
            f"{query_counts['open311 10']} vs {query_counts['open311 100']}",
        ),
        (
            f"home afresh median < {HOME_AFRESH_MEDIAN_MS} ms",
            results["home, uncached"]["median"] < HOME_AFRESH_MEDIAN_MS,
            f"{results['home, uncached']['median']:.1f} ms",
        ),
        *(
            (
                f"{name}{' afresh' if name != 'department inbox' else ''} ≤ {limit} queries",
                query_counts[f"{name} afresh"] <= limit,
                f"{query_counts[f'{name} afresh']} queries",
            )
            for name, limit in AFRESH_QUERIES.items()
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
