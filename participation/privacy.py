"""What the public may see of where a case is.

A case of a category that is not public by default (neighbour disputes, hardship requests,
security tips) is hidden until the linkage centre publishes it; once public, its pin is still
shown rounded to about 100 m, so a report does not point at one household. The reporter and staff
always see the exact place. Every public output (the case page, the map data, the CSV export,
Open311) takes its coordinates from `public_point`."""

from decimal import ROUND_HALF_UP, Decimal

from .models import Category

# 0.001° is 111 m north–south and about 96 m east–west at Wuzhen's latitude (30.7° N).
ROUNDED = Decimal("0.001")


def public_point(latitude, longitude, *, rounded: bool) -> tuple[float, float]:
    """The point the public is shown: exact, or rounded to about 100 m."""
    if not rounded:
        return float(latitude), float(longitude)
    return tuple(
        float(Decimal(str(value)).quantize(ROUNDED, rounding=ROUND_HALF_UP))
        for value in (latitude, longitude)
    )


def rounded_category_ids() -> frozenset[int]:
    """The categories whose public pins are rounded (one small query per page or export)."""
    return frozenset(Category.objects.filter(public_by_default=False).values_list("pk", flat=True))


def point_for(case, *, exact: bool) -> tuple[float, float]:
    """A case's point for one reader: `exact` for its reporter and staff."""
    return public_point(
        case.latitude, case.longitude, rounded=not exact and not case.category.public_by_default
    )
