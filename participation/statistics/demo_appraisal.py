"""Demo data for the department appraisal: the scorecards of every complete month the demo's
cases cover, so /appraisal/ and the leads' trends have figures right after `make run`. Idempotent
(the roll-up replaces a month's scorecards) and date-independent (months follow the cases)."""

from django.db.models import Min
from django.utils import timezone

from ..models import Case
from .appraisal import appraisal_rollup, previous_month
from .rollup import month_range


def seed_appraisal() -> int:
    """Score every complete month from the first resolved case to last month; returns the
    number of months scored."""
    first = Case.objects.aggregate(first=Min("resolved_at"))["first"]
    if first is None:
        return 0
    last = previous_month()
    months = month_range(timezone.localtime(first).date(), last)
    for month in months:
        appraisal_rollup(month=month)
    return len(months)
