"""`make bench`, department appraisal: the monthly roll-up over a year of cases, and /appraisal/.

Uses the benchmark's database (bench/settings.py: SQLite under var/bench/, or PostgreSQL with
BENCH_DATABASE_URL) as bench/cases.py, run first by `make bench`, leaves it (100,000 demo cases
over the last 12 months); with `--cases N`, loads N demo cases unless it holds that many already
(an empty database gets 100,000 by default). Then, in this process:

- the roll-up (`participation.statistics.appraisal.appraisal_rollup`) of every month with
  resolved cases, up to this month: a year of cases, each month in its own transaction;
- the same month again (idempotent: the same scorecards);
- /appraisal/ (the last complete month) through the portal's WSGI handler, the cache cleared
  before every request, so each is rendered afresh; and, for information, its CSV and XLSX.

Targets: the year's roll-up < 60 s; /appraisal/ p95 < 150 ms afresh; the page reads no case.
Prints PASS/FAIL and exits 1 if a target is missed. Not part of `make test`.

    .venv/bin/python bench/appraisal.py [--cases N] [--requests 200]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.cases import WARM_UP, call, prepare  # noqa: E402
from participation.models import Case, DepartmentScorecard  # noqa: E402
from participation.statistics.appraisal import appraisal_rollup, previous_month  # noqa: E402
from participation.statistics.rollup import current_month, month_range  # noqa: E402

ROLLUP_SECONDS = 60
PAGE_P95_MS = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", type=int, default=None, help="demo cases to load (default: reuse the database)"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args()

    existing = existing_cases()
    wanted = args.cases or existing or 100_000
    prepare(wanted, keep=existing >= wanted)
    cases = Case.objects.count()
    span = Case.objects.aggregate(first=Min("resolved_at"), last=Max("resolved_at"))
    if span["first"] is None:
        raise SystemExit("No resolved cases to score.")
    months = month_range(timezone.localtime(span["first"]).date(), current_month())

    started = time.perf_counter()
    per_month = []
    for month in months:
        begun = time.perf_counter()
        appraisal_rollup(month=month)
        per_month.append((time.perf_counter() - begun, month))
    rollup_seconds = time.perf_counter() - started
    slowest, slowest_month = max(per_month)
    last = previous_month()
    before = _cards(last)
    again = time.perf_counter()
    appraisal_rollup(month=last)
    again = time.perf_counter() - again
    idempotent = _cards(last) == before
    print(
        f"\nRoll-up of {len(months)} months ({cases:,} cases, "
        f"{DepartmentScorecard.objects.count():,} scorecards) in {rollup_seconds:.1f} s; slowest "
        f"{slowest_month:%Y-%m} in {slowest:.2f} s; {last:%Y-%m} again in {again:.2f} s "
        f"({'the same scorecards' if idempotent else 'DIFFERENT scorecards'})."
    )

    handler = WSGIHandler()
    connection.close()
    page = measure(handler, "/appraisal/", args.requests)
    csv = measure(handler, f"/appraisal/scorecards.csv?month={last:%Y-%m}", args.requests // 4)
    xlsx = measure(handler, f"/appraisal/scorecards.xlsx?month={last:%Y-%m}", args.requests // 4)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = call(handler, "/appraisal/")
    reads_cases = any('"participation_case"' in q["sql"] for q in queries.captured_queries)
    ranked = body.count(b'class="scorecard__rank"')
    print(
        f"\n{'page':<22} {'median ms':>10} {'p95 ms':>8}\n"
        f"{'/appraisal/, afresh':<22} {page['median']:>10.2f} {page['p95']:>8.2f}\n"
        f"{'CSV of the month':<22} {csv['median']:>10.2f} {csv['p95']:>8.2f}\n"
        f"{'XLSX of the month':<22} {xlsx['median']:>10.2f} {xlsx['p95']:>8.2f}\n"
        f"/appraisal/: {len(queries)} queries, {ranked} ranked departments shown."
    )
    checks = [
        (
            f"roll-up of a year < {ROLLUP_SECONDS} s",
            rollup_seconds < ROLLUP_SECONDS,
            f"{rollup_seconds:.1f} s",
        ),
        ("re-running a month gives the same scorecards", idempotent, f"{again:.2f} s"),
        (
            f"/appraisal/ p95 < {PAGE_P95_MS} ms afresh",
            page["p95"] < PAGE_P95_MS,
            f"{page['p95']:.1f} ms",
        ),
        ("/appraisal/ reads no case", not reads_cases, f"{len(queries)} queries"),
    ]
    print()
    for label, passed, value in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}: {value}")
    return 0 if all(passed for _label, passed, _value in checks) else 1


def existing_cases() -> int:
    """How many cases the benchmark's database holds (0: none, or no database yet)."""
    try:
        return Case.objects.count()
    except DatabaseError:
        return 0
    finally:
        connection.close()


def _cards(month) -> list[tuple]:
    return list(
        DepartmentScorecard.objects.filter(month=month)
        .order_by("department_id")
        .values_list("department_id", "handled", "score", "rank", "points", "counts")
    )


def measure(handler, url: str, requests: int) -> dict:
    """Median and p95 of `requests` GETs of `url`, the cache emptied before each (untimed)."""
    for _ in range(WARM_UP):
        cache.clear()
        call(handler, url)
    times = []
    for _ in range(max(requests, 1)):
        cache.clear()
        started = time.perf_counter()
        call(handler, url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
    }


if __name__ == "__main__":
    sys.exit(main())
