"""Public supervision: the statistics page and its CSV (read from the roll-up, see
`participation.statistics`), and the open-data CSV of public cases (streamed)."""

import datetime
import re

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portal.spreadsheets import csv_response

from ..caching import case_pages
from ..views import _filters
from .exports import export_rows, statistics_rows
from .rollup import (
    RANKING_MIN_CASES,
    current_month,
    period_statistics,
)

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
        "participation/statistics/statistics.html",
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


@require_GET
def statistics_csv(request):
    _form, period = _period(request)
    name = f"wuzhen-case-statistics-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    # A few hundred rows at most; made now, in the reader's language, not while streaming.
    return csv_response(list(statistics_rows(period)), name)


@require_GET
def case_export(request):
    _form, filters = _filters(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(export_rows(filters), f"wuzhen-cases-{stamp}.csv")
