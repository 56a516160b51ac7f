"""One JSON line per request, and a request id that follows the work it starts.

Each request gets an id (the proxy's ``X-Request-ID`` when it sends a well-formed one, else a new
one), returned in the response's ``X-Request-ID`` header and set on every log record written while
the request runs. Tasks the request enqueues carry it to the worker (django-q2's `pre_enqueue` and
`pre_execute` signals), so a report's receipt email can be traced back to the report.

The line holds the user's id, never an email address or a phone number, and the path without
its query string (queries may hold search terms or tokens).
"""

import contextlib
import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.functional import empty

logger = logging.getLogger("portal.requests")

_request_id: ContextVar[str] = ContextVar("request_id", default="")
WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
QUIET_PATHS = {"/healthz", "/readyz"}
# Fields of a request line (beyond the standard ones), in the order they are written.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")


def current_request_id() -> str:
    return _request_id.get()


@contextlib.contextmanager
def request_id_set(value: str):
    token = _request_id.set(value or "")
    try:
        yield
    finally:
        _request_id.reset(token)


def _user_id(request):
    """The signed-in user's id if the request already looked them up (never a query of its own:
    a request whose database is down must still be logged)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """First in the stack: times the whole request and writes its line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if WELL_FORMED_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        with request_id_set(request_id):
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path_info not in QUIET_PATHS:
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    },
                )
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (empty outside a request or task)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, request id, and the
    request's fields when it is a request line."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# --- Tasks carry the id of the request that enqueued them ----------------------------------------
def tag_task(sender, task, **kwargs):
    request_id = _request_id.get()
    if request_id:
        task["request_id"] = request_id


def adopt_task_request_id(sender, func, task, **kwargs):
    # A worker process runs one task at a time: the id stays until the next task replaces it.
    _request_id.set(task.get("request_id", ""))
