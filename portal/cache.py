"""Whole-page caching of busy public pages for anonymous readers.

A page is cached per URL and language for `timeout` seconds, and every cached page of a group is
dropped at once when the group's version is bumped (`invalidate()`, called after a commit that
changes what the pages show). Only plain anonymous GETs are served from the cache: no session, no
pending messages, so nothing personal is ever stored or replayed. Pages cached here must not hold
a CSRF token (the language switcher posts without one; see docs/decisions.md).

Tracking parameters (`TRACKING_PARAMETERS`) are taken off an anonymous reader's URL before the
cache is asked and before the view runs: a shared link tagged `?utm_source=…` or `?fbclid=…` is
served the cached page, and never stores another copy of it.
"""

import hashlib
import time
from collections.abc import Iterable
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.translation import get_language

# Parameters that only say where a reader came from, which no page reads: campaign tags
# (utm_*), click ids of ad and social networks (Google, Microsoft, Meta, Yandex, X, TikTok),
# newsletter ids (Mailchimp), Google Analytics' linker, Alibaba's spm/scm, WeChat's share marks.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        *("gclid", "dclid", "gbraid", "wbraid", "msclkid", "fbclid", "igshid"),
        *("yclid", "ysclid", "twclid", "ttclid", "mc_cid", "mc_eid", "_ga", "_gl"),
        *("spm", "scm", "isappinstalled"),
    }
)
# `from` is WeChat's share mark only with these values: the regulations' version comparison
# reads `from` as a version number, which must stay in the URL.
WECHAT_FROM = frozenset({"singlemessage", "groupmessage", "timeline"})


def _is_tracking(name: str, value: str) -> bool:
    return (
        name in TRACKING_PARAMETERS
        or name.startswith(TRACKING_PREFIXES)
        or (name == "from" and value in WECHAT_FROM)
    )


def strip_tracking_parameters(request) -> None:
    """Take tracking parameters off the request's query (its GET and QUERY_STRING), if any."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _is_tracking(name, value)]
    if len(kept) < len(pairs):
        request.META["QUERY_STRING"] = urlencode(kept)
        request.GET = QueryDict(request.META["QUERY_STRING"], encoding=request.encoding)


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
        return _without_cookies(request) and not request.user.is_authenticated

    def _versions(self) -> dict[str, int]:
        keys = [self.version_key, *(_version_key(name) for name in self.depends_on)]
        return {key: _version(key) for key in keys}

    def page(self, view):
        """Decorate a view whose anonymous GET response may be shared by every reader."""

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not self._cacheable(request):
                return view(request, *args, **kwargs)
            strip_tracking_parameters(request)
            # CachedPageMiddleware has asked the cache already, unless it is not installed.
            hit = None if getattr(request, "page_cache_missed", False) else cached_response(request)
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


def _without_cookies(request) -> bool:
    """A GET with no session and no pending messages: the part of `_cacheable` that is cheap."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    raw = f"{get_language()}|{request.path}?{request.META.get('QUERY_STRING', '')}"
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_response(request) -> HttpResponse | None:
    """The cached page for this request (one `PublicPageCache._cacheable` said yes to), if one
    was stored and none of the groups it depends on has been invalidated since. One cache read
    for the page, one for its groups' versions."""
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
        # Who the user is only matters on a hit: most requests miss, and finding out costs.
        if _without_cookies(request):
            strip_tracking_parameters(request)
            hit = cached_response(request)
            if hit is not None and not request.user.is_authenticated:
                return hit
            request.page_cache_missed = hit is None
        return self.get_response(request)


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
