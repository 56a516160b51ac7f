"""Whole-page caching of busy public pages for anonymous readers.

A page is cached per URL and language for `timeout` seconds, and every cached page of a group is
dropped at once when the group's version is bumped (`invalidate()`, called after a commit that
changes what the pages show). Only plain anonymous GETs are served from the cache: no session, no
pending messages, so nothing personal is ever stored or replayed. Pages cached here must not hold
a CSRF token (the language switcher posts without one; see docs/decisions.md).
"""

import hashlib
import time
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language


def _version_key(name: str) -> str:
    return f"page-cache-version:{name}"


# A lost version (never set, or evicted by the cache) restarts from the clock, never from a
# number an older page was stored under: such a page could otherwise become valid again.
def _version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key, 0)
    return version


class PublicPageCache:
    """`depends_on`: the names of other groups whose invalidation also drops this group's pages
    (e.g. the home page shows cases as well as articles: ``depends_on=["site", "cases"]``). By
    name, so one app's pages can depend on another app's group without importing that app."""

    def __init__(self, name: str, timeout: int = 60, depends_on: Iterable[str] = ()):
        self.name = name
        self.timeout = timeout
        self.version_key = _version_key(name)
        self.depends_on = list(depends_on)

    def invalidate(self) -> None:
        try:
            cache.incr(self.version_key)
        except ValueError:
            cache.add(self.version_key, time.time_ns(), None)

    @staticmethod
    def _cacheable(request) -> bool:
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.user.is_authenticated
        )

    def _versions(self) -> dict[str, int]:
        keys = [self.version_key, *(_version_key(name) for name in self.depends_on)]
        return {key: _version(key) for key in keys}

    def page(self, view):
        """Decorate a view whose anonymous GET response may be shared by every reader."""

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not self._cacheable(request):
                return view(request, *args, **kwargs)
            hit = cached_response(request)
            if hit is not None:
                return hit
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                entry = (response.content, response["Content-Type"], self._versions())
                cache.set(_key(request), entry, self.timeout)
            return response

        return wrapped


def _key(request) -> str:
    raw = f"{get_language()}|{request.get_full_path()}"
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_response(request) -> HttpResponse | None:
    """The cached page for this request, if one was stored and none of the groups it depends on
    has been invalidated since. One cache read for the page, one for its groups' versions."""
    if not PublicPageCache._cacheable(request):
        return None
    entry = cache.get(_key(request))
    if entry is None:
        return None
    content, content_type, versions = entry
    if cache.get_many(list(versions)) != versions:
        return None
    return HttpResponse(content, content_type=content_type)


class CachedPageMiddleware:
    """Answers anonymous readers from the page cache before URL resolution and Wagtail's page
    routing run: what makes a cached page nearly as cheap as an empty view. Last in MIDDLEWARE,
    so language, session and user are known and every response middleware still applies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return cached_response(request) or self.get_response(request)


# Published Wagtail pages (articles, sections, standard pages), for anonymous readers; dropped when
# any page is published, unpublished, moved or deleted (signals connected in PortalConfig.ready).
site_pages = PublicPageCache("site", timeout=300)


class CachedPageMixin:
    """For Wagtail page types: anonymous readers' GETs are answered from `page_cache`."""

    page_cache = site_pages

    def serve(self, request, *args, **kwargs):
        def view(request):
            return super(CachedPageMixin, self).serve(request, *args, **kwargs)

        return self.page_cache.page(view)(request)


def invalidate_site_pages(**kwargs) -> None:
    from django.db import transaction

    transaction.on_commit(site_pages.invalidate)
