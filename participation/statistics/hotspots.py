"""Hotspots: grid × category pairs reported far more often than usual, kept by a scheduled task.

A pair is a hotspot when its cases of the last 30 days number at least the threshold's minimum
and at least `ratio` times its own monthly average over the six months (6 × 30 days) before those
30 days. Rejected cases (invalid, duplicates, not a governance matter) are not counted; hidden and
private ones are, as the centre sees them. A pair with no cases before is a hotspot as soon as it
reaches the minimum ("new"); its ratio is then its count, as if one case a month were usual.

The roll-up is one GROUP BY (grid, category) with conditional counts over the seven months of
cases, and replaces every `Hotspot` row in one transaction: running it twice in a row writes the
same rows. Pages read the rows, never the case table.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import Case, Hotspot, HotspotRule

RECENT = datetime.timedelta(days=30)
BASELINE_MONTHS = 6
BASELINE = BASELINE_MONTHS * RECENT


def current_rule(*, lock: bool = False) -> HotspotRule:
    """The threshold that applies: the row written last (an unsaved default if there is none).
    By id, not by time: a clock set back must not bring an older threshold back."""
    rules = HotspotRule.objects.order_by("-pk")
    if lock:
        rules = rules.select_for_update()
    return rules.first() or HotspotRule()


def is_hotspot(recent: int, before: int, rule: HotspotRule) -> bool:
    """`recent` cases in 30 days against `before` cases in the six months before, exactly
    (recent ≥ ratio × before / 6, in whole numbers and decimals: no rounding at the edge)."""
    if recent < rule.minimum_cases or recent <= 0:
        return False
    return recent * BASELINE_MONTHS >= Decimal(rule.ratio) * before


def pair_counts(now, *, minimum: int = 1) -> list[dict]:
    """Per grid × category with at least `minimum` recent cases: `recent` (the last 30 days)
    and `before` (the six months before them). One aggregate query."""
    recent_start = now - RECENT
    return list(
        Case.objects.filter(submitted_at__gte=recent_start - BASELINE, submitted_at__lt=now)
        .exclude(status=Case.Status.REJECTED)
        .values("grid_id", "category_id")
        .annotate(
            recent=Count("pk", filter=Q(submitted_at__gte=recent_start)),
            before=Count("pk", filter=Q(submitted_at__lt=recent_start)),
        )
        .filter(recent__gte=max(minimum, 1))
        .order_by()
    )


def hotspots_rollup(now=None) -> int:
    """Recompute every hotspot as of `now` (default: now); returns how many there are."""
    now = now or timezone.now()
    with transaction.atomic():
        # The rule's row lock makes two runs at once take turns (PostgreSQL; SQLite's writes
        # take turns anyway), so neither inserts a pair the other has just inserted.
        rule = current_rule(lock=True)
        hotspots = []
        for row in pair_counts(now, minimum=rule.minimum_cases):
            recent, before = row["recent"], row["before"]
            if not is_hotspot(recent, before, rule):
                continue
            average = before / BASELINE_MONTHS
            hotspots.append(
                Hotspot(
                    grid_id=row["grid_id"],
                    category_id=row["category_id"],
                    recent_cases=recent,
                    monthly_average=round(average, 2),
                    ratio=round(recent / average if average else float(recent), 2),
                    computed_at=now,
                )
            )
        Hotspot.objects.all().delete()
        Hotspot.objects.bulk_create(hotspots)
    return len(hotspots)
