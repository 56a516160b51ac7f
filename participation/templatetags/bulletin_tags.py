"""Formatting for the situation bulletin's figures snapshot (participation.statistics.bulletins):
names kept in both languages, ISO dates, and each figure's value and change from last month."""

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.models import BilingualName

from .case_statistics import handling_time, percent

register = template.Library()


@register.filter
def localized(names) -> str:
    """{"zh-hans": …, "en": …} → the name in the reader's language."""
    if isinstance(names, dict):
        return BilingualName.localize(names)
    return "" if names is None else str(names)


@register.filter
def as_date(value):
    """An ISO date or date-time from the snapshot, as a date (local time) for `|date`."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is not None and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment or parse_date(value)


@register.filter
def figure_label(key) -> str:
    return {
        "received": _("Cases received"),
        "resolved": _("Cases resolved"),
        "on_time_rate": _("Resolved on time"),
        "satisfaction_rate": _("Satisfied residents"),
        "median_hours": _("Median handling time"),
    }.get(key, key)


@register.filter
def figure_value(value, kind) -> str:
    if kind == "rate":
        return percent(value)
    if kind == "hours":
        return handling_time(value)
    return "—" if value is None else number_format(value)


def _signed(change, places: int) -> str:
    number = number_format(abs(change), places)
    if change > 0:
        return f"+{number}"
    if change < 0:
        return f"−{number}"
    return number


@register.filter
def figure_change(change, kind) -> str:
    """The change from last month: "+12" cases, "−2.5 points" of a rate, "+6.0 h"."""
    if change is None:
        return "—"
    if kind == "rate":
        return _("%(change)s points") % {"change": _signed(change, 1)}
    if kind == "hours":
        return _("%(change)s h") % {"change": _signed(change, 1)}
    return _signed(change, 0)
