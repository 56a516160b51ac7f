"""The shared cache (Redis), failing open: while Redis cannot be reached, reads miss and writes
are dropped, so public pages are rendered afresh instead of failing.

What depends on the cache while Redis is down (docs/deployment.md, "Fault drills"):
- the page cache misses: every page is rendered afresh;
- rate limits (allauth's and the portal's own) count nothing, so they allow every request: an
  outage must not lock residents out; one warning a minute says so in the log;
- one-time sign-in codes cannot be checked (they are kept in the cache), so signing in by code
  waits for Redis; passwords still work.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY_SECONDS = 60


class FailOpenRedisCache(RedisCache):
    _warned_at = 0.0

    def _unreachable(self, operation: str) -> None:
        now = time.monotonic()
        if now - FailOpenRedisCache._warned_at >= WARN_EVERY_SECONDS:
            FailOpenRedisCache._warned_at = now
            logger.warning(
                "Cache unreachable (%s): pages are rendered afresh and rate limits allow "
                "every request until it is back.",
                operation,
            )

    def _fail_open(name, fallback):  # noqa: N805 - builds the methods below
        method = getattr(RedisCache, name)

        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                self._unreachable(name)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        wrapper.__name__ = name
        return wrapper

    # True: allauth's rate limiter locks with add() and reads a refused lock as over the limit.
    add = _fail_open("add", True)
    get = _fail_open("get", lambda key, default=None, version=None: default)
    set = _fail_open("set", None)
    touch = _fail_open("touch", False)
    delete = _fail_open("delete", False)
    get_many = _fail_open("get_many", lambda *args, **kwargs: {})
    has_key = _fail_open("has_key", False)
    set_many = _fail_open("set_many", lambda *args, **kwargs: [])
    delete_many = _fail_open("delete_many", None)
    clear = _fail_open("clear", False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            self._unreachable("incr")
            # As for a missing key: callers that count start again from nothing.
            raise ValueError(f"Key '{key}' not found (cache unreachable)") from None

    del _fail_open
