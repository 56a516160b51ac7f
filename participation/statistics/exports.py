"""The statistics in CSV: the page's figures (`statistics_rows`), and the open-data export of public
cases (`export_rows`, streamed a chunk at a time). Only what the public pages show."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.spreadsheets import as_text

from .. import privacy, selectors
from ..models import Case, Category, Department, Grid

EXPORT_CHUNK = 2000


def _percent(value) -> str:
    return "" if value is None else f"{value:.1f}"


FIGURE_HEADER = [
    "breakdown",
    "code",
    "name",
    "received",
    "dispatched",
    "rejected",
    "open",
    "resolved",
    "disposal_rate_percent",
    "resolved_with_deadline",
    "resolved_on_time",
    "on_time_rate_percent",
    "median_handling_hours_about",
    "evaluations",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "satisfaction_rate_percent",
    "checked_by_centre",
    "passed_first_check",
    "first_check_pass_rate_percent",
    "assisting_parts",
    "assisting_parts_done",
    "rank",
]


def _figure_row(breakdown, code, name, figures, rank=None) -> list:
    return [
        breakdown,
        code,
        name,
        figures.received,
        figures.dispatched,
        figures.rejected,
        figures.open,
        figures.resolved,
        _percent(figures.disposal_rate),
        figures.resolved_with_deadline,
        figures.resolved_on_time,
        _percent(figures.on_time_rate),
        "" if figures.median_hours is None else figures.median_hours,
        figures.evaluations,
        figures.satisfied,
        figures.basically_satisfied,
        figures.unsatisfied,
        _percent(figures.satisfaction_rate),
        figures.checked,
        figures.passed_first_check,
        _percent(figures.first_pass_rate),
        figures.assist_parts,
        figures.assist_parts_done,
        "" if rank is None else rank,
    ]


def statistics_rows(period):
    """The figures of the page, as CSV rows (codes are stable; names in the reader's language)."""
    yield FIGURE_HEADER
    yield _figure_row("total", f"{period.first:%Y-%m}..{period.last:%Y-%m}", "", period.total)
    for month, figures in period.months:
        yield _figure_row("month", f"{month:%Y-%m}", "", figures)
    for row in period.departments:
        subject = row.subject
        code = subject.code if subject else ""
        name = str(subject) if subject else _("Not yet assigned")
        yield _figure_row("department", code, name, row.figures, row.rank)
    for row in period.categories:
        yield _figure_row("category", row.subject.code, str(row.subject), row.figures)
    for row in period.grids:
        yield _figure_row("grid", row.subject.number, str(row.subject), row.figures)
    for row in period.communities:
        yield _figure_row("community", row.subject.code, str(row.subject), row.figures)


EXPORT_HEADER = [
    "reference",
    "title",
    "description",
    "category_code",
    "category_name",
    "grid_number",
    "department_code",
    "department_name",
    "urgency",
    "status",
    "submitted_at",
    "dispatched_at",
    "resolved_at",
    "closed_at",
    "due_at",
    "met_deadline",
    "supporters_count",
    "latitude",
    "longitude",
]


def _time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def export_rows(filters):
    """Public cases matching the list's filters, a chunk at a time (never all in memory). Only
    what the public case page shows: no reporter, no internal notes, no hidden case, no
    description the centre has not published. The names
    are looked up now, in the reader's language; the cases are read while streaming."""
    categories = {c.pk: (c.code, c.localized_name) for c in Category.objects.all()}
    departments = {d.pk: (d.code, d.localized_name) for d in Department.objects.all()}
    grids = dict(Grid.objects.values_list("pk", "number"))
    return _export_stream(filters, categories, departments, grids)


def _export_stream(filters, categories, departments, grids):
    yield EXPORT_HEADER
    cases = selectors.public_cases(**filters).values_list(
        "pk",
        "title",
        "description",
        "description_public",
        "category_id",
        "grid_id",
        "department_id",
        "urgency",
        "status",
        "submitted_at",
        "dispatched_at",
        "resolved_at",
        "closed_at",
        "due_at",
        "supporters_count",
        "latitude",
        "longitude",
    )
    rounded = privacy.rounded_category_ids()
    for (
        pk,
        title,
        description,
        description_public,
        category_id,
        grid_id,
        department_id,
        urgency,
        status,
        submitted_at,
        dispatched_at,
        resolved_at,
        closed_at,
        due_at,
        supporters,
        latitude,
        longitude,
    ) in cases.iterator(chunk_size=EXPORT_CHUNK):
        category_code, category_name = categories.get(category_id, ("", ""))
        department_code, department_name = departments.get(department_id, ("", ""))
        met = "" if not (due_at and resolved_at) else ("yes" if resolved_at <= due_at else "no")
        latitude, longitude = privacy.public_point(
            latitude, longitude, rounded=category_id in rounded
        )
        yield [
            Case(pk=pk, submitted_at=submitted_at).reference,
            as_text(title),
            as_text(description if description_public else ""),
            category_code,
            category_name,
            grids.get(grid_id, ""),
            department_code,
            department_name,
            urgency,
            status,
            _time(submitted_at),
            _time(dispatched_at),
            _time(resolved_at),
            _time(closed_at),
            _time(due_at),
            met,
            supporters,
            f"{latitude:.4f}",
            f"{longitude:.4f}",
        ]
