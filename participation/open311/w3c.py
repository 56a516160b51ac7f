"""W3C date-times (https://www.w3.org/TR/NOTE-datetime), the format GeoReport v2 uses for every
date it sends and receives: "2026-11-25T09:30:00+08:00", "2026-11-25T01:30:00Z", or a plain date
("2026-11-25", read as the start of that day in the town's time zone). Years outside 1900–2999
are refused: nothing the portal holds is dated there, and date arithmetic near year 1 or 9999
overflows."""

import re
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone

FIRST_YEAR, LAST_YEAR = 1900, 2999
PATTERN = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6})\d*)?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2}))?$"
)


def parse(text: str) -> datetime | None:
    """An aware datetime, or None if `text` is not a W3C date-time (a time needs its zone)."""
    match = PATTERN.match((text or "").strip())
    if not match:
        return None
    try:
        day = date.fromisoformat(match["date"])
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            return None
        if match["hour"] is None:
            return timezone.make_aware(datetime.combine(day, time()))
        clock = time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int((match["fraction"] or "0").ljust(6, "0")),
        )
        zone = match["zone"]
        if zone == "Z":
            tzinfo = UTC
        else:
            sign = 1 if zone[0] == "+" else -1
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            if hours > 23 or minutes > 59:
                return None
            tzinfo = dt_timezone(sign * timedelta(hours=hours, minutes=minutes))
        return datetime.combine(day, clock, tzinfo=tzinfo)
    except ValueError:
        return None


def as_text(moment: datetime | None) -> str | None:
    """`moment` in the town's time zone, to the second, with its offset."""
    if moment is None:
        return None
    return moment.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")
