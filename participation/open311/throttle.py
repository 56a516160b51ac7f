"""Rate limits for the API: each key its own (ApiKey.rate_limit requests a minute), and requests
without a key by client address (settings.PORTAL_OPEN311["anonymous_rate_limit"]). A fixed
one-minute window counted in the cache (Redis in production), so every web process shares it."""

import time

from django.conf import settings
from django.core.cache import cache

from allauth.account.adapter import get_adapter


def allow(request, api_key) -> bool:
    """Count this request; False once its key (or address) is over its limit for the minute."""
    if api_key is not None:
        bucket, limit = f"key:{api_key.pk}", api_key.rate_limit
    else:
        address = get_adapter().get_client_ip(request)
        bucket, limit = f"ip:{address}", settings.PORTAL_OPEN311["anonymous_rate_limit"]
    name = f"open311:rate:{bucket}:{int(time.time() // 60)}"
    cache.add(name, 0, timeout=90)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=90)
        count = 1
    return count <= limit
