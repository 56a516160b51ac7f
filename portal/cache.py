"""Whole-page caching of busy public pages for anonymous readers.

A page is cached per URL and language for `timeout` seconds, and every cached page of a group is
dropped at once when the group's version is bumped (`invalidate()`, called after a commit that
changes what the pages show). Only plain anonymous GETs are served from the cache: no session, no
pending messages, so nothing personal is ever stored or replayed. Pages cached here must not hold
a CSRF token (the language switcher posts without one; see docs/decisions.md).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language


class PublicPageCache:
    """`depends_on`: other groups whose invalidation also drops this group's pages (e.g. the home
    page shows cases as well as articles)."""

    def __init__(self, name: str, timeout: int = 60, depends_on=()):
        self.name = name
        self.timeout = timeout
        self.version_key = f"page-cache-version:{name}"
        self.depends_on = list(depends_on)

    def _version(self) -> int:
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, 1, None)
            version = cache.get(self.version_key, 1)
        return version

    def invalidate(self) -> None:
        try:
            cache.incr(self.version_key)
        except ValueError:  # never set (or evicted): any new version misses the old entries
            cache.add(self.version_key, 2, None)

    @staticmethod
    def _cacheable(request) -> bool:
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.user.is_authenticated
        )

    def page(self, view):
        """Decorate a view whose anonymous GET response may be shared by every reader."""

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not self._cacheable(request):
                return view(request, *args, **kwargs)
            versions = ".".join(str(group._version()) for group in [self, *self.depends_on])
            raw = f"{versions}|{get_language()}|{request.get_full_path()}"
            key = f"page:{self.name}:{hashlib.sha256(raw.encode()).hexdigest()}"
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), self.timeout)
            return response

        return wrapped


# Published Wagtail pages (articles, sections, standard pages), for anonymous readers; dropped when
# any page is published, unpublished, moved or deleted (signals connected in PortalConfig.ready).
site_pages = PublicPageCache("site", timeout=300)


def invalidate_site_pages(**kwargs) -> None:
    from django.db import transaction

    transaction.on_commit(site_pages.invalidate)
