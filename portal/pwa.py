"""The portal as an installable web app: the web app manifest (in the reader's language), the
service worker (at /sw.js, so that it may answer for the whole site) and the page it shows when
there is no connection.

The worker keeps the "shell" only: the offline page in each language and the static files that
page loads, plus the app icons. It never keeps a page someone signed in to see, a case file or
any answer of the portal's views: pages always come from the network, and when the network
fails the offline page is shown instead (portal/templates/portal/service_worker.js). The offline
page is therefore rendered as for an anonymous visitor, whoever asks for it.
"""

import copy
import hashlib
import json
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

THEME_COLOR = "#0b5d4b"  # --brand in static/css/portal.css
BACKGROUND_COLOR = "#ffffff"
ICONS = [
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
]
# The files a page loads (its href and src attributes; those under STATIC_URL are static files).
_STATIC_REFERENCE = re.compile(r'(?:href|src)="(?P<url>[^"?#]+)"')


@require_GET
def manifest(request):
    """The web app manifest in the request's language (the browser's, or the switcher's: the
    page links it with credentials so that the language cookie comes along)."""
    language = translation.get_language()
    data = {
        "id": "/",
        "name": _("Wuzhen Housekeeper"),
        "short_name": pgettext("the app's name under its icon on a phone", "Housekeeper"),
        "description": _(
            "Report local problems, follow them until they are fixed, and take part in how "
            "Wuzhen is run."
        ),
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_GET
def service_worker(request):
    """The service worker, served from the root so that its scope is the whole site. Its cache
    name carries a digest of everything it keeps, so a deploy that changes any of it installs a
    new worker, which replaces the old cache."""
    pages = {code: reverse("offline", args=[code]) for code, _name in settings.LANGUAGES}
    html = {code: _offline_html(request, code) for code in pages}
    files = shell_files(html.values())
    digest = hashlib.sha256()
    for code in sorted(html):
        digest.update(html[code].encode())
    for url in files:
        digest.update(url.encode())
        digest.update(_static_bytes(url))
    config = {
        "version": digest.hexdigest()[:16],
        "offline": pages,
        "defaultLanguage": settings.LANGUAGE_CODE,
        "shell": files,
    }
    source = render_to_string("portal/service_worker.js", {"config": json.dumps(config)})
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request, language):
    """What the app shows when a page cannot be loaded: the same for everyone (see above)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponse(_offline_html(request, language))
    response["Content-Language"] = language
    response["Cache-Control"] = "no-cache"
    return response


def shell_files(pages) -> list[str]:
    """The static files the offline pages load, and the app icons: what the worker keeps."""
    urls = {static(path) for path, _sizes, _purpose in ICONS}
    for html in pages:
        for match in _STATIC_REFERENCE.finditer(html):
            if match["url"].startswith(settings.STATIC_URL):
                urls.add(match["url"])
    return sorted(urls)


def _offline_html(request, language: str) -> str:
    """The offline page as an anonymous visitor gets it at its own address: nothing of the
    person asking (their name, their messages, a CSRF token) is in it."""
    anonymous = copy.copy(request)
    anonymous.user = AnonymousUser()
    anonymous.method = "GET"
    anonymous.GET = QueryDict()
    anonymous.COOKIES = {}
    anonymous.path = anonymous.path_info = reverse("offline", args=[language])
    with translation.override(language):
        anonymous.LANGUAGE_CODE = language
        return render(
            anonymous,
            "portal/offline.html",
            # Pending messages stay for the person's next real page.
            {"messages": ()},
        ).content.decode()


def _static_bytes(url: str) -> bytes:
    name = url[len(settings.STATIC_URL) :]
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:
        return handle.read()
