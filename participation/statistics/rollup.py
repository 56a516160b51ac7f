"""Public supervision figures: the hourly roll-up that keeps `CaseMonthlyStat`, and the reads the
statistics page and its CSV make from it (never from the case table, whatever its size).

Definitions (also on the page and in docs/decisions.md):

- cases are counted in the month they were reported (local time), with what has happened to them
  so far; hidden and private cases count too (only their figures are public, never the case);
- disposal rate: resolved or closed after a resolution ÷ (received − rejected);
- on-time rate: resolved by the due time ÷ resolved cases that had a due time;
- handling time: report → resolution; its median comes from a histogram (see
  `HANDLING_HOURS_BUCKETS`), interpolated inside its bucket, so it is shown as "about";
- satisfaction: (satisfied + basically satisfied) ÷ evaluations (every round counts);
- first-time pass: repairs the linkage centre approved at its first check ÷ repairs it checked;
- assisting parts: parts of joint cases a department was asked to do, and those done; they
  count for the assisting department, not the lead.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..caching import case_pages
from ..models import (
    Case,
    CaseAssist,
    CaseEvent,
    CaseMonthlyStat,
    Category,
    Community,
    Department,
    Evaluation,
    Grid,
)
from ..models.statistics import HANDLING_HOURS_BUCKETS

Dimension = CaseMonthlyStat.Dimension
# A department is ranked only with at least this many cases in the period: below it, one case
# more or less swings its rates too far for a fair comparison.
RANKING_MIN_CASES = 20
# How far back the task looks for changes before its previous run (a transaction still open
# while it ran may commit a case with an earlier `updated_at`).
CHANGE_MARGIN = datetime.timedelta(minutes=10)
BUCKET_COUNT = len(HANDLING_HOURS_BUCKETS) + 1
RESOLVED_STATUSES = (Case.Status.RESOLVED, Case.Status.CLOSED)
COUNT_FIELDS = (
    "received",
    "dispatched",
    "rejected",
    "open",
    "resolved",
    "resolved_with_deadline",
    "resolved_on_time",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "checked",
    "passed_first_check",
    "assist_parts",
    "assist_parts_done",
)


# --- Months -----------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def current_month() -> datetime.date:
    return month_start(timezone.localdate())


# --- Figures ----------------------------------------------------------------------------------


@dataclass
class Figures:
    """Counts for one cell (a month, a department, …) and the rates derived from them."""

    received: int = 0
    dispatched: int = 0
    rejected: int = 0
    open: int = 0
    resolved: int = 0
    resolved_with_deadline: int = 0
    resolved_on_time: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0
    checked: int = 0
    passed_first_check: int = 0
    assist_parts: int = 0
    assist_parts_done: int = 0
    handling_hours_total: float = 0.0
    histogram: list[int] = field(default_factory=lambda: [0] * BUCKET_COUNT)

    def add(self, other) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.handling_hours_total += other.handling_hours_total
        source = getattr(other, "handling_histogram", None) or getattr(other, "histogram", [])
        for index, count in enumerate(source[:BUCKET_COUNT]):
            self.histogram[index] += count

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def handled(self) -> int:
        """Cases that were for the town to handle: everything received but the rejected."""
        return self.received - self.rejected

    @property
    def disposal_rate(self) -> float | None:
        return self._rate(self.resolved, self.handled)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.resolved_on_time, self.resolved_with_deadline)

    @property
    def first_pass_rate(self) -> float | None:
        """Repairs the centre approved at its first check ÷ repairs it checked."""
        return self._rate(self.passed_first_check, self.checked)

    @property
    def evaluations(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied + self.basically_satisfied, self.evaluations)

    @property
    def median_hours(self) -> float | None:
        """About the median handling time: interpolated inside the histogram bucket holding it
        (the last, open-ended bucket answers with its lower edge)."""
        total = sum(self.histogram)
        if not total:
            return None
        half, seen = total / 2, 0
        for index, count in enumerate(self.histogram):
            if count and seen + count >= half:
                low = HANDLING_HOURS_BUCKETS[index - 1] if index else 0
                if index == len(HANDLING_HOURS_BUCKETS):
                    return float(low)
                high = HANDLING_HOURS_BUCKETS[index]
                return round(low + (high - low) * (half - seen) / count, 1)
            seen += count
        return None  # pragma: no cover

    @property
    def median_days(self) -> float | None:
        hours = self.median_hours
        return None if hours is None else round(hours / 24, 1)


def _bucket(hours: float) -> int:
    for index, edge in enumerate(HANDLING_HOURS_BUCKETS):
        if hours <= edge:
            return index
    return len(HANDLING_HOURS_BUCKETS)


# --- The roll-up (the scheduled task) ---------------------------------------------------------


def changed_months() -> list[datetime.date]:
    """Months with a case changed since the previous roll-up; every month on the first run."""
    last_run = CaseMonthlyStat.objects.aggregate(last=Max("computed_at"))["last"]
    cases = Case.objects.all()
    if last_run is not None:
        cases = cases.filter(updated_at__gte=last_run - CHANGE_MARGIN)
    tz = timezone.get_current_timezone()
    return sorted({moment.date() for moment in cases.datetimes("submitted_at", "month", tzinfo=tz)})


def statistics_rollup(*, months=None) -> int:
    """Recompute the roll-up rows of `months` (dates; default: the months with changes), one
    transaction per month. Idempotent: a month's rows are replaced, never added to. Returns the
    number of months recomputed."""
    if months is None:
        months = changed_months()
    months = sorted({month_start(month) for month in months})
    for month in months:
        with transaction.atomic():
            rows = _month_rows(month)
            CaseMonthlyStat.objects.filter(month=month).delete()
            CaseMonthlyStat.objects.bulk_create(rows, batch_size=500)
    if months:
        case_pages.invalidate()  # the statistics page is cached with the other case pages
    return len(months)


def _month_rows(month: datetime.date) -> list[CaseMonthlyStat]:
    start, end = _local_midnight(month), _local_midnight(next_month(month))
    cells: dict[tuple, Figures] = defaultdict(Figures)
    keys_of: dict[int, list[tuple]] = {}
    cases = (
        Case.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values_list(
            "pk",
            "department_id",
            "category_id",
            "grid_id",
            "status",
            "submitted_at",
            "dispatched_at",
            "resolved_at",
            "due_at",
        )
    )
    for (
        pk,
        department,
        category,
        grid,
        status,
        submitted,
        dispatched,
        resolved,
        due,
    ) in cases.iterator(chunk_size=2000):
        keys = [
            (Dimension.TOWN, None, None, None),
            (Dimension.DEPARTMENT, department, None, None),
            (Dimension.CATEGORY, None, category, None),
            (Dimension.GRID, None, None, grid),
        ]
        keys_of[pk] = keys
        is_resolved = status in RESOLVED_STATUSES and resolved is not None
        hours = (resolved - submitted).total_seconds() / 3600 if is_resolved else 0.0
        for key in keys:
            cell = cells[key]
            cell.received += 1
            cell.dispatched += dispatched is not None
            cell.rejected += status == Case.Status.REJECTED
            cell.open += status in Case.OPEN_STATUSES
            if is_resolved:
                cell.resolved += 1
                cell.handling_hours_total += hours
                cell.histogram[_bucket(hours)] += 1
                if due is not None:
                    cell.resolved_with_deadline += 1
                    cell.resolved_on_time += resolved <= due
    evaluations = Evaluation.objects.filter(
        case__submitted_at__gte=start, case__submitted_at__lt=end
    ).values_list("case_id", "rating")
    for case_id, rating in evaluations.iterator(chunk_size=2000):
        for key in keys_of.get(case_id, ()):
            cell = cells[key]
            setattr(cell, rating, getattr(cell, rating) + 1)
    for case_id, passed in _first_checks(start, end).items():
        for key in keys_of.get(case_id, ()):
            cells[key].checked += 1
            cells[key].passed_first_check += passed
    # An assisting department's part counts for it (and the town), not for the lead department.
    parts = CaseAssist.objects.filter(
        case__submitted_at__gte=start, case__submitted_at__lt=end
    ).values_list("department_id", "status")
    for department, status in parts.iterator(chunk_size=2000):
        for key in (
            (Dimension.TOWN, None, None, None),
            (Dimension.DEPARTMENT, department, None, None),
        ):
            cells[key].assist_parts += 1
            cells[key].assist_parts_done += status == CaseAssist.Status.DONE
    now = timezone.now()
    return [
        CaseMonthlyStat(
            month=month,
            dimension=dimension,
            department_id=department,
            category_id=category,
            grid_id=grid,
            handling_histogram=cell.histogram,
            handling_hours_total=round(cell.handling_hours_total, 3),
            computed_at=now,
            **{name: getattr(cell, name) for name in COUNT_FIELDS},
        )
        for (dimension, department, category, grid), cell in cells.items()
    ]


def _first_checks(start, end) -> dict[int, bool]:
    """For each case reported in [start, end) whose repair the centre checked: whether its first
    check approved it (a repair sent back and approved later did not pass first time)."""
    decisions = (
        CaseEvent.objects.filter(
            case__submitted_at__gte=start,
            case__submitted_at__lt=end,
            action__in=[CaseEvent.Action.APPROVE, CaseEvent.Action.SEND_BACK],
        )
        .order_by("case_id", "created_at", "pk")
        .values_list("case_id", "action")
    )
    first: dict[int, bool] = {}
    for case_id, action in decisions.iterator(chunk_size=2000):
        first.setdefault(case_id, action == CaseEvent.Action.APPROVE)
    return first


# --- Reads for the page -----------------------------------------------------------------------


@dataclass
class Row:
    """One line of a breakdown: what it is about (a Department, Category or Grid; None for
    "not yet assigned") and its figures."""

    subject: object
    figures: Figures
    rank: int | None = None

    @property
    def ranked(self) -> bool:
        return self.rank is not None


@dataclass
class Period:
    first: datetime.date
    last: datetime.date
    total: Figures
    months: list[tuple[datetime.date, Figures]]
    departments: list[Row]
    categories: list[Row]
    grids: list[Row]
    computed_at: datetime.datetime | None
    # Summed from the grids' rows, by each grid's village or community.
    communities: list[Row] = field(default_factory=list)

    @property
    def ranked_departments(self) -> list[Row]:
        return sorted((row for row in self.departments if row.ranked), key=lambda r: r.rank)

    @property
    def unranked_departments(self) -> list[Row]:
        return [row for row in self.departments if not row.ranked and row.subject is not None]

    @property
    def date_to(self) -> datetime.date:
        return next_month(self.last) - datetime.timedelta(days=1)


def town_figures(month: datetime.date) -> Figures:
    """The whole town's figures for one month, from the roll-up (one small query): the home
    page's counters."""
    figures = Figures()
    for row in CaseMonthlyStat.objects.filter(month=month_start(month), dimension=Dimension.TOWN):
        figures.add(row)
    return figures


def period_statistics(first: datetime.date, last: datetime.date) -> Period:
    """Figures for the months `first`…`last` (inclusive), from the roll-up: one query for the
    rows, one per breakdown's names, however many cases there are."""
    first, last = month_start(first), month_start(last)
    months = {month: Figures() for month in month_range(first, last)}
    total = Figures()
    cells: dict[str, dict] = {
        Dimension.DEPARTMENT: defaultdict(Figures),
        Dimension.CATEGORY: defaultdict(Figures),
        Dimension.GRID: defaultdict(Figures),
    }
    computed_at = None
    rows = CaseMonthlyStat.objects.filter(month__gte=first, month__lte=last)
    for row in rows.iterator(chunk_size=2000):
        computed_at = max(filter(None, (computed_at, row.computed_at)))
        if row.dimension == Dimension.TOWN:
            total.add(row)
            if row.month in months:
                months[row.month].add(row)
        elif row.dimension == Dimension.DEPARTMENT:
            cells[row.dimension][row.department_id].add(row)
        elif row.dimension == Dimension.CATEGORY:
            cells[row.dimension][row.category_id].add(row)
        elif row.dimension == Dimension.GRID:
            cells[row.dimension][row.grid_id].add(row)

    def breakdown(model, by_pk, queryset=None) -> list[Row]:
        objects = {
            obj.pk: obj
            for obj in (model.objects if queryset is None else queryset).filter(pk__in=list(by_pk))
        }
        result = [Row(objects.get(pk), figures) for pk, figures in by_pk.items()]
        result = [row for row in result if row.subject is not None or row.figures.received]
        return sorted(result, key=lambda row: (-row.figures.received, str(row.subject or "")))

    departments = breakdown(Department, cells[Dimension.DEPARTMENT])
    ranked = [
        row
        for row in departments
        if row.subject is not None and row.figures.received >= RANKING_MIN_CASES
    ]
    ranked.sort(
        key=lambda row: (
            -(row.figures.on_time_rate or 0),
            -(row.figures.satisfaction_rate or 0),
            -(row.figures.disposal_rate or 0),
            str(row.subject),
        )
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    grids = breakdown(
        Grid, cells[Dimension.GRID], Grid.objects.only("pk", "number", "name", "community_id")
    )
    return Period(
        first=first,
        last=last,
        total=total,
        months=list(months.items()),
        departments=departments,
        categories=breakdown(Category, cells[Dimension.CATEGORY]),
        grids=grids,
        computed_at=computed_at,
        communities=_communities(grids),
    )


def _communities(grids: list[Row]) -> list[Row]:
    """Each village or community's figures: the sum of its grids' rows (one small query)."""
    by_pk: dict[int, Figures] = defaultdict(Figures)
    for row in grids:
        if row.subject is not None:
            figures = by_pk[row.subject.community_id]
            figures.add(row.figures)
    names = Community.objects.in_bulk(list(by_pk))
    rows = [Row(names[pk], figures) for pk, figures in by_pk.items() if pk in names]
    return sorted(rows, key=lambda row: (-row.figures.received, str(row.subject)))
