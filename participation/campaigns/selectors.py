"""Reads for the campaign pages (public and admin), the hotspot list and map, and the dashboard.
Each is a handful of queries whatever the number of cases: counts are aggregates, lists are
capped, photos and cases are fetched for the few shown. No writes here."""

import datetime
import math
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Func, IntegerField, Q, QuerySet
from django.utils import timezone

from .. import workflow
from ..models import (
    Attachment,
    Campaign,
    CampaignCase,
    CampaignFollow,
    CampaignReport,
    Case,
    Hotspot,
)
from ..statistics.hotspots import current_rule

HANDLED = workflow.FIXED
REJECTED = Case.Status.REJECTED
PHOTO_PAIRS = 6
PHOTO_CANDIDATES = 60
RECENT_CASES = 10
REPORTS = 50
CANDIDATES = 200
CHART_BARS = 52
CHART_WIDTH, CHART_HEIGHT = 600, 200
NOT_HANDLED = -(10**9)  # the chart query's mark for a case not handled (no span is that far)


# --- Counting -----------------------------------------------------------------------------------


@dataclass
class Progress:
    """Cases in a campaign (rejected ones left out) and those handled (resolved or closed)."""

    total: int = 0
    handled: int = 0

    @property
    def open(self) -> int:
        return self.total - self.handled

    @property
    def percent(self) -> int:
        return round(100 * self.handled / self.total) if self.total else 0


def _with_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return campaigns.annotate(
        cases_total=Count("memberships", filter=~Q(memberships__case__status=REJECTED)),
        cases_handled=Count("memberships", filter=Q(memberships__case__status__in=HANDLED)),
    )


def campaign_progress(campaign: Campaign) -> Progress:
    row = CampaignCase.objects.filter(campaign=campaign).aggregate(
        total=Count("pk", filter=~Q(case__status=REJECTED)),
        handled=Count("pk", filter=Q(case__status__in=HANDLED)),
    )
    return Progress(total=row["total"], handled=row["handled"])


def progress_of(campaign: Campaign) -> Progress:
    """The progress of a campaign read with `_with_counts` (no query)."""
    return Progress(total=campaign.cases_total, handled=campaign.cases_handled)


# --- Public pages -------------------------------------------------------------------------------


def public_campaigns() -> list[Campaign]:
    """Public campaigns, running ones first, each with `progress`: one query."""
    campaigns = list(
        _with_counts(Campaign.objects.filter(is_public=True))
        .select_related("lead_department")
        .order_by("-starts_on", "-pk")
    )
    for campaign in campaigns:
        campaign.progress = progress_of(campaign)
    return sorted(campaigns, key=lambda c: not c.is_running)


def public_campaign(slug: str) -> Campaign | None:
    """A public campaign with its area, categories and departments (None if absent or not
    public)."""
    return (
        Campaign.objects.filter(is_public=True, slug=slug)
        .select_related("lead_department")
        .prefetch_related("grids__community", "categories", "joint_departments")
        .first()
    )


def campaign_reports(campaign: Campaign) -> list[CampaignReport]:
    """Progress reports, newest first."""
    return list(campaign.reports.order_by("-published_at", "-pk")[:REPORTS])


def _public_members(campaign: Campaign) -> QuerySet[CampaignCase]:
    """The campaign's public cases, read from its memberships (an index on the campaign), so
    the work grows with the campaign, never with the case table."""
    return CampaignCase.objects.filter(campaign=campaign, case__is_hidden=False)


def recent_public_cases(campaign: Campaign, limit: int = RECENT_CASES) -> list[Case]:
    """The public cases that joined the campaign last (hidden and private ones are never
    listed); read backwards along the memberships' (campaign, joined) index, no sort."""
    return [
        member.case
        for member in _public_members(campaign)
        .select_related("case__category", "case__grid")
        .order_by("-added_at", "-pk")[:limit]
    ]


def before_after(campaign: Campaign, limit: int = PHOTO_PAIRS) -> list[dict]:
    """Fixed public cases of the campaign with a public photo of the problem and one of the
    repair, those that joined last first: [{case, before, after}]. Three small queries, whatever
    the size of the campaign: the ids of the last PHOTO_CANDIDATES fixed cases to join (along
    the memberships' index, no sort), their public photos, and the first `limit` cases that
    have both kinds. Hidden cases, and files the centre took off the public site, are never
    among them."""
    candidates = list(
        _public_members(campaign)
        .filter(case__status__in=HANDLED)
        .order_by("-added_at", "-pk")
        .values_list("case_id", flat=True)[:PHOTO_CANDIDATES]
    )
    photos = Attachment.objects.filter(
        case_id__in=candidates,
        kind=Attachment.Kind.PHOTO,
        is_public=True,
        stage__in=[Attachment.Stage.REPORT, Attachment.Stage.RECTIFICATION],
    ).order_by("created_at", "pk")
    before, after = {}, {}
    for photo in photos:
        if photo.stage == Attachment.Stage.REPORT:
            before.setdefault(photo.case_id, photo)  # the first photo of the problem
        else:
            after[photo.case_id] = photo  # the latest photo of the repair
    shown = [pk for pk in candidates if pk in before and pk in after][:limit]
    if not shown:
        return []
    cases = Case.objects.select_related("category", "grid").in_bulk(shown)
    return [{"case": cases[pk], "before": before[pk], "after": after[pk]} for pk in shown]


def user_follows(user, campaign: Campaign) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and CampaignFollow.objects.filter(campaign=campaign, user=user).exists()
    )


# --- The chart over time ------------------------------------------------------------------------


class Bucket(Func):
    """Which span of `seconds` after `origin` (a Unix time) a moment falls in, worked out by the
    database itself (SQLite's julianday, PostgreSQL's epoch), so grouping thousands of a
    campaign's cases by week calls no Python per row (as Django's TruncWeek does on SQLite)."""

    output_field = IntegerField()

    def __init__(self, expression, *, origin: float, seconds: int):
        super().__init__(expression)
        self.origin, self.seconds = origin, seconds

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"CAST(FLOOR((EXTRACT(EPOCH FROM {sql}) - %s) / %s) AS integer)",
            [*params, self.origin, self.seconds],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"CAST(((julianday({sql}) - 2440587.5) * 86400.0 - %s) / %s AS INTEGER)",
            [*params, self.origin, self.seconds],
        )


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def progress_chart(campaign: Campaign, *, today: datetime.date | None = None) -> dict | None:
    """Cases in the campaign and cases handled, running totals week by week (several weeks a
    point for a long campaign) from its start to today, or to its closing: one GROUP BY over
    the campaign's memberships, by the span each case joined in and the span it was fixed in.
    Returns the rows, the progress (the last row) and an SVG's points (the template draws them),
    or None before the campaign starts."""
    today = today or timezone.localdate()
    first = campaign.starts_on
    last = timezone.localdate(campaign.closed_at) if campaign.closed_at else today
    if last < first:
        return None
    weeks = (_monday(last) - _monday(first)).days // 7 + 1
    step = max(1, math.ceil(weeks / CHART_BARS))
    starts = [_monday(first) + datetime.timedelta(weeks=n) for n in range(0, weeks, step)]
    origin = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    bucket = {"origin": origin.timestamp(), "seconds": step * 7 * 86400}
    rows = (
        CampaignCase.objects.filter(campaign=campaign)
        .exclude(case__status=REJECTED)
        .annotate(
            joined=Bucket("added_at", **bucket),
            fixed=models.Case(
                models.When(case__status__in=HANDLED, then=Bucket("case__resolved_at", **bucket)),
                default=models.Value(NOT_HANDLED),
            ),
        )
        .values_list("joined", "fixed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    end = len(starts) - 1

    def span(index) -> int:
        # Before the first span (an earlier case added by hand) counts in it; no time, or after
        # the last span, in the last.
        return end if index is None else max(0, min(int(index), end))

    joined, handled = [0] * len(starts), [0] * len(starts)
    for joined_in, fixed_in, n in rows:
        joined[span(joined_in)] += n
        if fixed_in is None or int(fixed_in) != NOT_HANDLED:
            handled[span(fixed_in)] += n
    points, total, done = [], 0, 0
    for start, new, fixed in zip(starts, joined, handled, strict=True):
        total, done = total + new, done + fixed
        points.append({"week": start, "total": total, "handled": min(done, total)})
    return {
        "rows": points,
        "progress": Progress(total=total, handled=done),
        **_chart_points(points),
    }


def _chart_points(rows: list[dict]) -> dict:
    highest = max((row["total"] for row in rows), default=0) or 1
    count = len(rows)

    def x(i):
        return 0 if count == 1 else round(i * CHART_WIDTH / (count - 1), 1)

    def y(value):
        return round(CHART_HEIGHT - value * CHART_HEIGHT / highest, 1)

    def line(key):
        points = [(x(i), y(row[key])) for i, row in enumerate(rows)]
        if count == 1:
            points.append((CHART_WIDTH, points[0][1]))
        return " ".join(f"{px},{py}" for px, py in points)

    handled_line = line("handled")
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "highest": highest if any(row["total"] for row in rows) else 0,
        "total_points": line("total"),
        "handled_points": handled_line,
        # The handled line closed down to the axis: the filled area under it.
        "handled_area": f"0,{CHART_HEIGHT} {handled_line} {CHART_WIDTH},{CHART_HEIGHT}",
    }


# --- The centre's screens -----------------------------------------------------------------------


def staff_campaigns() -> QuerySet[Campaign]:
    return _with_counts(Campaign.objects.all()).select_related("lead_department")


def campaign_members(campaign: Campaign, limit: int = 100) -> list[CampaignCase]:
    """The campaign's cases for the admin page, newest first, with who added them."""
    return list(
        campaign.memberships.select_related(
            "case__category", "case__grid", "case__department", "added_by"
        ).order_by("-case__submitted_at", "-case_id")[:limit]
    )


def candidate_cases(campaign: Campaign, limit: int = CANDIDATES) -> QuerySet[Case]:
    """Open cases of the campaign's area and categories not in it yet, newest first: the
    checklist the centre adds from."""
    return (
        Case.objects.filter(
            status__in=Case.OPEN_STATUSES,
            grid__in=campaign.grids.all(),
            category__in=campaign.categories.all(),
        )
        .exclude(pk__in=campaign.memberships.values("case_id"))
        .select_related("category", "grid")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def hotspots(limit: int | None = None) -> list[Hotspot]:
    """The latest roll-up's hotspots, the furthest above their usual first."""
    spots = Hotspot.objects.select_related("grid__community", "category").order_by(
        "-ratio", "-recent_cases", "grid__number", "category_id"
    )
    return list(spots[:limit] if limit else spots)


def hotspot_rule():
    return current_rule()


def hotspot_features(spots: list[Hotspot], launch_url) -> dict:
    """The hotspots' grids as GeoJSON polygons for the admin map, each with what its popup
    says and the link that launches a campaign there (`launch_url(hotspot)`)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": spot.grid.boundary,
                "properties": {
                    "label": f"{spot.grid} · {spot.category}",
                    "recent": spot.recent_cases,
                    "usual": spot.monthly_average,
                    "ratio": spot.ratio,
                    "url": launch_url(spot),
                },
            }
            for spot in spots
        ],
    }
