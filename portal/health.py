"""Health endpoints for load balancers and orchestrators, and the page shown while a part is down.

- ``/healthz``: the process is alive and answering. Touches nothing else, so a database outage
  never makes the balancer kill healthy web processes.
- ``/readyz``: the parts a request needs are reachable: the database, the cache, the task broker
  and the file storages. 503 names the failing parts, never why (no host names, no messages: they
  are logged here instead), so anonymous callers learn nothing secret.

Both are answered by `HealthCheckMiddleware`, first in the stack: before the host check (a
balancer asks by IP address), the HTTPS redirect, sessions and the page cache.
"""

import logging
import sys
import uuid

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import get_template
from django.views import defaults

logger = logging.getLogger(__name__)

HEALTH_PATHS = {"/healthz", "/readyz"}


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 5)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _broker() -> None:
    from django_q.brokers import get_broker

    if not get_broker().ping():
        raise RuntimeError("the broker did not answer")


def _storage() -> None:
    for alias in ("case_files", "default"):
        storages[alias].exists("readyz-probe")


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}


def readiness() -> dict[str, bool]:
    """Each part's state, True when reachable. Failures are logged with their reason."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Readiness check failed: %s", name)
            states[name] = False
        else:
            states[name] = True
    return states


def healthz(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def readyz(request) -> JsonResponse:
    states = readiness()
    failing = [name for name, ok in states.items() if not ok]
    body = {"status": "unavailable" if failing else "ok", "failing": failing}
    response = JsonResponse(body, status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers the two health paths before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        if request.path_info == "/readyz":
            return readyz(request)
        return self.get_response(request)


# What a request gets when the database (or another part it cannot do without) is unreachable:
# a translated page saying so, status 503 with Retry-After, never a traceback. Rendered without
# the request's context processors, which would touch the database again.
# OperationalError: refused, dropped or timed-out connections (and SQLite's "database is locked"
# past its busy timeout); InterfaceError: a connection closed under the request.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable(retry_after: int = 30) -> HttpResponse:
    response = HttpResponse(get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database that cannot be reached is a 503 (try again soon), not a bug."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return service_unavailable()
    return defaults.server_error(request)
