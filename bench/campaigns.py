"""`make bench`, campaigns: a campaign's public page with thousands of cases, and the hotspots.

Uses the benchmark's database (bench/settings.py: SQLite under var/bench/, or PostgreSQL with
BENCH_DATABASE_URL) as bench/cases.py, run first by `make bench`, leaves it (100,000 demo cases
over the last 12 months); with `--cases N`, loads N demo cases unless it holds that many already
(an empty database gets 100,000 by default). Then, in this process:

- the hotspot roll-up over all the cases (for information: a scheduled task);
- a campaign over the busiest category in the old town's four communities for the last six
  months, launched through the service (its cases join it), with before/after photos on a few
  dozen fixed cases, 30 progress reports and 200 followers; made once, kept with the database;
- its page (/campaigns/<slug>/) through the portal's WSGI handler, the cache cleared before
  every request, so each is rendered afresh; and, for information, the campaigns list.

Targets: the campaign page p95 < 150 ms afresh, with a fixed number of queries however many
cases it has. Prints PASS/FAIL and exits 1 if a target is missed. Not part of `make test`.

    .venv/bin/python bench/campaigns.py [--cases N] [--requests 200]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.cases import WARM_UP, call, prepare  # noqa: E402
from participation.campaigns import services as campaign_services  # noqa: E402
from participation.models import (  # noqa: E402
    Attachment,
    Campaign,
    CampaignFollow,
    CampaignReport,
    Case,
    Category,
    Grid,
)
from participation.statistics.hotspots import hotspots_rollup  # noqa: E402
from portal import roles  # noqa: E402
from portal.demo import demo_user  # noqa: E402

PAGE_P95_MS = 150
SLUG = "bench-campaign"
OLD_TOWN = ["xizha", "dongzha", "nanzha", "beizha"]
PHOTO_CASES, REPORTS, FOLLOWERS = 40, 30, 200


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
    started = time.perf_counter()
    spots = hotspots_rollup()
    rollup_seconds = time.perf_counter() - started
    campaign = bench_campaign()
    members = campaign.memberships.count()
    print(
        f"\nHotspot roll-up over {Case.objects.count():,} cases: {spots} hotspot(s) in "
        f"{rollup_seconds:.2f} s. Campaign {campaign.slug}: {members:,} cases, "
        f"{campaign.reports.count()} reports, {campaign.follows.count()} followers."
    )

    handler = WSGIHandler()
    connection.close()
    url = f"/campaigns/{campaign.slug}/"
    page = measure(handler, url, args.requests)
    listing = measure(handler, "/campaigns/", args.requests // 4)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = call(handler, url)
    pairs = body.count(b'class="before-after"')
    print(
        f"\n{'page':<26} {'median ms':>10} {'p95 ms':>8}\n"
        f"{'campaign page, afresh':<26} {page['median']:>10.2f} {page['p95']:>8.2f}\n"
        f"{'campaigns list, afresh':<26} {listing['median']:>10.2f} {listing['p95']:>8.2f}\n"
        f"{url}: {len(queries)} queries, {pairs} before/after pairs shown."
    )
    checks = [
        (
            f"campaign page p95 < {PAGE_P95_MS} ms afresh",
            page["p95"] < PAGE_P95_MS,
            f"{page['p95']:.1f} ms",
        ),
        ("campaign page shows its before/after photos", pairs > 0, f"{pairs} pairs"),
        ("campaign page queries stay few", len(queries) <= 16, f"{len(queries)} queries"),
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


def bench_campaign() -> Campaign:
    """The campaign the page shows, made once per database (see the module docstring)."""
    campaign = Campaign.objects.filter(slug=SLUG).first()
    if campaign is not None:
        return campaign
    grids = Grid.objects.filter(community__code__in=OLD_TOWN)
    today = timezone.localdate()
    since = today - datetime.timedelta(days=182)
    category = (
        Category.objects.filter(cases__grid__in=grids, cases__submitted_at__date__gte=since)
        .annotate(n=Count("cases"))
        .order_by("-n")
        .first()
    )
    centre = demo_user(
        "bench-dispatcher@example.org",
        "Bench dispatcher",
        [roles.DISPATCHER],
        password_hash=make_password(None),
    )
    started = time.perf_counter()
    with transaction.atomic():
        campaign = campaign_services.campaign_launch(
            actor=centre,
            slug=SLUG,
            title=f"老城区{category.name}专项整治",
            title_en=f"{category.name_en or category.name} in the old town",
            goal="半年内集中整治老城区四个社区的同类问题。\n" * 3,
            goal_en="Six months to tackle the old town's most reported problem, together.\n" * 3,
            grids=grids,
            categories=[category],
            starts_on=since,
            ends_on=today + datetime.timedelta(days=30),
            lead_department=category.default_department,
        )
        for n in range(REPORTS):
            campaign_services.campaign_report_publish(
                actor=centre,
                campaign=campaign,
                text=f"第{n + 1}期进展：本周处理了一批问题。" * 4,
                text_en=f"Progress report {n + 1}: this week's repairs." * 4,
            )
        CampaignReport.objects.filter(campaign=campaign).update(published_at=timezone.now())
        add_photos(campaign)
        followers = [
            demo_user(
                f"bench-follower-{n}@example.org",
                f"Follower {n}",
                [roles.RESIDENT],
                password_hash=make_password(None),
            )
            for n in range(FOLLOWERS)
        ]
        CampaignFollow.objects.bulk_create(
            [CampaignFollow(campaign=campaign, user=user) for user in followers],
            ignore_conflicts=True,
        )
    print(f"Campaign launched in {time.perf_counter() - started:.1f} s.")
    return campaign


def add_photos(campaign: Campaign) -> None:
    """A report photo and a repair photo on the campaign's latest fixed public cases (rows
    only: the page links to them, it does not open the files)."""
    fixed = Case.objects.filter(
        campaign_memberships__campaign=campaign,
        is_hidden=False,
        status__in=[Case.Status.RESOLVED, Case.Status.CLOSED],
    ).order_by("-resolved_at")[:PHOTO_CASES]
    Attachment.objects.bulk_create(
        [
            Attachment(
                case=case,
                kind=Attachment.Kind.PHOTO,
                stage=stage,
                file=f"bench/{case.pk}-{stage}.jpg",
                content_type="image/jpeg",
                created_at=case.resolved_at if stage == "rectification" else case.submitted_at,
            )
            for case in fixed
            for stage in (Attachment.Stage.REPORT, Attachment.Stage.RECTIFICATION)
        ]
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
