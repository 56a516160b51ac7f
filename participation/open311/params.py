"""Query parameters of `GET requests.*`, read as the spec says: an empty parameter is an absent
one, lists are comma-separated, dates are W3C, and a date window spans at most 90 days (the
last 90 days when none is given). Anything unreadable is a 400 naming the parameter, even where
service_request_id overrides it. No parameter of any request, GET or POST, may hold NUL."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors, w3c
from .errors import Open311Error

WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
MAX_PAGE = 100_000
STATUSES = ("open", "closed")


@dataclass
class RequestQuery:
    references: list[str] | None = None
    categories: list | None = None
    statuses: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = MAX_PAGE_SIZE
    extensions: bool = False

    def filters(self) -> dict:
        if self.references is not None:
            return {"references": self.references}
        return {
            "categories": self.categories,
            "statuses": self.statuses,
            "start": self.start,
            "end": self.end,
        }


def refuse_null_characters(*queries) -> None:
    """A 400 for any parameter whose name or value holds NUL: no text field can store it
    (PostgreSQL refuses it outright), so it would otherwise fail deep in a query."""
    prohibit = ProhibitNullCharactersValidator()
    descriptions = []
    for query in queries:
        for name, values in query.lists():
            try:
                for text in [name, *values]:
                    prohibit(text)
            except ValidationError as error:
                descriptions.append(f"{name.replace(chr(0), '')}: {error.messages[0]}")
    if descriptions:
        raise Open311Error(400, *descriptions)


def value(query, name: str) -> str:
    return (query.get(name) or "").strip()


def _list(query, name: str) -> list[str]:
    return [item.strip() for item in value(query, name).split(",") if item.strip()]


def _date(query, name: str) -> datetime | None:
    text = value(query, name)
    if not text:
        return None
    moment = w3c.parse(text)
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date-time, e.g. 2026-11-25T09:30:00+08:00.") % {"name": name},
        )
    return moment


def _positive(query, name: str, default: int, maximum: int) -> int:
    text = value(query, name)
    if not text:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) < 1 or int(text) > maximum:
        raise Open311Error(
            400,
            _("%(name)s must be a whole number from 1 to %(max)s.")
            % {"name": name, "max": maximum},
        )
    return int(text)


def _window(query) -> tuple[datetime, datetime]:
    start, end = _date(query, "start_date"), _date(query, "end_date")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - WINDOW
    if end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date must not be before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may be at most 90 days apart."))
    return start, end


def request_query(query) -> RequestQuery:
    result = RequestQuery(
        page=_positive(query, "page", 1, MAX_PAGE),
        page_size=_positive(query, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE),
        extensions=value(query, "extensions").lower() == "true",
    )
    codes = _list(query, "service_code")
    if codes:
        found = selectors.services_by_code(codes)
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise Open311Error(
                404,
                _("There is no service with the code “%(code)s”.") % {"code": unknown[0]},
            )
        result.categories = list(found.values())
    statuses = [s.lower() for s in _list(query, "status")]
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise Open311Error(400, _("status must be open, closed or both (open,closed)."))
    result.statuses = statuses or None
    result.start, result.end = _window(query)
    # Overrides the filters, as the spec says; they are read (and refused if wrong) all the same.
    result.references = _list(query, "service_request_id") or None
    return result
