"""Public supervision: the statistics page and its CSV (read from the roll-up, see
`participation.statistics`), and the open-data CSV of public cases (streamed)."""

import datetime
import re

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portal.spreadsheets import as_text, csv_response

from . import privacy, selectors
from .caching import case_pages
from .models import Case, Category, Department, Grid
from .statistics import (
    RANKING_MIN_CASES,
    current_month,
    period_statistics,
)
from .views import _filters

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_MONTHS = 12
MAX_MONTHS = 60
TOP = 10
EXPORT_CHUNK = 2000


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(gettext_lazy("Enter a month as YYYY-MM."))
        try:
            return datetime.date(int(match[1]), int(match[2]), 1)
        except ValueError as error:
            raise forms.ValidationError(gettext_lazy("Enter a month as YYYY-MM.")) from error


class StatisticsFilterForm(forms.Form):
    """The period shown. Invalid values are ignored (the default period), never an error page."""

    start = MonthField(label=gettext_lazy("From month"), required=False)
    end = MonthField(label=gettext_lazy("Until month"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def period(self) -> tuple[datetime.date, datetime.date]:
        """(first month, last month): the last 12 months by default, at most 60 months."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        last = data.get("end") or current_month()
        last = min(last, current_month())
        first = data.get("start") or _months_before(last, DEFAULT_MONTHS - 1)
        if first > last:
            first, last = last, first
        first = max(first, _months_before(last, MAX_MONTHS - 1))
        return first, last


def _months_before(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _period(request):
    first, last = StatisticsFilterForm(request.GET).period()
    # The form shows the period actually shown (the default, or the reader's corrected).
    form = StatisticsFilterForm({"start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}"})
    return form, period_statistics(first, last)


def _percent(value) -> str:
    return "" if value is None else f"{value:.1f}"


def _bar_rows(rows, attribute):
    """Rows for a horizontal bar chart: label, value and the bar's length in % of 100."""
    bars = []
    for row in rows:
        value = getattr(row.figures, attribute)
        bars.append({"label": str(row.subject), "value": value, "width": value or 0})
    return bars


@require_GET
@case_pages.page
def statistics(request):
    form, period = _period(request)
    peak = max([figures.received for _month, figures in period.months] + [1])
    months = [
        {
            "month": month,
            "figures": figures,
            "received_width": round(100 * figures.received / peak, 1),
            "resolved_width": round(100 * figures.resolved / peak, 1),
        }
        for month, figures in period.months
    ]
    ranked = period.ranked_departments
    return render(
        request,
        "participation/statistics.html",
        {
            "form": form,
            "period": period,
            "months": months,
            "ranked": ranked,
            "on_time_bars": _bar_rows(ranked, "on_time_rate"),
            "satisfaction_bars": _bar_rows(
                sorted(ranked, key=lambda row: -(row.figures.satisfaction_rate or 0)),
                "satisfaction_rate",
            ),
            "top_categories": period.categories[:TOP],
            "top_grids": period.grids[:TOP],
            "top": TOP,
            "ranking_min": RANKING_MIN_CASES,
            "query": request.GET.urlencode(),
        },
    )


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


@require_GET
def statistics_csv(request):
    _form, period = _period(request)
    name = f"wuzhen-case-statistics-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    # A few hundred rows at most; made now, in the reader's language, not while streaming.
    return csv_response(list(statistics_rows(period)), name)


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


@require_GET
def case_export(request):
    _form, filters = _filters(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(export_rows(filters), f"wuzhen-cases-{stamp}.csv")
