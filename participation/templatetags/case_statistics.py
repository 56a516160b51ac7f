"""Formatting for the public statistics page."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value) -> str:
    """73.5 → "73.5 %"; None (nothing to measure) → "—"."""
    if value is None:
        return "—"
    return f"{number_format(value, 1)} %"


@register.filter
def handling_time(hours) -> str:
    """About the median handling time, in hours below two days, else in days."""
    if hours is None:
        return "—"
    if hours < 48:
        # Rounded here: number_format cuts the decimals off (34.8 would read "34").
        places = 0 if hours >= 10 else 1
        return _("about %(count)s h") % {"count": number_format(round(hours, places), places)}
    return _("about %(count)s days") % {"count": number_format(round(hours / 24, 1), 1)}
